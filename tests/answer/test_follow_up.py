"""Follow-ups decided with corpus evidence: `conversation.resolve_turn` with a `Cooccurs`, and `CorpusCooccurrence`.

Every example is invented (towns, programmes and KPIs that are not in the corpus).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer.conversation import resolve_turn
from assistant.answer.follow_up import CorpusCooccurrence, share
from assistant.answer.turn_words import elliptical, strip_field
from assistant.types import Chunk, Hit

from .chat_turns import apart, assistant, together, user

KPI_OPENING = "あおば町の空き家バンク登録件数の基準値は？"
PROGRAMME_OPENING = "みどり市の商店街改修支援事業、補助率はいくら？"


def test_field_switch_on_a_kpi_carries_the_kpi_without_the_field_asked_before() -> None:
    history = [user(KPI_OPENING), assistant("あおば町の空き家バンク登録件数の基準値は120件(R2)です [1]")]
    r = resolve_turn("目標値は？", history, apart)
    assert not r.stands_alone
    assert r.query == "あおば町の空き家バンク登録件数 目標値は？"


def test_field_switch_on_a_programme_carries_the_programme() -> None:
    history = [user(PROGRAMME_OPENING), assistant("みどり市の商店街改修支援事業: 補助率1/2以内 [1]")]
    assert resolve_turn("上限は？", history, apart).query == "みどり市の商店街改修支援事業 上限は？"


def test_a_standalone_question_after_a_follow_up_resets_the_subject() -> None:
    history = [user(KPI_OPENING), assistant("…"), user("目標値は？"), assistant("…")]
    question = "ひばり村の地域おこし協力隊の任期は何年ですか？"
    r = resolve_turn(question, history, apart)
    assert r.stands_alone and r.query == question


def test_a_topic_switch_without_a_marker_word_stands_alone_when_the_documents_keep_them_apart() -> None:
    history = [user("みどり市の図書館の開館時間は？"), assistant("9時から19時です [1]。")]
    question = "ひばり村移住体験住宅の利用料はいくら？"
    assert resolve_turn(question, history, apart).query == question
    # The same words discussed beside the subject make it a follow-up instead.
    assert resolve_turn(question, history, together).query.endswith(question)
    assert not resolve_turn(question, history, together).stands_alone


def test_a_turn_naming_nothing_of_its_own_is_a_follow_up_whatever_the_evidence() -> None:
    history = [user("ひばり村移住体験住宅の利用料はいくら？"), assistant("1泊2,000円です [1]。")]
    r = resolve_turn("申し込みはいつまで？", history, apart)
    assert not r.stands_alone
    assert r.query.startswith("ひばり村移住体験住宅")


def test_a_sibling_item_borrows_the_field() -> None:
    history = [user("あおば町のプラチナ会員の年会費は何円？"), assistant("12万円/年です [1]。")]
    r = resolve_turn("スタンダード会員は？", history, together)
    # The turn is asked with the field it borrows (an amount), so it is answered as one.
    assert r.query == "あおば町のプラチナ会員の年会費 スタンダード会員の年会費は？"
    assert r.question == "スタンダード会員の年会費は？"


def test_a_detail_the_subject_passages_lack_keeps_the_whole_subject() -> None:
    history = [user("あおば町の小型無人機配送実証の好事例はどこ？"), assistant("…")]
    r = resolve_turn("担当は？", history, apart)
    assert r.query == "あおば町の小型無人機配送実証の好事例 担当は？"


def test_a_drill_down_keeps_what_the_last_follow_up_narrowed_to() -> None:
    history = [
        user("ひばり村で古民家再生を進める団体の名称は？"),
        assistant("ひばり再生会です [1]。"),
        user("その団体が改修した建物は？"),
        assistant("旧役場庁舎を改修 [1]"),
    ]
    r = resolve_turn("費用はいくらかかった？", history, apart)
    assert "団体が改修した建物" in r.query and r.query.endswith("費用はいくらかかった？")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("スタンダード会員は？", True),
        ("単身世帯だと？", True),
        ("参加した店舗は何店？", False),
        ("いつ始まった？", False),
    ],
)
def test_elliptical(question: str, expected: bool) -> None:
    assert elliptical(question) is expected


@pytest.mark.parametrize(
    ("subject", "entity"),
    [
        ("みどり市の商店街改修支援事業の補助率", "みどり市の商店街改修支援事業"),
        ("あおば町の空き家バンク登録件数の目標値", "あおば町の空き家バンク登録件数"),
        ("ひばり村の改修支援、上限", "ひばり村の改修支援"),
        ("補助率", "補助率"),  # nothing but a field: kept
        # The clause the turn before asked with is not the thing: a predicate, fields only, a bare attribute.
        ("みどり市の移住フェア、案内したの", "みどり市の移住フェア"),
        ("あおば町の交流人口って県内で", "あおば町の交流人口"),
        ("ひばり村で古民家再生に取り組んでる団体、設立", "ひばり村で古民家再生に取り組んでる団体"),
        ("あおば町の農業体験ツアー、開催時間", "あおば町の農業体験ツアー"),
        # A qualifier picking out a row (a number, a particle) and a second name are kept.
        ("ひばり村の移住支援事業、2次募集で", "ひばり村の移住支援事業、2次募集で"),
        ("みどり市の主な予算で、空き店舗活用支援事業の当初", "みどり市の主な予算で、空き店舗活用支援事業の当初"),
        # The って of a verb going on (「担ってる」「使っていた」) describes the thing: no clause ends there.
        ("ひばり村で公民館の運営を担ってるNPO", "ひばり村で公民館の運営を担ってるNPO"),
        ("あおば町が使っていた予約システム", "あおば町が使っていた予約システム"),
        ("みどり町で集会所の管理を担ってきたNPO", "みどり町で集会所の管理を担ってきたNPO"),
        ("ひばり村が作っていく移住計画", "ひばり村が作っていく移住計画"),
        ("あおば町が移住者に使ってもらう仕組み", "あおば町が移住者に使ってもらう仕組み"),
        # A topic って still ends the thing, whatever word the clause after it begins with (「たくさん」「ない」), and
        # a body's name the tokeniser misreads as a verb (「自治会って」 as 自治 + 会って) too.
        ("あおば町の関係人口ってたくさんいる", "あおば町の関係人口"),
        ("みどり市の移住相談窓口ってない", "みどり市の移住相談窓口"),
        ("ひばり村の自治会っている", "ひばり村の自治会"),
    ],
)
def test_strip_field(subject: str, entity: str) -> None:
    assert strip_field(subject) == entity


# -- CorpusCooccurrence over an in-memory retriever ---------------------------------------------------


def _chunk(i: int, text: str) -> Chunk:
    return Chunk(f"c{i}", "doc.txt", "資料", "", i, i, text, text)


class _Retriever:
    """Returns every passage holding any of the query's words (enough for the co-occurrence check)."""

    def __init__(self, texts: Sequence[str]):
        self.chunks = [_chunk(i, t) for i, t in enumerate(texts)]

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        words = [w for w in query.split() if w]
        found = [c for c in self.chunks if any(w in c.search_text for w in words)] or self.chunks
        return [Hit(c, 1.0, rank=n) for n, c in enumerate(found[:k], start=1)]


