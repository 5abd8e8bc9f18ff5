"""Validate every evaluation set under evals/ against the corpus.

Each line of each ``evals/*.jsonl`` file must be a JSON object with exactly the
fields id, doc, question, answer, evidence, type, style.  Evidence must be a
verbatim passage of ``doc`` and the gold answer must be found in the evidence
(or, failing that, in the document), comparing after NFKC normalisation and
removal of all whitespace.

The corpus directory is ``<repo>/corpus``; set ``ASSISTANT_CORPUS_DIR`` to
point the test at another copy (e.g. before the corpus has been copied in).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVALS_DIR = ROOT / "evals"
CORPUS_DIR = Path(os.environ.get("ASSISTANT_CORPUS_DIR") or (ROOT / "corpus"))

FIELDS = {"id", "doc", "question", "answer", "evidence", "type", "style"}
TYPES = {"programme", "kpi", "eligibility", "budget", "definition", "fact", "policy"}
STYLES = {"paraphrase", "keyword", "lookup", "unanswerable"}

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFKC-normalise and drop all whitespace."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def _load():
    """Return (items, errors): items as (set name, line number, raw line)."""
    items = []
    for path in sorted(EVALS_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                items.append((path.name, lineno, line))
    return items


ITEMS = _load()


def _item_id(entry) -> str:
    name, lineno, line = entry
    try:
        obj = json.loads(line)
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            return f"{name}:{obj['id']}"
    except json.JSONDecodeError:
        pass
    return f"{name}:line{lineno}"


@cache
def _doc_text(doc: str) -> str | None:
    path = CORPUS_DIR / doc
    if not path.is_file():
        return None
    return norm(path.read_text(encoding="utf-8"))


def test_eval_sets_found():
    assert EVALS_DIR.is_dir(), f"missing {EVALS_DIR}"
    assert list(EVALS_DIR.glob("*.jsonl")), f"no *.jsonl under {EVALS_DIR}"
    assert ITEMS, "evaluation sets are empty"


def test_ids_unique_across_sets():
    seen: dict[str, str] = {}
    dupes = []
    for name, lineno, line in ITEMS:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue  # reported by test_item
        if not isinstance(obj, dict) or "id" not in obj:
            continue
        key = obj["id"]
        where = f"{name}:{lineno}"
        if key in seen:
            dupes.append(f"{key} ({seen[key]} and {where})")
        else:
            seen[key] = where
    assert not dupes, "duplicate ids: " + ", ".join(dupes)


@pytest.mark.parametrize("entry", ITEMS, ids=[_item_id(e) for e in ITEMS])
def test_item(entry):
    _name, _lineno, line = entry
    obj = json.loads(line)
    assert isinstance(obj, dict), "line is not a JSON object"
    assert set(obj) == FIELDS, f"fields {sorted(obj)} != {sorted(FIELDS)}"

    for key in ("id", "doc", "question"):
        assert isinstance(obj[key], str) and obj[key].strip(), f"{key} must be a non-empty string"
    assert obj["type"] in TYPES, f"bad type {obj['type']!r}"
    assert obj["style"] in STYLES, f"bad style {obj['style']!r}"

    unanswerable = obj["style"] == "unanswerable"
    assert unanswerable == (obj["answer"] is None), "style unanswerable <=> answer is null"
    assert unanswerable == (obj["evidence"] is None), "style unanswerable <=> evidence is null"

    text = _doc_text(obj["doc"])
    assert text is not None, f"document {obj['doc']} not found in {CORPUS_DIR}"

    if unanswerable:
        return

    answer, evidence = obj["answer"], obj["evidence"]
    assert isinstance(answer, str) and norm(answer), "answer must be a non-empty string"
    assert isinstance(evidence, str) and norm(evidence), "evidence must be a non-empty string"

    n_evidence = norm(evidence)
    assert n_evidence in text, f"evidence not found in {obj['doc']}: {evidence[:60]!r}"

    n_answer = norm(answer)
    assert n_answer in n_evidence or n_answer in text, (
        f"answer {answer!r} found neither in the evidence nor in {obj['doc']}"
    )
