"""What `assistant serve`'s supervisor and the extractive answer path leave unimported, and that it still loads when used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; it prints a JSON object, returned here."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_supervisor_imports_leave_the_app_unloaded() -> None:
    """The modules the multi-worker supervisor imports (at import and in `serve_cmd` / `_check_index` at run time)
    pull in neither FastAPI, LangChain, the record extractors nor the search indexes."""
    got = _modules_after(
        "import json, sys\n"
        "import assistant.cli.serve\n"
        "from assistant.api import protocol, spread, workers\n"
        "from assistant.records.models import RECORDS_VERSION\n"
        "import assistant.records\n"
        "import uvicorn, uvicorn.config\n"
        "import assistant.logs, assistant.threads\n"
        "import assistant.backends.local.published, assistant.indexing.freshness\n"
        "print(json.dumps({m: m in sys.modules for m in "
        "('assistant.api.app', 'fastapi', 'langchain_core', 'assistant.service', 'assistant.records.kpi', "
        "'assistant.records.programme', 'bm25s', 'faiss')}))"
    )
    assert got == dict.fromkeys(got, False)


def test_lazy_names_still_load_when_first_used() -> None:
    """`assistant.api.create_app` and `assistant.records.extract_kpis` / `extract_programmes` import on first use."""
    got = _modules_after(
        "import json, sys\n"
        "from assistant.api import create_app\n"
        "from assistant.api.app import create_app as direct\n"
        "from assistant.records import extract_kpis, extract_programmes, extract_records\n"
        "from assistant.records.kpi import extract_kpis as k\n"
        "from assistant.records.programme import extract_programmes as p\n"
        "kpis, programmes = extract_records('d.txt', ['○観光の振興 【2030年度までに観光入込客数を年間300万人とすることを目指す】'])\n"
        "print(json.dumps({'app': create_app is direct, 'kpi': extract_kpis is k, 'programme': extract_programmes is p,"
        " 'indicators': [r.indicator for r in kpis], 'programmes': len(programmes)}))"
    )
    # A goal stated in a target bracket is read through the lazily imported extractor.
    assert got == {"app": True, "kpi": True, "programme": True, "indicators": ["観光入込客数"], "programmes": 0}


def test_unknown_lazy_names_raise_attribute_error() -> None:
    """A name neither package has is still an AttributeError, not an import of something else."""
    import pytest

    import assistant.api
    import assistant.records

    with pytest.raises(AttributeError):
        assistant.api.no_such_name  # noqa: B018
    with pytest.raises(AttributeError):
        assistant.records.no_such_name  # noqa: B018


def test_extractive_pipeline_leaves_chat_prompt_unimported() -> None:
    """An extractive chain is built without LangChain's prompts, parsers and retrievers; the chat prompt builds on use."""
    got = _modules_after(
        "import json, sys\n"
        "from unittest.mock import MagicMock\n"
        "from assistant.answer.pipeline import build_answer_chain, chat_prompt, SYSTEM_PROMPT\n"
        "build_answer_chain(MagicMock())\n"
        "before = {m: m in sys.modules for m in ('langchain_core.prompts', 'jinja2', 'langchain_core.retrievers')}\n"
        "prompt = chat_prompt()\n"
        "print(json.dumps({'before': before, 'system': prompt.messages[0].prompt.template == SYSTEM_PROMPT,"
        " 'cached': chat_prompt() is prompt}))"
    )
    assert got["before"] == dict.fromkeys(got["before"], False)
    assert got["system"] and got["cached"]