PASSAGES = [
    "あおば町の会員制度では、プレミアム会員の年会費は12万円、スタンダード会員の年会費は6万円とする。",
    "ひばり村の移住体験住宅は1泊2,000円で利用できる。",
]


def test_corpus_evidence_finds_words_discussed_together() -> None:
    cooccurs = CorpusCooccurrence(_Retriever(PASSAGES), idf={})
    assert cooccurs("スタンダード 会員", "あおば町 会員制度 年会費")


def test_corpus_evidence_keeps_apart_what_no_passage_joins() -> None:
    cooccurs = CorpusCooccurrence(_Retriever(PASSAGES), idf={})
    assert not cooccurs("移住 体験 住宅", "あおば町 会員制度 年会費")


# -- near misses: what a follow-up asks must be where its value is ------------------------------------


def test_a_follow_up_value_without_the_asked_detail_is_refused() -> None:
    from assistant.answer.confidence import Evidence
    from assistant.answer.conversation import Subject
    from assistant.answer.follow_up import asked_detail_near_value

    subject = Subject("ひばり村の移住体験ツアー")
    idf = {"参加": 2.0, "費": 1.0, "定員": 3.0, "名": 1.0}
    given = Evidence(has_value=True, key="20名", sentence="ひばり村の移住体験ツアーは定員20名で開催した。")
    assert not asked_detail_near_value("参加費はいくら？", subject, given, idf)
    assert asked_detail_near_value("定員は何名？", subject, given, idf)
    # A turn naming nothing of its own is not checked.
    assert asked_detail_near_value("いくらだった？", subject, given, idf)


