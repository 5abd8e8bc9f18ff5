"""``assistant add`` / ``remove``: corpus, manifest and an index refresh that reuses what did not change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import sample_files as sf

from assistant.backends.local.published import current_build, read_manifest
from assistant.errors import UnknownDocument
from assistant.indexing.build import build_index
from assistant.indexing.library import add_documents, remove_documents
from assistant.service import Assistant
from assistant.settings import Settings

pytestmark = pytest.mark.slow

DOCS = ("001_66b98a4b6793b39c.txt", "004_49aeb67bc23e3385.txt")


@pytest.fixture(scope="module")
def base(tmp_path_factory, real_corpus_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("library")
    (root / "corpus").mkdir()
    for name in (*DOCS, "manifest.json"):
        shutil.copy2(real_corpus_dir / name, root / "corpus" / name)
    build_index(Settings(corpus_dir=root / "corpus", index_dir=root / "index", adapt_epochs=1), progress=False)
    return root


@pytest.fixture
def settings(base: Path, tmp_path: Path) -> Settings:
    root = shutil.copytree(base, tmp_path / "site", symlinks=True)
    return Settings(corpus_dir=root / "corpus", index_dir=root / "index", adapt_epochs=1, chat_model=None)


def _vectors(build: Path) -> dict[str, np.ndarray]:
    ids = [json.loads(line)["chunk_id"] for line in (build / "chunks.jsonl").open(encoding="utf-8")]
    return dict(zip(ids, np.load(build / "embeddings.npy"), strict=True))


def test_add_refreshes_only_the_new_document(settings: Settings, tmp_path: Path) -> None:
    before = current_build(settings.index_dir)
    old = _vectors(before)
    (before / "confidence.json").write_text('{"weights": {}}', encoding="utf-8")  # as `assistant calibrate` leaves it
    slides = sf.slides_pdf(tmp_path / "slides.pdf")
    report = add_documents(settings, [slides.path])
    assert report.added == ["slides.pdf"] and not report.problems
    assert (settings.corpus_dir / "slides.pdf").read_bytes() == slides.path.read_bytes()
    entry = next(
        e
        for e in json.loads((settings.corpus_dir / "manifest.json").read_text())["documents"]
        if e["file"] == "slides.pdf"
    )
    assert (entry["title"], entry["publisher"], entry["format"]) == (
        "小さな拠点・関係人口に関する取組について",
        "国土交通省国土政策局",
        "pdf",
    )
    build = current_build(settings.index_dir)
    assert report.build is not None and report.build.build_dir == build != before
    manifest = read_manifest(build)
    assert manifest["changed"] == ["slides.pdf"]
    assert manifest["refresh"] == {"requested": True, "reused_documents": 2, "model_kept": True}
    assert manifest["model"]["documents_since_adaptation"] == ["slides.pdf"]
    # The answer-confidence model is carried over, so the new build's answers stay checked.
    assert (build / "confidence.json").read_text(encoding="utf-8") == '{"weights": {}}'
    # Unchanged chunks keep their vectors; only the new document's chunks were embedded.
    new = _vectors(build)
    assert set(old) < set(new)
    assert all(np.array_equal(new[k], old[k]) for k in old)
    engine = Assistant.load(settings)
    hit = engine.search("関係人口の創出・拡大", 5, docs=["slides.pdf"])[0]
    assert hit.chunk.doc == "slides.pdf" and hit.chunk.page == 2
    assert engine.document("slides.pdf")["format"] == "pdf"


def test_adding_again_is_a_no_op_and_bad_files_are_refused(settings: Settings, tmp_path: Path) -> None:
    slides = sf.slides_pdf(tmp_path / "slides.pdf")
    add_documents(settings, [slides.path])
    build = current_build(settings.index_dir)
    bad = sf.encrypted_pdf(tmp_path / "locked.pdf")
    report = add_documents(settings, [slides.path, bad, sf.zip_as_docx(tmp_path / "x.docx")])
    assert report.unchanged == ["slides.pdf"] and report.build is None
    assert {p.path: p.reason.split(" (")[0] for p in report.problems} == {
        "locked.pdf": "encrypted PDF",
        "x.docx": "not a Word document",
    }
    assert not (settings.corpus_dir / "locked.pdf").exists() and current_build(settings.index_dir) == build


def test_remove_takes_the_document_out(settings: Settings, tmp_path: Path) -> None:
    add_documents(settings, [sf.report_docx(tmp_path / "report.docx").path])
    with pytest.raises(UnknownDocument):
        remove_documents(settings, ["nothing.pdf"])
    report = remove_documents(settings, ["report.docx", DOCS[0]])
    assert report.removed == ["report.docx", DOCS[0]]
    assert not (settings.corpus_dir / "report.docx").exists()
    files = [e["file"] for e in json.loads((settings.corpus_dir / "manifest.json").read_text())["documents"]]
    assert "report.docx" not in files and DOCS[0] not in files
    engine = Assistant.load(settings)
    assert engine.doc_ids() == [DOCS[1]]
    assert read_manifest(current_build(settings.index_dir))["refresh"]["reused_documents"] == 1
