"""Corpus loading: encoding detection, manifest metadata, bad files reported and skipped."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.ingest.loader import UnreadableFile, decode, first_heading, load_corpus, load_document
from assistant.types import split_lines

TEXT = (
    "地域生活圏の形成に向けた取組について\n"
    "\n"
    "国土交通省では、小さな拠点の形成を推進している。\n"
    "補助率は２／３以内、上限は1,000万円とする。\n"
    "令和6年度から関係人口の創出・拡大を支援する。\n"
)

PNG_LIKE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(
    range(256)
)
UNDECODABLE = bytes([0xFD, 0xFE, 0xFF]) * 100  # no NULs, not valid in any Japanese encoding


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _manifest(folder: Path, entries: list[dict]) -> None:
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")


# -- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("cp932"), "cp932"),
        (TEXT.encode("shift_jis"), "cp932"),
        (TEXT.encode("euc_jp"), "euc_jp"),
    ],
    ids=["utf-8", "utf-8-bom", "cp932", "shift_jis", "euc-jp"],
)
def test_encodings_are_detected_and_decoded_exactly(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = _write(tmp_path, "doc.txt", raw)
    doc = load_document(path)
    assert doc.encoding == expected
    assert doc.text == TEXT  # BOM stripped, every character decoded correctly
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()  # hash of the raw bytes, not of the text
    assert doc.lines[2] == "国土交通省では、小さな拠点の形成を推進している。"


def test_cp932_specific_characters_decode(tmp_path: Path) -> None:
    # ① and ㈱ exist in CP932 (Windows) but not in plain Shift_JIS.
    text = "①補助対象：㈱地域交通\n②補助率：1/2以内\n"
    doc = load_document(_write(tmp_path, "win.txt", text.encode("cp932")))
    assert (doc.encoding, doc.text) == ("cp932", text)


def test_short_euc_jp_file_is_not_mistaken_for_cp932(tmp_path: Path) -> None:
    # A two-line EUC-JP file of the kind found in slide extractions (a chart title and its caption).
    text = "地域別・産業別\n産業別GDPの推移\n"
    doc = load_document(_write(tmp_path, "short_euc.txt", text.encode("euc_jp")))
    assert doc.text == text, f"decoded as {doc.encoding}: {doc.text!r}"
    assert doc.encoding == "euc_jp"


def test_decode_rejects_empty_binary_and_undecodable() -> None:
    with pytest.raises(UnreadableFile, match="empty"):
        decode(b"  \n\t\n")
    with pytest.raises(UnreadableFile, match="binary"):
        decode(PNG_LIKE)
    with pytest.raises(UnreadableFile, match="undecodable"):
        decode(UNDECODABLE)


# -- manifest and titles ---------------------------------------------------------------------


def test_manifest_metadata_attached_and_missing_document_titled_by_first_heading(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", TEXT.encode("utf-8"))
    _write(tmp_path, "b.txt", "\n\n# 二地域居住の促進について\n本文である。\n".encode("cp932"))
    _manifest(
        tmp_path,
        [
            {
                "file": "a.txt",
                "title": "小さな拠点の取組",
                "publisher": "国土交通省",
                "date": "2024-05",
                "kind": "slides",
            }
        ],
    )
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []
    assert [d.doc_id for d in corpus.documents] == ["a.txt", "b.txt"]  # manifest.json is not a document

    a = corpus.get("a.txt")
    assert a is not None
    assert (a.title, a.publisher, a.date, a.kind, a.title_inferred) == (
        "小さな拠点の取組",
        "国土交通省",
        "2024-05",
        "slides",
        False,
    )

    b = corpus.get("b.txt")
    assert b is not None
    assert b.title == "二地域居住の促進について"  # first non-empty line, Markdown '#' removed
    assert b.title_inferred is True
    assert (b.publisher, b.date, b.kind) == (None, None, None)
    assert b.encoding == "cp932"


def test_no_manifest_every_title_inferred(tmp_path: Path) -> None:
    _write(tmp_path, "x.txt", TEXT.encode("utf-8"))
    corpus = load_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.title == "地域生活圏の形成に向けた取組について"
    assert doc.title_inferred


def test_first_heading_skips_pdf_line_numbers() -> None:
    assert first_heading("\n1\t目次\t\n2\tはじめに\t4\n") == "目次"
    assert first_heading("   \n\n") == "(無題)"


# -- bad files -------------------------------------------------------------------------------


def test_bad_files_reported_by_name_and_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "01_good.txt", TEXT.encode("utf-8"))
    _write(tmp_path, "02_empty.txt", b"")
    _write(tmp_path, "03_image.txt", PNG_LIKE)
    _write(tmp_path, "04_garbage.txt", UNDECODABLE)
    _write(tmp_path, "05_sjis.txt", TEXT.encode("cp932"))
    _write(tmp_path, "06_euc.txt", TEXT.encode("euc_jp"))
    corpus = load_corpus(tmp_path)

    assert [d.doc_id for d in corpus.documents] == ["01_good.txt", "05_sjis.txt", "06_euc.txt"]
    assert all(d.text == TEXT for d in corpus.documents)
    reasons = {p.path: p.reason for p in corpus.problems}
    assert set(reasons) == {"02_empty.txt", "03_image.txt", "04_garbage.txt"}
    assert "empty" in reasons["02_empty.txt"]
    assert "binary" in reasons["03_image.txt"]
    assert "undecodable" in reasons["04_garbage.txt"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(tmp_path: Path, encoding: str) -> None:
    """UTF-16 is full of NUL bytes: with its byte order mark it is text, not "binary"."""
    raw = TEXT.encode(encoding)
    if encoding.endswith(("-le", "-be")):  # these codecs write no mark: put one as Windows editors do
        raw = "\ufeff".encode(encoding) + raw
    _write(tmp_path, "u.txt", raw)
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []
    (doc,) = corpus.documents
    assert doc.text == TEXT and doc.encoding in ("utf-16", "utf-32")
    assert doc.title == "地域生活圏の形成に向けた取組について"


def test_utf16_mark_on_garbage_is_reported() -> None:
    with pytest.raises(UnreadableFile, match="UTF-16"):
        decode(b"\xff\xfe" + PNG_LIKE[:101])


def test_files_over_the_size_limit_are_reported_by_name_and_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "01_small.txt", TEXT.encode("utf-8"))
    _write(tmp_path, "02_huge.txt", (TEXT * 200).encode("utf-8"))
    limit = len(TEXT.encode("utf-8")) * 10
    corpus = load_corpus(tmp_path, max_bytes=limit)
    assert [d.doc_id for d in corpus.documents] == ["01_small.txt"]
    (problem,) = corpus.problems
    assert problem.path == "02_huge.txt"
    assert f"over the limit of {limit:,} bytes" in problem.reason and "ASSISTANT_MAX_FILE_BYTES" in problem.reason
    assert len(load_corpus(tmp_path).documents) == 2  # no limit: both


def test_hidden_files_and_manifest_are_not_documents(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", TEXT.encode("utf-8"))
    _write(tmp_path, ".hidden.txt", PNG_LIKE)
    _manifest(tmp_path, [])
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["a.txt"]
    assert corpus.problems == []


# -- the real corpus -------------------------------------------------------------------------


def test_real_corpus_loads_all_five_with_manifest_titles(real_corpus_dir: Path, real_doc_ids: tuple[str, ...]) -> None:
    corpus = load_corpus(real_corpus_dir)
    assert corpus.problems == []
    assert [d.doc_id for d in corpus.documents] == list(real_doc_ids)
    manifest = {
        e["file"]: e for e in json.loads((real_corpus_dir / "manifest.json").read_text(encoding="utf-8"))["documents"]
    }
    for doc in corpus.documents:
        entry = manifest[doc.doc_id]
        assert doc.title == entry["title"]
        assert doc.publisher == entry["publisher"]
        assert doc.date == entry["date"]
        assert doc.kind == entry["kind"]
        assert doc.title_inferred is False
        assert doc.encoding == "utf-8"
        raw = (real_corpus_dir / doc.doc_id).read_bytes()
        assert doc.sha256 == hashlib.sha256(raw).hexdigest()
        assert doc.text == raw.decode("utf-8-sig")  # the original text is never altered


def _encodable(line: str, encoding: str) -> bool:
    try:
        line.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_real_document_reencoded_loads_identically(tmp_path: Path, real_corpus_dir: Path, encoding: str) -> None:
    # The real files hold a few characters outside the legacy sets (㏊, ✓); keep the lines that fit.
    name = "004_49aeb67bc23e3385.txt"
    lines = (real_corpus_dir / name).read_text(encoding="utf-8").split("\n")[:400]
    text = "\n".join(ln for ln in lines if _encodable(ln, encoding)) + "\n"
    assert len(text) > 5000
    shutil.copy(real_corpus_dir / "manifest.json", tmp_path / "manifest.json")
    (tmp_path / name).write_bytes(text.encode(encoding))
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []
    (doc,) = corpus.documents
    assert doc.encoding == encoding
    assert doc.text == text
    assert doc.title == "道央広域連携地域政策展開方針の推進状況（R6）について（資料2）"


# -- line counting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "一行目\n二行目\n",  # trailing newline
        "一行目\n二行目",  # no trailing newline
        "一行目\r\n二行目\r\n",  # CRLF
        "一行目\r\n二行目",  # CRLF, no trailing newline
        "一行目\n\n\n三\n",  # blank lines count
        "改ページ\f後\n最後\n",  # a form feed is not a line break
        "\n",
    ],
    ids=["lf", "lf-no-final", "crlf", "crlf-no-final", "blanks", "formfeed", "only-newline"],
)
def test_split_lines_counts_as_sed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(text.encode("utf-8"))
    lines = split_lines(text)
    count = subprocess.run(["sed", "-n", "$=", str(path)], capture_output=True, check=True).stdout.decode().strip()
    assert len(lines) == int(count)
    for n, line in enumerate(lines, start=1):
        out = subprocess.run(["sed", "-n", f"{n}p", str(path)], capture_output=True, check=True).stdout.decode("utf-8")
        assert line == out.removesuffix("\n").removesuffix("\r")


def test_split_lines_explicit() -> None:
    assert split_lines("a\nb\n") == ["a", "b"]
    assert split_lines("a\nb") == ["a", "b"]
    assert split_lines("a\r\nb\r\n") == ["a", "b"]
    assert split_lines("a\n\n") == ["a", ""]
    assert split_lines("a\fb") == ["a\fb"]


def test_real_document_lines_match_sed(real_corpus, real_corpus_dir: Path) -> None:
    for doc in real_corpus.documents:
        count = subprocess.run(
            ["sed", "-n", "$=", str(real_corpus_dir / doc.doc_id)], capture_output=True, check=True
        ).stdout.decode()
        assert len(doc.lines) == int(count), doc.doc_id
    doc = real_corpus.get("001_66b98a4b6793b39c.txt")
    assert doc.lines[71 - 1] == "国十交诵省"  # `sed -n 71p` of the file