def test_a_named_event_is_checked_on_its_passage_and_the_row_must_name_the_detail() -> None:
    """A drill-down naming an event: the row of figures under the event's line answers if it names the detail."""
    from assistant.answer.confidence import Evidence
    from assistant.answer.conversation import Subject
    from assistant.answer.follow_up import asked_detail_near_value

    subject = Subject("あおば町の移住促進プロジェクトの推進体制")
    idf = {"農業": 2.0, "体験": 2.0, "バス": 3.0, "ツアー": 3.0, "中学": 4.0, "保護者": 4.0}
    row = Evidence(has_value=True, key="計4校", sentence="参加中学:東中、西中、南中、北中 計4校")
    assert asked_detail_near_value("そこで開いた稲刈り体験会、参加した中学は何校？", subject, row, idf)
    # The detail asked must still be in the row: 保護者 is not.
    assert not asked_detail_near_value("そこで開いた稲刈り体験会、保護者は何人？", subject, row, idf)


def test_a_period_asked_is_satisfied_by_a_span_of_years_and_modal_nouns_are_not_asked() -> None:
    from assistant.answer.confidence import Evidence
    from assistant.answer.conversation import Subject
    from assistant.answer.follow_up import asked_detail_near_value

    subject = Subject("ひばり村の空き家再生プロジェクト")
    idf = {"期間": 4.0, "改修": 3.0, "想定": 4.0, "予算": 3.0}
    given = Evidence(has_value=True, key="今後2~4年程度", sentence="今後2~4年程度で空き家の改修を進める。")
    # 「期間」 is what the value is, 「想定」 how the turn asks: 改修 is the detail, and the sentence holds it.
    assert asked_detail_near_value("どのくらいの期間で改修する想定？", subject, given, idf)
    assert not asked_detail_near_value("どのくらいの期間で予算を使う想定？", subject, given, idf)


@pytest.mark.parametrize(
    "question",
    ["このまま出生が減り続けたら？", "それぞれの町の人口は？", "これまでの参加者数は？", "その他の支援策は？"],
)
def test_words_that_point_at_nothing_said_before_are_no_pointers(question: str) -> None:
    from assistant.answer.turn_words import points_back

    assert not points_back(question)


def test_a_full_question_shaped_like_a_bare_topic_stands_alone_when_it_names_a_thing() -> None:
    """「…事業の補助率は？」 has the shape of 「シルバーは？」 but names its own programme at full length."""
    history = [user("みどり市の図書館の開館時間は？"), assistant("9時から19時です [1]。")]
    question = "ひばり村古民家改修補助事業の補助率は？"
    assert resolve_turn(question, history, apart).stands_alone
    # A short bare topic borrows the conversation's predicate whatever the evidence.
    assert not resolve_turn("年間の利用回数は？", history, apart).stands_alone


def test_a_four_character_name_can_open_a_new_subject() -> None:
    history = [user("みどり市の図書館の開館時間は？"), assistant("9時から19時です [1]。")]
    assert resolve_turn("移住支援金とはどういう制度を指す？", history, apart).stands_alone


