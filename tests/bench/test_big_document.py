"""The big-document section: a generated document of distinct lines, built cold, with its own figures."""

from __future__ import annotations

import pytest

from assistant.bench.big_document import distinct_lines, run_big_document
from assistant.bench.targets import evaluate_targets


def test_generated_lines_are_distinct_and_reach_the_size(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("補助率は2分の1。\n\n上限は500万円。\n", encoding="utf-8")
    text = distinct_lines(tmp_path, 5_000)
    lines = text.splitlines()
    assert len(text.encode("utf-8")) >= 5_000
    assert len(set(lines)) == len(lines)  # nothing the build's token cache could share
    assert lines[0].startswith("1 補助率は2分の1。") and lines[1].startswith("2 上限は500万円。")


def test_the_target_reads_wall_time_and_peak_memory() -> None:
    def verdict(section):
        return next(t for t in evaluate_targets({"big_document": section}) if t["id"] == "big_document_build")

    ok = verdict({"wall_s": 123.0, "cpu_s": 127.3, "peak_rss_mb": 1880.0, "document_bytes": 20 * 2**20})
    assert ok["met"] is True and "peak 1880.0 MB" in ok["value"]
    assert verdict({"wall_s": 181.0, "cpu_s": 200.0, "peak_rss_mb": 1000.0})["met"] is False
    assert verdict({"wall_s": 100.0, "cpu_s": 100.0, "peak_rss_mb": 2100.0})["met"] is False
    assert verdict({"skipped": "--quick"})["met"] is None


@pytest.mark.slow
def test_a_small_big_document_builds_in_a_fresh_process(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "001_plan.txt").write_text(
        "■評価指標\n移住相談件数 基準値 574件(R2) 目標値 687件(R6)\n補助率は2分の1以内、上限は500万円とする。\n" * 20,
        encoding="utf-8",
    )
    work = tmp_path / "work"
    work.mkdir()
    got = run_big_document(corpus, work, size_bytes=200_000)
    assert got["document_bytes"] >= 200_000 and got["chunks"] > 100
    assert got["wall_s"] > 0 and got["cpu_s"] > 0 and got["peak_rss_mb"] > 50
    assert not got["problems"]  # admitted past the size limit, not skipped
    assert not (work / "big_index").exists()
