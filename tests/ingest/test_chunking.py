"""Japanese-aware chunking: sentence ends, headings, bullets, sizes, stable ids and provenance."""

from __future__ import annotations

import itertools
import re
import statistics

import pytest

from assistant.ingest.chunking import chunk_document, split_sentences
from assistant.settings import Settings
from assistant.text.normalize import compact, content_offset, has_line_numbers, is_noise, normalize

DOC_002 = "002_b91c70b0932f2c48.txt"

# Sentences of one paragraph; some end in ！ or ？, one is wrapped over two lines.
SENTENCES = [
    "地域公共交通の再構築に向けては、交通事業者だけでなく、住民や商業施設、医療機関など多様な関係者が連携して移動の需要を掘り起こすことが重要である。",
    "本事業はその取組を支援する。",
    "対象は市町村とする！",
    "補助率はどの程度か？",
    "補助率は二分の一以内とし、上限は一件当たり千万円とする。",
    "ただし、特に必要と認める場合には三分の二以内とすることができる。",
    "事業期間は最長三年間とする。",
    "申請は年二回受け付ける。",
    "交付決定前に着手した経費は対象外とする。",
    "実績報告は事業完了後三十日以内に提出する。",
]
PARAGRAPH = (
    SENTENCES[0][:48]
    + "\n"
    + SENTENCES[0][48:]
    + "\n"  # wrapped: the first line has no sentence end
    + SENTENCES[1]
    + SENTENCES[2]
    + SENTENCES[3]
    + "\n"
    + "\n".join(SENTENCES[4:])
    + "\n"
)

HEADINGS = ["【事業の概要】", "■補助率と上限", "1. 目標の設定", "第2節 推進体制"]
SECTION_BODIES = [
    [
        "本事業は地域の公共交通の再構築を支援するものである。",
        "対象は市町村及び交通事業者とする。",
        "事業期間は最長三年間とする！",
        "申請は随時受け付けるのか？",
        "受け付けは年二回とし、春と秋に公募する。",
    ],
    [
        "補助率は対象経費の二分の一以内とする。",
        "上限は一件当たり千万円とする。",
        "特に必要と認める場合は三分の二とする。",
        "交付決定前の経費は対象外とする。",
    ],
    [
        "目標値は令和六年度に設定する。",
        "進捗は毎年度公表する。",
        "中間評価を三年目に実施する。",
        "評価結果は次期計画に反映する。",
    ],
    [
        "推進体制は協議会を中心とする。",
        "協議会には住民代表が参加する。",
        "事務局は県の振興局に置く。",
        "年に二回以上開催する。",
    ],
]
SECTIONED = "".join(h + "\n" + "\n".join(body) + "\n\n" for h, body in zip(HEADINGS, SECTION_BODIES, strict=True))


def _runs_of_sentences(chunk_text: str, sentences: list[str]) -> bool:
    """Whether ``chunk_text`` is exactly a contiguous run of whole sentences."""
    target = compact(chunk_text)
    cs = [compact(s) for s in sentences]
    for i in range(len(cs)):
        for j in range(i + 1, len(cs) + 1):
            if "".join(cs[i:j]) == target:
                return True
    return False


# -- sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "max_size"), [(50, 80), (60, 100), (90, 120), (150, 200)])
def test_chunks_are_whole_sentences(jp_docs, size: int, max_size: int) -> None:
    doc = jp_docs(PARAGRAPH)
    chunks = chunk_document(doc, size=size, max_size=max_size, overlap=0)
    assert len(chunks) > 1
    for c in chunks:
        assert _runs_of_sentences(c.text, SENTENCES), f"chunk cuts a sentence: {c.text!r}"
        assert c.text == doc.text[c.char_start : c.char_end]
    # Together, without overlap, the chunks hold every sentence once, in order.
    assert compact("".join(c.text for c in chunks)) == compact("".join(SENTENCES))


def test_over_long_sentence_is_cut_at_max(jp_docs) -> None:
    long_sentence = "、".join(f"第{n}の地域においては住民と事業者が協力して交通を維持する" for n in range(1, 10)) + "。"
    assert len(long_sentence) > 250
    doc = jp_docs("短い文である。\n" + long_sentence + "\n最後の文である。\n")
    chunks = chunk_document(doc, size=60, max_size=100, overlap=0)
    assert all(len(compact(c.search_text)) <= 100 for c in chunks)
    pieces = [c for c in chunks if compact(c.text) not in ("短い文である。", "最後の文である。")]
    assert len(pieces) >= 3  # the long sentence alone is cut…
    assert compact("".join(c.text for c in pieces)).endswith(compact(long_sentence))  # …without losing text