def test_sentences_naming_the_asked_detail_come_first() -> None:
    from assistant.answer.extract import Candidate
    from assistant.answer.follow_up import holding_first
    from assistant.ingest.chunking import Sentence

    def cand(text: str, score: float) -> Candidate:
        sentence = Sentence(1, 1, 0, len(text), text)
        hit = Hit(_chunk(0, text), score, rank=1)
        return Candidate(hit, sentence, score, 0.5, 0.5, None, 0.5, 0.5, True, True, 1, 1, text)

    said_before = cand("あおば町の観光協会は宿泊施設「みどり荘」を運営している。", 0.9)
    detail = cand("みどり荘では地元の食材を使った朝食を提供している。", 0.6)
    ordered = holding_first([said_before, detail], ["朝食", "食材"], {"朝食": 4.0, "食材": 3.0})
    assert ordered == [detail, said_before]
    # Nothing names the detail: the order is kept.
    assert holding_first([said_before, detail], ["駐車場"], {"駐車場": 4.0}) == [said_before, detail]


def test_a_compound_cut_differently_in_the_passage_still_counts_as_written() -> None:
    """MeCab may cut 「交通結節点」 交通/結/節点 in a turn and 交通/結節/点 in a passage: the text decides."""
    weights = {"交通": 2.0, "結": 5.0, "節点": 5.0}
    passage_tokens = {"交通", "結節", "点", "地点"}
    assert share(weights, passage_tokens) < 0.5
    assert share(weights, passage_tokens, "全国約2,000地区及び交通結節点約460地点") >= 0.5
    assert share(weights, passage_tokens, "全国約2,000地区") < 0.5  # one-character pieces never match as text


def test_a_place_or_name_follow_up_answered_by_a_bare_passage_is_a_near_miss() -> None:
    """「それってどこ？」 after a count: the subject's passage states no place, so quoting it answers nothing."""
    from assistant.answer.confidence import Evidence
    from assistant.answer.conversation import Subject
    from assistant.answer.follow_up import passage_for_a_named_detail
    from assistant.question.kinds import analyze

    subject = Subject("ひばり村のモデル地区")
    idf = {"出資": 4.0, "会社": 2.0}
    bare = Evidence(sentence="ひばり村は、まず3地区でモデル事業を始める。")
    quoted = "ひばり村は、まず3地区でモデル事業を始める。 [1]"
    assert passage_for_a_named_detail("それってどこ？", analyze("それってどこ？"), subject, bare, quoted, idf)
    # The passage labels a place: not a near miss, though the sentence chosen was another.
    labelled = quoted + " 場所:ひばり村公民館"
    assert not passage_for_a_named_detail("会場は？", analyze("会場は？"), subject, bare, labelled, idf)
    # The turn names something of its own that the passage holds: the passage answers in its words.
    held = "地元企業3社の出資により設立した会社。 [1]"
    q = "どこが出資したの？"
    assert not passage_for_a_named_detail(q, analyze(q), subject, bare, held, idf)
    # A place cut from the passage is an answer.
    keyed = Evidence(key="ひばり村", sentence=quoted)
    assert not passage_for_a_named_detail("それってどこ？", analyze("それってどこ？"), subject, keyed, quoted, idf)


def test_a_follow_up_with_no_admissible_sentence_is_judged_by_its_own_words() -> None:
    """The carried subject's words can keep every sentence of a drill-down's row below the bounds: the turn retries."""
    from types import SimpleNamespace

    from assistant.answer.answerer import Answerer
    from assistant.answer.policy import AbstainPolicy
    from assistant.question.kinds import analyze

    scored: list[str] = []
    answerer = object.__new__(Answerer)
    answerer.scorer = SimpleNamespace(candidates=lambda q, *a: scored.append(q) or [], idf={})
    answerer._pick = lambda *a: None
    answerer._abstain = lambda q, *a: SimpleNamespace(question=q, abstained=True)
    answerer.policy = AbstainPolicy()  # with the focus fallback: each text is still ranked once
    intent = analyze("参加費はいくら？")
    query, turn = "ひばり村の農業体験ツアー 参加費はいくら？", "参加費はいくら？"
    answer, _ = answerer._extractive(query, intent, [], asked=turn)
    assert scored == [query, turn] and answer.abstained and answer.question == turn
    scored.clear()
    answerer._extractive(turn, intent, [])  # a turn that stands alone is scored once
    assert scored == [turn]


