"""The asked field's form in what an answer states (`assistant.answer.asked_form`), on invented questions and passages."""

from __future__ import annotations

from assistant.answer.asked_form import asked_form, form_absent, form_unstated


def _class(question: str) -> str | None:
    found = asked_form(question)
    return found[0] if found else None


def test_the_asked_class_is_the_last_one_written() -> None:
    assert _class("みどり市の移住支援金の上限はいくら？") == "cap"
    assert _class("さくら町の空き家バンク事業の補助率は？") == "rate"
    assert _class("ひかり祭りの会場はどこ？") == "venue"
    assert _class("子ども食堂を始めたのはなぜ？") == "reason"
    # A time asked after a count's word asks the time: 「利用者数が増えたのはいつ」.
    assert _class("ほたる号の利用者数が増え始めたのはいつ？") == "when"
    # A subject holding 人口 (関係人口, 人口減少) asks no people count; 人口 asked as a figure does.
    assert _class("関係人口を増やすための施策は？") is None
    assert _class("あおば圏域の人口は？") == "people"
    # Progress against a target is not the target.
    assert _class("図書館来館者数、目標に対しての進み具合は？") == "progress"
    assert _class("図書館来館者数のR9の目標は？") == "target"
    assert _class("この計画の概要を教えて") is None


def test_a_form_of_the_asked_class_near_the_value_or_in_the_lead() -> None:
    # A cap asked, a budget row answered: no 上限/限度/以内 near the value.
    assert form_absent("みどり市の移住支援金、補助の上限額は？", "移住支援金 | 市町村 | 1,200百万円 1,200百万円です")
    assert not form_absent("みどり市の移住支援金、補助の上限額は？", "1世帯あたり上限100万円 上限100万円です")
    # A venue asked, the date line quoted.
    assert form_absent("ひかり祭りの会場はどこ？", "■ひかり祭りの開催 開催日:令和6年8月3日")
    assert not form_absent("ひかり祭りの会場はどこ？", "開催日:令和6年8月3日 会場:ひかり市民会館")
    # A reason asked, a passage stating the fact only; and one giving its cause.
    assert form_absent("来館者数が減ったのはなぜ？", "令和5年度の来館者数は前年から減少した。")
    assert not form_absent("来館者数が減ったのはなぜ？", "改修工事で休館したため、来館者数は減少した。")
    # Participants asked, sessions answered: the number is not of people.
    assert form_absent("ひかり講座の参加者数は？", "ひかり講座を年3回開催 3回です")
    assert not form_absent("ひかり講座の参加者数は？", "ひかり講座(参加者約40名) 約40名です")


def test_title_count_and_progress_are_read_but_not_checked() -> None:
    # They win over a class written before them (progress over the target), but their absence is no signal: a
    # bracket or a digit is too common a form (out of round they cost as many right answers as they stopped).
    assert _class("学生が作った団体の名前は？") == "title"
    assert not form_absent("学生が作った団体の名前は？", "大学生が団体を設立し、空き家の活用に取り組んでいる。")
    assert _class("ほたる市の協定先はいくつ？") == "count"
    assert not form_absent("ほたる市の協定先はいくつ？", "ほたる市は県内の大学と協定を結んだ。")
    assert not form_absent("図書館来館者数、目標に対しての進み具合は？", "図書館来館者数の目標 12万人")


def test_nothing_asked_nothing_absent() -> None:
    assert not form_absent("ひかり祭りについて教えて", "■ひかり祭りの開催 開催日:令和6年8月3日")


def test_guards_on_subjects_and_time_words() -> None:
    # 交流人口 names a subject, not a people count; から after 年度/月 is a start, not a cause.
    assert _class("交流人口の推移は？") is None
    assert form_absent("利用者が減ったのはなぜ？", "令和4年度から利用者が減少している。")
    assert form_absent("利用者が減ったのはなぜ？", "利用者は4月から減少している。")
    # A field word as the subject asks nothing of it; 何分野 is not a length.
    assert _class("目標達成のための取組は？") is None
    assert _class("予算の使い道は？") is None
    assert _class("何分野で連携している？") is None
    assert _class("ほたる計画の目標は何ですか") == "target"
    assert _class("ほたる事業の予算額は？") == "budget"
    assert _class("ほたる財団は毎年どれほどの予算規模？") == "budget"
    assert _class("来訪者数はR10時点でいくつを目標として定めている？") == "target"


def test_venue_forms_online_and_named_places() -> None:
    assert not form_absent("ひかり講演会の会場は？", "会場は市立中央公民館です")
    assert not form_absent("ひかり講演会の会場は？", "ひかり講演会はひかり公園で開く")
    assert not form_absent("ひかり講演会はどこで開かれる予定？", "ひかり講演会をWEB会議で開催します。")
    assert not form_absent("ひかり講演会はどこで開かれる予定？", "ひかり講演会をオンラインで行う。")
    assert form_absent("ひかり講演会の会場は？", "ひかり講演会は令和7年5月10日に開催する。")
    assert form_absent("ひかり講演会の会場は？", "日時:令和7年5月10日(関係者限りで開催)")


def test_reason_forms_of_purpose() -> None:
    assert not form_absent("なぜ建て替えるのか", "老朽化が進んでいるので建て替える。")
    assert not form_absent("この事業は何のために行う？", "地域交通の維持に向け、実証を行うもの。")
    assert not form_absent("なぜ窓口を増やしたのか", "需要の増加に対応すべく窓口を増やした。")
    assert not form_absent("なぜ連携するのか", "両町の交流の活性化を図るため連携する。")
    assert form_absent("なぜ窓口を増やしたのか", "令和6年度に窓口を3か所に増やした。")


def test_counts_of_people_and_bodies_caps_and_chairs() -> None:
    assert not form_absent("ほたる講座の参加者は何名？", "参加者は十数名")
    assert form_absent("ほたる講座の参加者は何名？", "ほたる講座は3回開催")
    assert not form_absent("参加事業者数は？", "15社が参加")
    assert not form_absent("協議会の会員団体数は？", "県内45の団体が会員として加わる")
    assert form_absent("参加事業者数は？", "参加は令和6年度から")
    assert not form_absent("みどり補助金の上限は？", "1件当たり50万円以下")
    assert form_absent("みどり補助金の上限は？", "みどり補助金 予算 800万円")
    # A name given for a chair asked answers it (the chair mark may be in a legend); a count does not.
    assert not form_absent("あおば会議の座長は誰？", "山田花子(あおば大学教授)", "山田花子")
    assert form_absent("あおば会議の座長は誰？", "委員 12名", "12名")


def test_a_hard_field_stated_in_no_form_is_not_stated_and_others_stay_the_gates() -> None:
    """A cap or a venue missing its form is not stated before the gate; a reason missing one is left to the gate (the
    documents give reasons in many words)."""
    absent, present = {"form_absent": 1.0}, {"form_absent": 0.0}
    assert form_unstated("青葉町の移住補助、上限額は？", absent)
    assert form_unstated("交流会、会場は？", absent)
    assert not form_unstated("交流会、会場は？", present)
    assert not form_unstated("参加者が増えたのはなぜ？", absent)
    assert not form_unstated("補助の対象者は？", absent)
    assert not form_unstated("補助率は？", absent)  # a rate is also written 全額 or 半額: the gate weighs it