def test_split_sentences_keeps_a_quoted_name_whole() -> None:
    sentences = split_sentences("「国土を考える！若手意見交換会(仮称)」について説明する。次の文。\n")
    assert [s.clean for s in sentences] == ["「国土を考える!若手意見交換会(仮称)」について説明する。", "次の文。"]


def test_split_sentences_joins_wrapped_lines() -> None:
    text = (
        "地域の実情を踏まえて広域化を推進しつつ、平時の効率性と災害時の迅速な\n"
        "復旧の観点も考慮し、分散型システムを活用する。次の文である。\n"
    )
    sentences = split_sentences(text, first_line=10)
    assert [s.clean for s in sentences] == [
        "地域の実情を踏まえて広域化を推進しつつ、平時の効率性と災害時の迅速な復旧の観点も考慮し、分散型システムを活用する。",
        "次の文である。",
    ]
    first = sentences[0]
    assert (first.line_start, first.line_end) == (10, 11)
    assert (sentences[1].line_start, sentences[1].line_end) == (11, 11)
    assert text[first.start : first.end].replace("\n", "") == sentences[0].clean


def test_split_sentences_on_numbered_pdf_lines() -> None:
    text = "22 踏まえて、広域化を推進しつつ、平時の効率性と災害時の迅速な復旧の観点も考\n23 慮し、分散型システムを必要に応じて活用することが考えられる。\n"
    (sentence,) = split_sentences(text, numbered=True)
    assert (
        sentence.clean
        == "踏まえて、広域化を推進しつつ、平時の効率性と災害時の迅速な復旧の観点も考慮し、分散型システムを必要に応じて活用することが考えられる。"
    )


def test_bullets_and_table_rows_start_units() -> None:
    intro = "本事業では次の取組を支援するものとし、その内容は以下のとおりとなっている"
    # Control: an ordinary line after an unterminated long line continues its sentence.
    assert len(split_sentences(intro + "\n協議会を立ち上げる。\n")) == 1
    text = intro + "\n- 協議会の立上げ\n・計画の策定\n(1) 調査事業を行う\n項目\t基準値\t目標値\n就職率\t80%\t90%\n"
    assert [s.clean for s in split_sentences(text)] == [
        intro,
        "- 協議会の立上げ",
        "・計画の策定",
        "(1) 調査事業を行う",
        "項目 | 基準値 | 目標値",
        "就職率 | 80% | 90%",
    ]
    # A table row directly after the unterminated line is not glued to it either.
    assert [s.clean for s in split_sentences(intro + "\n項目\t基準値\t目標値\n")] == [intro, "項目 | 基準値 | 目標値"]


# -- headings --------------------------------------------------------------------------------


def test_headings_set_for_chunks_below_them(jp_docs) -> None:
    doc = jp_docs(SECTIONED)
    chunks = chunk_document(doc, size=50, max_size=80, overlap=0)
    heading_lines = {i + 1: normalize(ln) for i, ln in enumerate(doc.lines) if ln in HEADINGS}
    assert len(heading_lines) == 4
    for c in chunks:
        above = [n for n in heading_lines if n <= c.line_start]
        assert above, c
        assert c.heading == heading_lines[max(above)], (c.line_start, c.heading)
    assert {c.heading for c in chunks} == {"【事業の概要】", "■補助率と上限", "1. 目標の設定", "第2節推進体制"}
    # Chunks that start below a heading (not on it) carry it too.
    by_text = {compact(s.clean): c.heading for c in chunks for s in split_sentences(c.text)}
    assert by_text[compact("受け付けは年二回とし、春と秋に公募する。")] == "【事業の概要】"
    assert by_text[compact("交付決定前の経費は対象外とする。")] == "■補助率と上限"
    assert by_text[compact("評価結果は次期計画に反映する。")] == "1. 目標の設定"
    assert by_text[compact("年に二回以上開催する。")] == "第2節推進体制"


def test_heading_starts_a_new_chunk(jp_docs) -> None:
    doc = jp_docs(SECTIONED)
    chunks = chunk_document(doc, size=150, max_size=300, overlap=40)
    # Each section is longer than 30% of the size, so every heading opens a chunk.
    starts = {doc.lines[c.line_start - 1] for c in chunks}
    assert set(HEADINGS) <= starts
    assert [c.heading for c in chunks] == ["【事業の概要】", "■補助率と上限", "1. 目標の設定", "第2節推進体制"]


def test_no_heading_gives_empty_heading(jp_docs) -> None:
    chunks = chunk_document(jp_docs(PARAGRAPH), size=60, max_size=100, overlap=0)
    assert {c.heading for c in chunks} == {""}


# -- KPI labels and value lines --------------------------------------------------------------

FILLER = [
    "地域の若者が管内の企業に就職できるよう、高校と企業の連携を進めている。",
    "企業説明会を年に三回開催し、多くの生徒が参加した。",
    "今後は保護者向けの説明会も開催し、地元就職への理解を深めていく。",
    "また、インターンシップの受入企業を増やすため、商工会議所と協力する。",
]
KPI_LABEL = "○新規高卒者管内企業就職率"