def test_a_carried_turn_naming_a_thing_of_its_own_opens_a_subject() -> None:
    from assistant.answer.conversation import Resolution, Subject
    from assistant.answer.follow_up import opens_a_subject

    carried = Resolution("q", False, Subject("ひばり商工会の賛助会員の年会費額"))
    assert opens_a_subject("やまびこ協議会の会員企業数は？", carried)  # another body, named at length
    assert not opens_a_subject("前年度の執行額は？", carried)  # a field and a year: a near miss of the subject
    assert not opens_a_subject("その会員企業数は？", carried)  # points back
    assert not opens_a_subject("やまびこ協議会は？", Resolution("q", True, None))  # already asked alone


def _cited(text: str):
    from assistant.types import Citation

    return [Citation(1, "c1", "900_fake.txt", "架空の町の計画", None, text, text[:20], 1, 2, 1, 2)]


#: IDF of the subject's nouns as the tokeniser writes them (ひばり is read ヒバリ); 会, 日, 町 and 開催 are left to
#: the default weight (the largest given), which the shares below are computed with.
_IDF = {"ヒバリ": 5.0, "移住": 3.0, "フェア": 4.0, "成果": 2.0, "報告": 2.0, "シンポジウム": 4.0}


def test_the_subject_words_are_weighted_as_the_tokeniser_writes_them() -> None:
    from assistant.answer.conversation import Subject
    from assistant.answer.follow_up import _weights

    weights = _weights(Subject("ひばり町移住フェアの成果報告会の開催日").words(), _IDF)
    assert weights["ヒバリ"] == 5.0 and weights["成果"] == 2.0
    assert weights["開催"] == 5.0  # not in the table: the largest weight given


def test_a_turn_asked_alone_is_taken_only_from_passages_about_the_subject() -> None:
    """「同じ日のシンポジウムには何人？」 after a meeting's date: the symposium's passage must name the meeting too."""
    from assistant.answer.conversation import Subject
    from assistant.answer.follow_up import about_the_subject

    subject = Subject("ひばり町移住フェアの成果報告会の開催日")
    same_day = "ひばり町移住フェアの成果報告会と同じ日にシンポジウムを開き、120人が参加した。"
    elsewhere = "あおば市の産業振興シンポジウムには120人が参加した。"
    assert about_the_subject(_cited(same_day), subject, _IDF)
    assert not about_the_subject(_cited(elsewhere), subject, _IDF)  # another subject's passage: a near miss
    assert not about_the_subject([], subject, _IDF)  # nothing cited
    assert not about_the_subject(_cited(same_day), None, _IDF)
    # Most of the subject by weight is enough: the meeting named without its date (開催日) still counts.
    assert about_the_subject(_cited("ひばり町移住フェア成果報告会: 参加120人"), subject, _IDF)
    assert not about_the_subject(_cited("移住フェア: 参加120人"), subject, _IDF)  # the town's fair: not named


def test_the_turn_alone_is_answered_again_only_when_one_of_its_passages_holds_the_subject() -> None:
    from assistant.answer.conversation import Subject
    from assistant.answer.follow_up import any_about_the_subject
    from assistant.types import Chunk, Hit

    def hit(text: str, rank: int) -> Hit:
        return Hit(Chunk(f"c{rank}", "900_fake.txt", "架空の町の計画", "", 1, 2, text, text), 1.0 / rank, rank)

    subject = Subject("ひばり町移住フェアの成果報告会の開催日")
    idf = _IDF
    other = hit("あおば市の産業振興シンポジウムには120人が参加した。", 1)
    same = hit("ひばり町移住フェアの成果報告会と同じ日にシンポジウムを開き、120人が参加した。", 2)
    assert any_about_the_subject([other, same], subject, idf)
    assert not any_about_the_subject([other], subject, idf)
    assert not any_about_the_subject([same], None, idf)


def test_a_clock_time_answers_a_time_asked_by_its_kind() -> None:
    """「16:00~18:00」 answers 「時間帯は？」 by its kind, as a date answers 「時期は？」: no 時間 need stand beside it."""
    from assistant.answer.follow_up import kind_nouns

    assert {"時間", "時間帯"} <= kind_nouns("令和7年5月10日(土)16:00~18:00")
    assert "時間帯" not in kind_nouns("令和7年5月10日")
