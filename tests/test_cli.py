"""The command line through click's CliRunner: docs, ingest, help texts, missing-index errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import assistant.cli as cli_module
from assistant.cli import cli

cli_module._register()

SUBCOMMANDS = [
    ["docs"],
    ["ingest"],
    ["index"],
    ["index", "build"],
    ["index", "status"],
    ["search"],
    ["ask"],
    ["feedback"],
]
SJIS_TEXT = (
    "■二地域居住の促進\n二地域居住者向けの住宅やコワーキングスペースの整備を支援する。\n補助率は1/2以内とする。\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mixed_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_sjis.txt").write_bytes(SJIS_TEXT.encode("cp932"))
    (corpus / "b_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    (corpus / "manifest.json").write_text(
        json.dumps(
            {"documents": [{"file": "a_sjis.txt", "title": "二地域居住の手引き", "date": "2024-04"}]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return corpus


def test_docs_lists_the_five_documents(runner: CliRunner, real_corpus_dir: Path, real_corpus) -> None:
    result = runner.invoke(cli, ["docs", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    for line, doc in zip(lines, real_corpus.documents, strict=True):
        assert line.startswith(doc.doc_id)
        assert doc.title in line
        assert int(line.split()[1]) > 10 and "chunks" in line
    assert "skipped" not in result.output


def test_docs_json(runner: CliRunner, real_corpus_dir: Path, real_doc_ids) -> None:
    result = runner.invoke(cli, ["docs", "--json", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["doc"] for d in data["documents"]] == list(real_doc_ids)
    assert data["problems"] == []
    for d in data["documents"]:
        assert d["title"] and not d["title_inferred"]
        assert d["chunks"] > 10
        assert d["encoding"] == "utf-8"
        assert d["line_numbers"] == (d["doc"] == "002_b91c70b0932f2c48.txt")
    by_doc = {d["doc"]: d for d in data["documents"]}
    assert (
        by_doc["004_49aeb67bc23e3385.txt"]["title"] == "道央広域連携地域政策展開方針の推進状況（R6）について（資料2）"
    )


def test_ingest_reports_provenance_ok(runner: CliRunner, real_corpus_dir: Path) -> None:
    result = runner.invoke(cli, ["ingest", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "provenance (chunk text verbatim at its lines): ok" in result.stdout
    assert "FAILED" not in result.stdout
    assert result.stdout.count("utf-8") == 5

    data = json.loads(runner.invoke(cli, ["ingest", "--json", "--corpus", str(real_corpus_dir)]).stdout)
    assert data["provenance_failures"] == 0
    assert data["chunks"] == sum(d["chunks"] for d in data["documents"])
    s = data["chunk_chars"]
    assert s["min"] <= s["p10"] <= s["median"] <= s["p90"] <= s["max"] <= 600


def test_docs_on_mixed_corpus(runner: CliRunner, mixed_corpus: Path) -> None:
    result = runner.invoke(cli, ["docs", "--corpus", str(mixed_corpus)])
    assert result.exit_code == 0, result.output
    assert "a_sjis.txt" in result.stdout and "二地域居住の手引き" in result.stdout and "2024-04" in result.stdout
    assert "b_image.txt" not in result.stdout  # not listed as a document…
    assert "skipped b_image.txt: binary file" in result.stderr  # …but reported

    data = json.loads(runner.invoke(cli, ["docs", "--json", "--corpus", str(mixed_corpus)]).stdout)
    (doc,) = data["documents"]
    assert (doc["doc"], doc["encoding"], doc["chunks"]) == ("a_sjis.txt", "cp932", 1)
    assert [p["path"] for p in data["problems"]] == ["b_image.txt"]


def test_ingest_on_mixed_corpus(runner: CliRunner, mixed_corpus: Path) -> None:
    result = runner.invoke(cli, ["ingest", "--corpus", str(mixed_corpus)])
    assert result.exit_code == 0, result.output
    assert "cp932" in result.stdout
    assert "provenance (chunk text verbatim at its lines): ok" in result.stdout
    assert "skipped b_image.txt" in result.stdout


def test_docs_title_inferred_without_manifest(runner: CliRunner, mixed_corpus: Path) -> None:
    (mixed_corpus / "manifest.json").unlink()
    data = json.loads(runner.invoke(cli, ["docs", "--json", "--corpus", str(mixed_corpus)]).stdout)
    (doc,) = data["documents"]
    assert doc["title"] == "■二地域居住の促進"
    assert doc["title_inferred"] is True


def test_top_level_help_lists_subcommands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("docs", "ingest", "index", "search", "ask"):
        assert name in result.stdout


@pytest.mark.parametrize("args", SUBCOMMANDS, ids=[" ".join(a) for a in SUBCOMMANDS])
def test_subcommand_help(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")
    assert " ".join(args) in result.stdout.splitlines()[0]
    short = runner.invoke(cli, [*args, "-h"])
    assert short.exit_code == 0 and short.stdout == result.stdout


@pytest.mark.parametrize(
    "args", [["search", "補助率"], ["ask", "補助率は？"], ["search", "補助率", "--json"], ["index", "status"]]
)
def test_missing_index_exits_2_with_build_hint(runner: CliRunner, tmp_path: Path, real_corpus_dir: Path, args) -> None:
    missing = tmp_path / "no-index"
    result = runner.invoke(cli, [*args, "--corpus", str(real_corpus_dir), "--index", str(missing)])
    assert result.exit_code == 2, result.output
    assert "assistant index build" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not missing.exists()  # a failed lookup creates nothing


def test_missing_index_with_empty_index_folder(runner: CliRunner, tmp_path: Path, real_corpus_dir: Path) -> None:
    empty = tmp_path / "index"
    (empty / "builds").mkdir(parents=True)
    result = runner.invoke(cli, ["search", "補助率", "--corpus", str(real_corpus_dir), "--index", str(empty)])
    assert result.exit_code == 2
    assert "assistant index build" in result.stderr


def test_search_rejects_bad_options(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["search", "補助率", "--retriever", "magic", "--index", str(tmp_path)])
    assert result.exit_code == 2
    assert "magic" in result.output
    result = runner.invoke(cli, ["search", "補助率", "-k", "0", "--index", str(tmp_path)])
    assert result.exit_code == 2


def test_docs_on_copied_corpus_matches_real(runner: CliRunner, tmp_path: Path, real_corpus_dir: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(real_corpus_dir, copy)
    real = json.loads(runner.invoke(cli, ["docs", "--json", "--corpus", str(real_corpus_dir)]).stdout)
    copied = json.loads(runner.invoke(cli, ["docs", "--json", "--corpus", str(copy)]).stdout)
    assert copied == real