@pytest.mark.parametrize(
    "value", ["20,120人 (R5) → 29,720人 (R11)", "52.0％ (R5) → 63.9％ (R11)"], ids=["count", "decimal-percent"]
)
@pytest.mark.parametrize("n_filler", [1, 2, 4])
@pytest.mark.parametrize("sizes", [(400, 600, 80), (50, 100, 0)], ids=["default-sizes", "smallest-allowed-size"])
def test_kpi_label_stays_with_value_below(jp_docs, value: str, n_filler: int, sizes: tuple[int, int, int]) -> None:
    size, max_size, overlap = sizes
    assert Settings(chunk_size=size, chunk_max=max_size, chunk_overlap=overlap)  # sizes a user may configure
    text = "\n".join(FILLER[:n_filler]) + f"\n{KPI_LABEL}\n{value}\n今後も連携を続ける。\n"
    chunks = chunk_document(jp_docs(text), size=size, max_size=max_size, overlap=overlap)
    value_clean = normalize(value)
    for c in chunks:
        if KPI_LABEL in c.search_text:
            assert value_clean in c.search_text, f"label separated from its value: {[x.search_text for x in chunks]}"


@pytest.mark.parametrize("value", ["20,120人 (R5) → 29,720人 (R11)", "52.0％ (R5) → 63.9％ (R11)", "16.5万人"])
def test_value_line_is_not_a_heading(jp_docs, value: str) -> None:
    text = "【主なKPI】\n" + KPI_LABEL + "\n\n" + value + "\n\n" + "\n".join(FILLER * 3) + "\n"
    chunks = chunk_document(jp_docs(text), size=60, max_size=100, overlap=0)
    assert len(chunks) > 2
    assert {c.heading for c in chunks} == {"【主なKPI】"}, [c.heading for c in chunks]


# -- sizes and overlap -----------------------------------------------------------------------


def _long_doc(jp_docs):
    lines = [f"第{n}の取組として、地域の拠点に診療所や商店などの生活機能を集約し、交通網で結ぶ。" for n in range(1, 41)]
    return jp_docs("\n".join(lines) + "\n")


@pytest.mark.parametrize(("size", "max_size"), [(100, 150), (200, 300), (400, 600)])
def test_size_and_max_respected(jp_docs, size: int, max_size: int) -> None:
    doc = _long_doc(jp_docs)
    chunks = chunk_document(doc, size=size, max_size=max_size, overlap=0)
    lengths = [len(compact(c.search_text)) for c in chunks]
    assert max(lengths) <= max_size
    assert all(n >= size * 0.5 for n in lengths[:-1])  # only the last chunk may be short
    assert all(n <= size for n in lengths)  # sentences of ~40 characters never force a chunk past size


