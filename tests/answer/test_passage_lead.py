"""A passage answer leads with the sentence that answers, not the window's first one (invented text)."""

from __future__ import annotations

from assistant.answer.passage_lead import lead_first, without_inner_stops
from assistant.evals.metrics import lead_of


def test_the_answering_sentence_leads_when_the_window_opens_before_it() -> None:
    support = "（注）県の調査により作成。 回答者は県内の高校生に限る。 有効回答数は1,234件。 次頁に続く。"
    text = lead_first(support, "有効回答数は1,234件。", 180)
    assert lead_of(text) == "有効回答数は1,234件"
    # The window's other sentences follow in brackets, in their order, … where the lead stood.
    assert text.endswith("（（注）県の調査により作成。 回答者は県内の高校生に限る。 …次頁に続く。）")


def test_a_window_opening_with_the_answering_sentence_is_said_as_written() -> None:
    support = "みどり町では空き家バンクを運営。 登録物件は52件。"
    assert lead_first(support, "みどり町では空き家バンクを運営。", 180) == f"{support} [1]"


def test_a_label_without_a_sentence_end_runs_on_into_the_answer() -> None:
    # 「【対象者】」 ends no sentence: read in order, the lead already reaches the answer.
    support = "【対象者】 町内在住の65歳以上の方"
    assert lead_first(support, "町内在住の65歳以上の方", 180) == f"{support} [1]"


def test_a_long_answering_sentence_leaves_room_for_its_context() -> None:
    sentence = "まちの拠点施設では" + "交流" * 100 + "を行う。"
    text = lead_first("はじめに。 " + sentence, sentence, 180)
    assert len(text) <= 190 and text.endswith("（はじめに。 …）")


def test_a_sentence_copied_with_small_edits_repeats_it() -> None:
    """The same sentence in another section with a particle dropped is a repeat; another sentence is not."""
    from assistant.answer.passage_lead import repeats

    shown = "まず、港の整備を進める。そこで、観光客の受入環境の整備を一層推進し、滞在時間の延長を図ることが必要。"
    assert repeats("〇そこで、観光客受入環境の整備を一層推進し、滞在時間の延長を図ることが必要。", shown)
    assert repeats("港の整備を進める。", shown)
    assert not repeats("このため、宿泊施設の改修に対する支援が必要。", shown)


def test_a_second_window_drops_what_the_first_showed() -> None:
    """A second passage keeps its own sentence and drops the sentence the first passage already quoted."""
    from assistant.answer.passage_lead import without_repeats

    first = "そこで、観光客の受入環境の整備を一層推進することが必要。"
    second = "このため、宿泊施設の改修に対する支援が必要。そこで、観光客の受入環境の整備を一層推進することが必要。"
    got = without_repeats(second, first, keep="このため、宿泊施設の改修に対する支援が必要。")
    assert got == "このため、宿泊施設の改修に対する支援が必要。"
    # The sentence the second passage was chosen for stays even when it is close to the first.
    assert without_repeats(first, first, keep=first) == first


def test_a_full_stop_closing_an_aside_does_not_end_the_lead() -> None:
    """「(…閣議決定。)」「(以下「協議会」という。)」 end an aside; the sentence, and so the lead, runs on past them."""
    support = "最初の県計画(平成 21 年 3 月 6 日閣議決定。) では、「水と緑の郷づくり」を掲げた。 その後見直された。"
    text = lead_first(support, support.split(" その後")[0], 180)
    assert "水と緑の郷づくり" in lead_of(text)
    support = "会議の前に。 県と町で「みなと連携会議(以下「会議」という。)」 内に「1観光部会」「2交通部会」を置く。"
    sentence = support.split("。 ", 1)[1]
    assert "2交通部会" in lead_of(lead_first(support, sentence, 180))
    # A full stop inside quotes is the quoted words' own: a name written with it keeps it.
    named = "町とともにビジョン「はばたく。」を策定した。"
    assert without_inner_stops(named) == named
    assert without_inner_stops("計画(令和2年閣議決定。)では") == "計画(令和2年閣議決定)では"
    # A sentence's own end is kept: the next sentence is not pulled into the lead.
    assert lead_of(lead_first("登録物件は52件。 空き家は多い。", "登録物件は52件。", 180)) == "登録物件は52件"


def test_an_over_long_answering_sentence_is_shown_where_the_question_s_words_are() -> None:
    """A slide read as one sentence (no 。 between its cards): its head is the title, the card asked about lies on."""
    from assistant.answer.passage_lead import densest_part

    cards = "● 町内の商店が共同で配送を担う " * 8
    sentence = f"事例紹介 (山川町) 暮らしを支えるサービス {cards}● 空き店舗を改修したコワーキングが移住者の相談窓口として機能 ● 以上"
    question = "山川町の空き店舗を改修したコワーキングはどんな役割？"
    anchor = densest_part(sentence, question, 120)
    assert anchor is not None
    text = lead_first(sentence, sentence, 120, anchor=anchor)
    assert "相談窓口として機能" in lead_of(text)
    # A sentence within the budget, or one whose head already holds the most of the question's words, is not moved.
    assert densest_part("短い文。", question, 120) is None
    assert densest_part(f"空き店舗を改修したコワーキング {cards}", question, 120) is None
    # Cards repeated after the one asked: the anchor is one written once, so the window does not jump back to the head.
    card = "● 空き店舗を改修したコワーキングが移住者の相談窓口として機能 "
    repeated = f"事例紹介 (山川町) 暮らしを支えるサービス {cards}{card}{cards[:34]}● 以上"
    anchor = densest_part(repeated, question, 120)
    assert anchor is not None and repeated.count(anchor) == 1
    assert "相談窓口" in lead_of(lead_first(repeated, repeated, 120, anchor=anchor))


def test_a_unit_that_runs_on_is_joined_to_the_next() -> None:
    """A blank line split a sentence into units: one ending in 、 or a case particle goes on in the next."""
    from assistant.answer.passage_lead import run_on
    from assistant.ingest.chunking import split_sentences

    units = split_sentences(
        "概要:町内の事業者の人材確保に向け、\n\n市内の大学生や就職担当教員を\n\n対象に、説明会を実施。\n\n次の取組。"
    )
    assert [u.clean for u in units][:2] == ["概要:町内の事業者の人材確保に向け、", "市内の大学生や就職担当教員を"]
    assert run_on(units, 0, 200) == 2  # two units joined at most
    assert run_on(units, 0, 10) == 0  # the next does not fit
    assert run_on(units, 2, 200) == 2  # a sentence that ended stays as it is
