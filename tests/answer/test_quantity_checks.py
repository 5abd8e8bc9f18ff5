"""The quantity checks of the constraint check (`assistant.answer.quantity_checks`), on invented sentences."""

from __future__ import annotations

from assistant.answer.constraints import unmet
from assistant.answer.quantity_checks import quantity_unmet


def test_what_is_reached_for_an_aim() -> None:
    s = "令和5年4月現在、アプリの登録者数は約250名となっている"
    assert quantity_unmet("アプリ登録者は最終的に何人を目指す？", "約250名", s) == "aim"
    assert quantity_unmet("アプリの登録者は何人？", "約250名", s) == ""
    assert quantity_unmet("登録者の目標は？", "約400名", "登録者数を令和8年までに約400名とすることを目指す") == ""


def test_a_start_year_does_not_date_a_row() -> None:
    row = "住まい | 空き店舗活用事業 | 要件を緩和(R6年度より) | 市町村 | 150百万円"
    heads = ["主な予算(R7年度当初予算)"]
    assert unmet("空き店舗活用事業のR6年度予算は？", "…", "150百万円", row, "", heads) == "year"
    assert unmet("空き店舗活用事業のR7年度予算は？", "…", "150百万円", row, "", heads) == ""


def test_a_count_for_the_names() -> None:
    from assistant.answer.constraints import unmet as check

    text = "【先行して4か所のモデル地域において実証を開始し、全国展開を図る】• 県と市町村が連携して…"
    assert check("実証を始める4か所のモデル地域はどこ？", text) == "count"
    listed = "4か所のモデル地域: 青森市、弘前市、八戸市、十和田市で実証を開始"
    assert check("実証を始める4か所のモデル地域はどこ？", listed) == ""
    # A count asked is answered by the count.
    assert check("4か所のモデル地域は県と市でそれぞれいくつ？", text) == ""
    # The passage never states the count: left to the gate.
    assert check("実証を始める4か所のモデル地域はどこ？", "モデル地域で実証を開始") == ""


def test_the_whole_count_for_one_kind_of_it() -> None:
    s = "- プラチナ会員(200万円/年)・一般会員(5万円/年)の会費で運営 - 会員企業約120社"
    assert quantity_unmet("ひだ連携協議会のプラチナ会員は何社？", "約120社", "- 会員企業約120社", s) == "member"
    assert quantity_unmet("プラチナ会員になっている事業者って何社？", "約120社", "- 会員企業約120社", s) == "member"
    # The whole asked, or the kind named in the value's sentence, or a one-word thing counted.
    assert quantity_unmet("ひだ連携協議会の会員企業は何社？", "約120社", "- 会員企業約120社", s) == ""
    assert quantity_unmet("プラチナ会員は何社？", "12社", "うちプラチナ会員は12社", s) == ""
    assert quantity_unmet("会員は何社？", "約120社", s, s) == ""
    # A kanji modifier is too often an act the counted take part in: 「参加企業は何社」 is 「企業数:48社」.
    assert quantity_unmet("合同説明会の参加企業は何社？", "48社", "企業数:48社") == ""
    # A head of one character says too little: 「高校生」 against 「参加者:生徒45名」 is left to the member check.
    assert quantity_unmet("見学会に来た高校生は何人？", "45名", "見学会 参加者:生徒45名") == ""


def test_a_name_before_the_head_is_no_kind_of_it() -> None:
    # The passage never joins the word to the head (no 「ひだリンク会員」): it names the body, whose members are counted.
    body = "一般社団法人ひだリンク協議会を設立(2022年)。 会員総数約120社(2025年時点)。"
    assert quantity_unmet("ひだリンク会員は何社？", "約120社", "会員総数約120社(2025年時点)。", body) == ""
    # A Latin kind is matched whatever its case: the tokeniser lower-cases 「IT」, the sentence keeps it.
    it = "県内のIT企業約30社とNPO法人12団体が参加"
    assert quantity_unmet("IT企業は何社？", "約30社", it, it) == ""
    assert quantity_unmet("NPO法人は何団体？", "12団体", it, it) == ""
    kinds = "IT企業やベンチャー企業を誘致。 誘致した企業約30社"
    assert quantity_unmet("IT企業は何社？", "約30社", "誘致した企業約30社", kinds) == "member"