def test_bigger_size_fewer_chunks(jp_docs) -> None:
    doc = _long_doc(jp_docs)
    counts = [len(chunk_document(doc, size=s, max_size=s * 3 // 2, overlap=0)) for s in (100, 200, 400)]
    assert counts[0] > counts[1] > counts[2]


def test_no_overlap_chunks_are_disjoint_and_cover_everything(jp_docs) -> None:
    doc = _long_doc(jp_docs)
    chunks = chunk_document(doc, size=150, max_size=200, overlap=0)
    for a, b in itertools.pairwise(chunks):
        assert a.char_end <= b.char_start
    assert compact("".join(c.text for c in chunks)) == compact(doc.text)


@pytest.mark.parametrize("overlap", [50, 90])
def test_overlap_carries_trailing_sentences(jp_docs, overlap: int) -> None:
    doc = _long_doc(jp_docs)  # sentences of 39-41 characters
    chunks = chunk_document(doc, size=150, max_size=200, overlap=overlap)
    shared = []
    for a, b in itertools.pairwise(chunks):
        assert b.char_start > a.char_start  # always moves forward
        assert b.char_start < a.char_end  # consecutive chunks overlap
        shared.append(len(compact(doc.text[b.char_start : a.char_end])))
    assert all(0 < n <= overlap for n in shared)
    assert all(len(compact(c.search_text)) <= 200 for c in chunks)


def test_heading_is_never_carried_as_overlap(jp_docs) -> None:
    doc = jp_docs(SECTIONED)
    chunks = chunk_document(doc, size=50, max_size=80, overlap=40)
    for a, b in itertools.pairwise(chunks):
        if doc.lines[b.line_start - 1] in HEADINGS:
            assert b.char_start >= a.char_end  # a chunk opening on a heading carries nothing back


# -- ids -------------------------------------------------------------------------------------


def test_chunk_ids_are_stable(jp_docs) -> None:
    doc = jp_docs(SECTIONED)
    first = chunk_document(doc, size=50, max_size=80, overlap=0)
    again = chunk_document(jp_docs(SECTIONED), size=50, max_size=80, overlap=0)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert first == again
    assert len({c.chunk_id for c in first}) == len(first)

    edited = jp_docs(SECTIONED.replace("年に二回以上開催する。", "年に三回以上開催する。"))
    changed = chunk_document(edited, size=50, max_size=80, overlap=0)
    assert len(changed) == len(first)
    assert [c.chunk_id for c in changed[:-1]] == [c.chunk_id for c in first[:-1]]  # untouched chunks keep ids
    assert changed[-1].chunk_id != first[-1].chunk_id

    other_doc = chunk_document(jp_docs(SECTIONED, doc_id="other.txt"), size=50, max_size=80, overlap=0)
    assert not {c.chunk_id for c in other_doc} & {c.chunk_id for c in first}


# -- the real corpus -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_chunks(real_corpus):
    s = Settings()
    return {d.doc_id: (d, chunk_document(d, s.chunk_size, s.chunk_max, s.chunk_overlap)) for d in real_corpus.documents}


def test_real_chunks_verbatim_in_their_lines(real_chunks, real_doc_ids) -> None:
    assert sorted(real_chunks) == sorted(real_doc_ids)
    for doc_id, (doc, chunks) in real_chunks.items():
        lines = doc.lines
        assert chunks, doc_id
        for c in chunks:
            assert c.doc == doc_id and c.title == doc.title
            assert 1 <= c.line_start <= c.line_end <= len(lines)
            span = re.sub(r"\s+", "", "\n".join(lines[c.line_start - 1 : c.line_end]))
            assert re.sub(r"\s+", "", c.text) in span, (doc_id, c.line_start, c.line_end)
            assert c.text == doc.text[c.char_start : c.char_end]
            # The line numbers are those of the first and last characters of the slice.
            assert doc.text.count("\n", 0, c.char_start) + 1 == c.line_start
            assert doc.text.count("\n", 0, c.char_end) + 1 == c.line_end
            assert c.text == c.text.strip()


def test_real_chunk_ids_unique(real_chunks) -> None:
    ids = [c.chunk_id for _, chunks in real_chunks.values() for c in chunks]
    assert len(ids) == len(set(ids))


def test_real_every_content_line_is_in_a_chunk(real_chunks) -> None:
    for doc_id, (doc, chunks) in real_chunks.items():
        covered = {n for c in chunks for n in range(c.line_start, c.line_end + 1)}
        numbered = has_line_numbers(doc.lines)
        missing = [
            i + 1
            for i, ln in enumerate(doc.lines)
            if (clean := normalize(ln[content_offset(ln, numbered) :])) and not is_noise(clean) and i + 1 not in covered
        ]
        assert missing == [], (doc_id, missing[:10])


def test_real_002_line_numbers_not_in_search_text(real_chunks) -> None:
    doc, chunks = real_chunks[DOC_002]
    searchable = [compact(c.search_text) for c in chunks]
    assert any(compact("分散型システムを必要に応じて活用することが考えられる。") in s for s in searchable)
    assert any(
        compact("平時の効率性と災害時の迅速な復旧の観点も考慮し、分散型システムを必要に応じて活用する") in s
        for s in searchable
    )
    # No wrapped sentence keeps the number of the line it wrapped onto ("…考 23 慮し…").
    joins = []
    for a, b in zip(doc.lines, doc.lines[1:], strict=False):
        m = re.match(r"^(\d{1,4}) (\S)", b)
        prev = re.match(r"^\d{1,4} (.*\S)$", a)
        if m and prev and not re.search(r"[。！？」）0-9]$", prev.group(1)):
            joins.append(compact(prev.group(1)[-3:] + m.group(1) + b[m.end(1) + 1 :][:3]))
    assert len(joins) > 200
    leaked = [j for j in joins if any(j in s for s in searchable)]
    assert leaked == []


def test_real_chunk_sizes(real_chunks) -> None:
    s = Settings()
    sizes = [len(c.search_text) for _, chunks in real_chunks.values() for c in chunks]
    counts = {doc_id: len(chunks) for doc_id, (_, chunks) in real_chunks.items()}
    median = statistics.median(sizes)
    print(f"\nreal corpus: {len(sizes)} chunks {counts}; chars min {min(sizes)} median {median} max {max(sizes)}")
    assert 300 <= len(sizes) <= 1500
    assert all(n >= 20 for n in counts.values())
    assert 150 <= median <= 450
    assert max(len(compact(c.search_text)) for _, chunks in real_chunks.values() for c in chunks) <= s.chunk_max
    assert min(sizes) >= 20
