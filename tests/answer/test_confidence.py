"""The answer-confidence gate: features of an answer, the fitted model's use, and the threshold choice."""

from __future__ import annotations

import json

import pytest

from assistant.answer.answerer import ABSTAIN_TEXT, Answerer
from assistant.answer.confidence import FEATURES, MODEL_FILE, ConfidenceModel
from assistant.evals.gate_thresholds import choose_threshold
from assistant.text.years import years_in


def test_years_are_read_in_every_form() -> None:
    assert years_in("令和6年度の実績") == {"2024"}
    assert years_in("R5から2025年まで") == {"2023", "2025"}
    assert years_in("平成元年") == {"1989"}
    assert years_in("目標値63.9％") == set()


def _model(weights: dict[str, float], bias: float, threshold: float) -> ConfidenceModel:
    return ConfidenceModel(FEATURES, tuple(weights.get(f, 0.0) for f in FEATURES), bias, threshold)


def test_probability_is_a_logistic_of_the_weighted_features() -> None:
    model = _model({"year_missing": -4.0}, 2.0, 0.5)
    assert model.probability({"year_missing": 0.0}) == pytest.approx(0.8808, abs=1e-4)
    assert model.probability({"year_missing": 1.0}) == pytest.approx(0.1192, abs=1e-4)


def test_model_round_trips_and_a_model_of_other_features_is_refused(tmp_path) -> None:
    model = _model({"overlap": 1.5}, -0.3, 0.62)
    (tmp_path / MODEL_FILE).write_text(json.dumps(model.to_dict()), encoding="utf-8")
    assert ConfidenceModel.load(tmp_path) == model
    (tmp_path / MODEL_FILE).write_text(json.dumps({**model.to_dict(), "features": ["x"]}), encoding="utf-8")
    assert ConfidenceModel.load(tmp_path) is None
    assert ConfidenceModel.load(tmp_path / "missing") is None


def _gated(engine, model: ConfidenceModel) -> Answerer:
    return Answerer(
        engine.hybrid, engine.passages, engine.passages, engine.passages, engine.records,
        idf=engine.hybrid.idf, confidence=model,
    )  # fmt: skip


def test_below_the_threshold_the_answerer_abstains_with_related_passages(engine) -> None:
    question = "「モーダルシフト等推進事業」だと補助率はどれだけ？"
    assert not engine.answerer.answer(question).abstained
    unsure = _gated(engine, _model({}, -5.0, 0.5)).answer(question)  # probability 0.007 everywhere
    assert unsure.abstained and unsure.answer == ABSTAIN_TEXT and unsure.related
    assert unsure.abstained_by == "confidence"  # an answer was found; the gate was not sure of it
    sure = _gated(engine, _model({}, 5.0, 0.5)).answer(question)
    assert not sure.abstained and sure.confidence == pytest.approx(0.9933, abs=1e-4)
    assert sure.abstained_by is None


def test_with_no_gate_a_value_below_the_topic_bound_is_not_served(engine, monkeypatch) -> None:
    question = "「モーダルシフト等推進事業」だと補助率はどれだけ？"
    plain = _gated(engine, None)
    answer, features, hits, intent, _, resolution = plain._answered(question, None, None, None)
    assert not answer.abstained and features is not None and not features["below_topic"]
    assert not plain.answer(question).abstained
    flagged = {**features, "below_topic": 1.0}  # the policy let it through for a gate to weigh
    rows = (answer, flagged, hits, intent, "", resolution)
    monkeypatch.setattr(plain, "_answered", lambda *a: rows)
    assert plain.answer(question).abstained_by == "confidence"  # no gate: the former bound holds
    gated = _gated(engine, _model({}, 5.0, 0.5))
    monkeypatch.setattr(gated, "_answered", lambda *a: rows)
    assert not gated.answer(question).abstained  # a gate sure of it serves it


def _features(question: str, cited_text: str, key: str | None) -> dict[str, float]:
    from assistant.answer.confidence import Evidence, features_of
    from assistant.question.kinds import analyze
    from assistant.text.normalize import normalize
    from assistant.types import Answer, Chunk, Citation, Hit

    chunk = Chunk("c1", "900_fake.txt", "架空の町の計画", "■評価指標", 1, 2, cited_text, normalize(cited_text))
    cite = Citation(1, "c1", "900_fake.txt", "架空の町の計画", None, cited_text, cited_text, 1, 2, 1, 2)
    text = f"{key}です [1]。（{cited_text}）" if key else f"{cited_text} [1]"
    answer = Answer("a", question, text, False, "kpi", [cite])
    evidence = Evidence(has_value=key is not None, key=key, sentence=normalize(cited_text))
    idf = {"移住": 3.0, "相談": 2.0, "件数": 2.0, "実績": 1.0, "図書館": 4.0}
    return features_of(question, analyze(question), answer, evidence, [Hit(chunk, 1.0, rank=1)], [chunk], idf)


def test_a_year_the_evidence_does_not_hold_is_a_feature() -> None:
    cited = "移住相談件数 実績値 777件 (R6)"
    missing = _features("令和2年度に移住相談件数は実績でいくつ？", cited, "777件")
    assert missing["year_asked"] == 1.0 and missing["year_missing"] == 1.0
    held = _features("令和6年度に移住相談件数は実績でいくつ？", cited, "777件")
    assert held["year_asked"] == 1.0 and held["year_missing"] == 0.0
    assert set(held) == set(FEATURES)


def test_a_key_without_the_implied_unit_and_uncovered_words_are_features() -> None:
    budget = _features("図書館の予算はいくら？", "図書館の来館者 2.4万人", "2.4万人")
    assert budget["unit_mismatch"] == 1.0 and budget["uncovered_share"] > 0
    count = _features("移住相談件数は何件？", "移住相談件数 777件", "777件")
    assert count["unit_mismatch"] == 0.0 and count["label_overlap"] > 0.5
    # A day asked is not answered by a month; a month asked is.
    day = _features("図書館条例の施行は何月何日？", "図書館条例は令和6年4月に施行", "令和6年4月")
    month = _features("図書館条例は何月に施行された？", "図書館条例は令和6年4月に施行", "令和6年4月")
    assert day["unit_mismatch"] == 1.0 and month["unit_mismatch"] == 0.0
    assert _features("施行の日付は？", "令和6年4月1日施行", "令和6年4月1日")["unit_mismatch"] == 0.0


def test_threshold_minimises_cost_within_the_false_abstention_bound() -> None:
    # (probability, right, answerable): two sure right answers, two unsure wrong ones, one unsure right.
    rows = [(0.9, True, True), (0.85, True, True), (0.4, False, True), (0.35, False, False), (0.45, True, True)]
    threshold, kept, strict = choose_threshold(rows, n_items=5, n_answerable=4)
    # 0.4 drops the answer where the documents are silent at no cost to the answerable ones; 0.45 would
    # also drop a wrong answer but abstain on an answerable item (25 % > the gate's 4 % share).
    assert threshold == 0.4 and (kept["right"], kept["wrong"]) == (3, 1)
    # The strict target (<= 5 % confidently wrong) needs 0.45 or above here.
    assert strict["threshold"] == 0.45 and strict["wrong"] == 0


def test_the_gates_budget_counts_only_its_own_abstentions() -> None:
    # The rules abstained on 11 of 100 answerable items, more than the whole 8 % target. The gate may still
    # drop the three wrong answers to answerable items (3 % of them, within its own 4 %), not nothing.
    rows = [(0.9, True, True)] * 86 + [(0.3, False, True)] * 3 + [(0.2, False, False)] * 5
    threshold, kept, _ = choose_threshold(rows, n_items=105, n_answerable=100)
    assert threshold == 0.9 and (kept["right"], kept["wrong"]) == (86, 0)
    # Five such wrong answers would be 5 % of the answerable items: more than the gate's share.
    rows = [(0.9, True, True)] * 84 + [(0.3, False, True)] * 5 + [(0.2, False, False)] * 5
    threshold, kept, _ = choose_threshold(rows, n_items=105, n_answerable=100)
    assert threshold == 0.3 and kept["wrong"] == 5


def test_a_count_key_not_written_with_what_is_counted_is_a_feature() -> None:
    # Asked how many times the course ran, the passage gives how many people attended.
    times = _features("公民館の講座の開催回数は？", "公民館の講座 受講者320人", "320人")
    assert times["count_mismatch"] == 1.0
    held = _features("公民館の講座は何回開かれた？", "公民館の講座 年12回開催", "12回")
    assert held["count_mismatch"] == 0.0
    # 「いくつのX」 counts X: a number of another thing (3部会) does not answer it.
    other = _features("協議会が運営するのはいくつの事業？", "協議会は3部会で活動", "3部会")
    named = _features("協議会が運営するのはいくつの事業？", "協議会は3部会20事業で活動", "20事業")
    assert other["count_mismatch"] == 1.0 and named["count_mismatch"] == 0.0
    # 「企業数」 counts companies (N社), 「参加者数」 people (N名): a number of students answers neither.
    firms = _features("見学会の参加企業数は？", "見学会 生徒106名が参加", "106名")
    people = _features("見学会の参加者数は？", "見学会 生徒106名が参加", "106名")
    assert firms["count_mismatch"] == 1.0 and people["count_mismatch"] == 0.0
    # Not a count question: nothing to compare.
    assert _features("講座はいつ開かれた？", "講座 令和6年5月", "令和6年5月")["count_mismatch"] == 0.0


def test_a_list_only_counted_is_a_feature() -> None:
    only_counted = _features("連携している6つの町はどこ？", "令和5年度までに6町と連携協定を結んだ", None)
    named = _features("連携している町はどこ？", "6町(青葉町・緑町・港町・山手町・本町・旭町)と連携", None)
    assert only_counted["counted_not_named"] == 1.0 and named["counted_not_named"] == 0.0
    # A count asked is answered by a count: not this feature.
    assert _features("連携している町はいくつ？", "令和5年度までに6町と連携", "6町")["counted_not_named"] == 0.0


def test_an_asked_part_missing_from_the_values_label_is_a_feature() -> None:
    # The passage gives the visitors in all; asked for the children among them, it does not answer.
    part = _features("図書館の来館者のうち、子どもは何人？", "図書館の来館者 2.4万人", "2.4万人")
    whole = _features("図書館の来館者は何人？", "図書館の来館者 2.4万人", "2.4万人")
    assert part["focus_missing_idf"] > 0.0
    assert whole["focus_missing_idf"] == 0.0


def test_a_series_value_answers_only_for_its_own_year():
    """「…はR5でいくつ」 against a row 「410件(R2) 455件(R5) 500件(R8)」: R5's value, not the row's first."""
    from assistant.answer.values import find_value
    from assistant.question.kinds import analyze

    row = "地域おこし協力隊の定着件数 410件(R2) 455件(R5) 500件(R8) 91.0%"
    assert find_value(row, analyze("協力隊の定着件数はR5で何件でしたか")) == "455件"
    assert find_value(row, analyze("協力隊の定着件数は令和8年度に何件を目指していますか")) == "500件"
    # The row gives the figure for other years only: no value, so the sentence cannot answer (a near miss).
    assert find_value(row, analyze("協力隊の定着件数は令和4年度で何件")) is None
    # No year asked: the order of kinds and words decides as before.
    assert find_value(row, analyze("協力隊の定着件数は何件")) is not None


def test_a_value_given_with_another_year_is_a_feature() -> None:
    # The row holds R2 and R6, so the passage "has" the year; the value itself is R2's.
    row = "移住相談件数 574件 (R2) 777件 (R6)"
    other = _features("令和6年度に移住相談件数は実績でいくつ？", row, "574件")
    own = _features("令和6年度に移住相談件数は実績でいくつ？", row, "777件")
    assert other["year_missing"] == 0.0 and other["value_year_other"] == 1.0
    assert own["value_year_other"] == 0.0
    assert _features("移住相談件数は実績でいくつ？", row, "574件")["value_year_other"] == 0.0


def test_a_name_asked_and_none_given_is_a_feature() -> None:
    # The passage tells of the group without naming it; another names the venue the question asks for.
    unnamed = _features("学生たちが作ったサークルの名前は？", "町の講座に参加した学生がサークルを結成した", None)
    named = _features("報告会はどこで開催？", "説明会を開催した。場所:青葉町立みどり中学校", None)
    assert unnamed["name_absent"] == 1.0 and named["name_absent"] == 0.0
    # A name the question already writes is not an answer to it.
    assert _features("みどり村の報告会はどこで開いた？", "みどり村で報告会を開催した", None)["name_absent"] == 1.0
    # A value asked (how many): not this feature.
    assert _features("説明会の参加者は何人？", "説明会には学生が参加した", None)["name_absent"] == 0.0


@pytest.mark.parametrize(
    ("question", "passage", "absent"),
    [
        ("振興会の代表のお名前は？", "振興会はAIアプリ「まちナビ」を開発した", 1.0),  # a name, but of a thing
        ("振興会の代表は誰ですか？", "振興会の代表は川辺一郎氏が務める", 0.0),
        ("研修所はどこの町にありますか？", "研修所は県内の旧校舎を改修して開設された", 1.0),
        ("研修所はどこの町にありますか？", "研修所は青葉町の旧校舎を改修して開設された", 0.0),
        ("提携先の自治体はどこ？", "社員の研修を目的に8自治体と提携している", 1.0),
        ("青葉町の研修所の所在地は？", "青葉町が研修所を開設した", 1.0),  # the question's own place
        ("研修所の所在地は？", "研修所は「みどりの丘センター」の2階にある", 0.0),  # a named site answers where
        ("研修に参加したのは何市町ですか？", "研修には12市町が参加した", 0.0),  # how many, not which
        ("研修会で講師をしたのは誰ですか？", "研修会は醸造技術の向上を目的に年3回開催した", 1.0),  # who lectured
        ("研修会で講師をしたのは誰ですか？", "研修会は醸造家の山中和夫氏を講師に開催した", 0.0),
        ("発表会が開かれた会場はどこ？", "発表会では17団体が取組成果を報告した", 1.0),  # a venue
        ("発表会が開かれた会場はどこ？", "発表会は「みなとホール」で開いた", 0.0),
        # Where an event was held: a date, or what was done there, is not a venue; a named site or 「場所：」 is.
        ("懇親会はどこで行われた？", "懇親会は令和6年5月10日に開催した", 1.0),
        ("懇親会はどこで行われた？", "懇親会は「さくら文化ホール」で開いた", 0.0),
        ("交流会の開催場所は？", "開催日：令和6年5月10日 場所：さくら文化ホール", 0.0),
        # A town asked: the country or a prefecture alone does not say which town.
        ("県内で最初に森林信託を始めたのはどこの町？", "日本で初めての森林信託を実現した", 1.0),
        ("県内で最初に森林信託を始めたのはどこの町？", "長野県で森林信託が始まった", 1.0),
        ("県内で最初に森林信託を始めたのはどこの町？", "長野県青葉町が森林信託を始めた", 0.0),
        ("森林信託を最初に始めたのはどこの県？", "長野県が森林信託を始めた", 0.0),
        # A body asked: a place is not one; a post in katakana is held by a person.
        ("合宿を手伝ったゼミはどこの大学？", "青葉町の合宿には県外の大学ゼミが協力した", 1.0),
        ("合宿を手伝ったゼミはどこの大学？", "合宿には緑川大学のゼミが協力した", 0.0),
        ("実証に出資した企業はどこですか？", "実証には地元企業5社が出資した", 1.0),
        ("実証に出資した企業はどこですか？", "実証には株式会社みどり電力が出資した", 0.0),
        # A body named in a later quote answers too: the first quote is the slide's title line.
        ("実証を共同で行ったのはどの組織ですか？", "ドローン配送の実証 [1] ※ABCD、EFGHの2社共同", 0.0),
        ("招へいした観光マネージャーの氏名は？", "観光に精通したマネージャーを青葉町に招いた", 1.0),
        ("招へいした観光マネージャーの氏名は？", "観光マネージャーとして川辺一郎氏を招いた", 0.0),
        # A plan, a website or a place glued to an act names no body that could be the one asked.
        ("協議会に参加した大学はどこですか？", "協議会は「緑川地域活性化構想」を策定し、WEBで公開した", 1.0),
        ("協議会に参加した大学はどこですか？", "協議会には緑川大学が参加した", 0.0),
        # A person named by the body asks where they are from: a place answers 「どこの大学生」.
        ("ゼミ合宿の参加者はどこの大学生？", "ゼミ合宿には県外の大学生が来て、WEBサイトを開設した", 0.0),
        ("ゼミ合宿の参加者はどこの大学の学生？", "ゼミ合宿には県外の大学生が来て、WEBサイトを開設した", 1.0),
        # A place written as the tail of a foreign company's name is not the place asked.
        ("提携先の自治体はどこ？", "サンライズ・ジャパンは8自治体と提携している", 1.0),
        ("提携先の自治体はどこ？", "サンライズ・ジャパンは青葉町と提携している", 0.0),
        # The municipalities asked by their names: a count of them, or a facility, names none.
        (
            "提携している自治体の名前を教えて",
            "サンライズ・ジャパンは8自治体と提携し、「まちの書斎」を提供している",
            1.0,
        ),
        ("提携している自治体の名前を教えて", "サンライズ・ジャパンは青葉町、緑川村と提携している", 0.0),
        ("加盟した市町村の名称は？", "加盟したのは12市町村で、協議会を設けた", 1.0),
        ("加盟した市町村の名称は？", "長野県が加盟し、協議会を設けた", 1.0),  # a prefecture names no municipality
        # The name as a thing of its own, not which place: no place need be named.
        ("申請書に自治体の名称を記載する必要はありますか？", "申請書には代表者の氏名を記載する", 0.0),
    ],
)
def test_a_person_or_place_asked_and_none_of_that_kind_named_is_a_feature(
    question: str, passage: str, absent: float
) -> None:
    assert _features(question, passage, None)["kind_absent"] == absent


@pytest.mark.parametrize(
    "question",
    ["どこの市場に出荷している？", "どの県産の米を使っている？", "どこの町内会が運営している？", "拠点都市はどこ？"],
)
def test_a_level_word_inside_a_longer_word_asks_no_level(question: str) -> None:
    from assistant.answer.kind_checks import places_at_level
    from assistant.text.normalize import normalize

    places = frozenset({"日本", "長野県"})
    assert places_at_level(places, normalize(question)) == places
    assert places_at_level(places, normalize("どこの町で始まった？")) == frozenset()


def test_a_turn_that_carries_an_earlier_subject_is_a_feature() -> None:
    from assistant.answer.confidence import Evidence, features_of
    from assistant.question.kinds import analyze
    from assistant.types import Answer

    answer = Answer("a", "q", "該当なし", False, "general", [])
    searched = "図書館の移住相談の件数 では上限は？"
    carried = features_of(searched, analyze(searched), answer, Evidence(), [], [], {}, asked="では上限は？")
    alone = features_of(searched, analyze(searched), answer, Evidence(), [], [], {}, asked=searched)
    assert carried["carried"] == 1.0 and alone["carried"] == 0.0


def test_a_carried_subject_the_cited_passages_do_not_hold_is_a_feature() -> None:
    """A follow-up answered from a passage about another subject: the carried subject's words are missing there."""
    from assistant.answer.confidence import Evidence, features_of
    from assistant.question.kinds import analyze
    from assistant.text.normalize import normalize
    from assistant.types import Answer, Chunk, Hit

    def missing(cited: str) -> float:
        chunk = Chunk("c1", "900_fake.txt", "架空の町の計画", "■事業", 1, 1, cited, normalize(cited))
        answer = Answer("a", "q", f"{cited} [1]", False, "general", [])
        searched, turn = "図書館 移住相談 上限は？", "上限は？"
        idf = {"図書館": 4.0, "移住": 3.0, "相談": 2.0, "上限": 2.0}
        feats = features_of(
            searched, analyze(searched), answer, Evidence(), [Hit(chunk, 1.0, 1)], [chunk], idf, asked=turn
        )
        return feats["subject_missing"]

    assert missing("図書館の移住相談の補助は上限10万円。") == 0.0
    assert missing("商店街の改修補助は上限10万円。") == 1.0  # the subject is nowhere in it
    assert 0.0 < missing("移住相談の補助は上限10万円。") < 1.0  # 図書館 missing, by IDF share
    # A turn standing alone carries no subject.
    alone = features_of(
        "上限は？", analyze("上限は？"), Answer("a", "q", "x", False, "general", []), Evidence(), [], [], {}
    )
    assert alone["subject_missing"] == 0.0


def test_question_words_the_corpus_never_writes_are_a_feature() -> None:
    """A detail no document states: 「アーカイブ」 is in no passage's vocabulary (not in the IDF table)."""
    asked = _features("移住相談のアーカイブは？", "図書館で移住相談を実施。", None)
    known = _features("移住相談の件数は？", "図書館で移住相談を実施。", None)
    assert known["unseen_share"] == 0.0
    assert asked["unseen_share"] == 1 / 3  # アーカイブ of 移住, 相談, アーカイブ
    # The asking clause holds the unseen word.
    assert asked["unseen_focus"] == 1.0 and known["unseen_focus"] == 0.0


def test_the_unit_asked_is_the_last_asking_word_written() -> None:
    """One reading of the asked unit for the gate and the value chooser: the last asking word, 何月何日 as one."""
    from assistant.answer.confidence import asked_unit

    def unit(question: str) -> str | None:
        found = asked_unit(question)
        return found.pattern if found is not None else None

    assert unit("人口が半分未満の市区町村の割合は？") == unit("割合は？")  # a share, not a count of people
    assert unit("条例の施行は何月何日？") == unit("日付は？")  # a day, not any date
    assert unit("その取組の経費はいくら？") == unit("金額は？")
    assert unit("この事業の概要は？") is None


def test_a_value_the_question_gives_and_a_span_not_asked_are_features() -> None:
    # 「約800のうち、港区は」 answered with the 800 the question gives: the answer repeats the whole.
    echoed = _features("空き店舗約800のうち、港区にあるのはいくつ？", "市内の空き店舗 約800店舗", "約800店舗")
    part = _features("空き店舗約800のうち、港区にあるのはいくつ？", "港区の空き店舗 42店舗", "42店舗")
    assert echoed["value_echoed"] == 1.0 and part["value_echoed"] == 0.0
    # A target over 2 years asked; the passage states it over 4 only.
    other = _features("認定件数の施行後2年間の目標は？", "認定件数:施行後4年間で累計300件", None)
    same = _features("認定件数の施行後4年間の目標は？", "認定件数:施行後4年間で累計300件", None)
    assert other["span_other"] == 1.0 and same["span_other"] == 0.0


def test_the_asked_form_missing_near_the_value_is_a_feature() -> None:
    # A cap asked and a budget row answered: no 上限/以内 near the value (`asked_form`).
    budget = _features("図書館整備事業の補助の上限額は？", "図書館整備事業 | 市町村 | 1,200百万円", "1,200百万円")
    assert budget["form_absent"] == 1.0
    cap = _features("図書館整備事業の補助の上限額は？", "図書館整備事業 補助上限 1,200万円", "1,200万円")
    assert cap["form_absent"] == 0.0


def test_a_term_asked_and_only_used_by_the_quoted_passage_is_a_feature() -> None:
    # 「Xとはどういう意味」 answered by a passage writing X only as an item of a list (`definition_form`).
    asked = "「まちなかサロン」とはどういう意味ですか"
    used = _features(asked, "商店街の活性化、まちなかサロン等の整備を進める。", None)
    assert used["term_unexplained"] == 1.0
    explained = _features(asked, "まちなかサロンとは、空き店舗を使った高齢者の居場所である。", None)
    assert explained["term_unexplained"] == 0.0
    # A value answer is judged by the value's own features, not this one.
    valued = _features(asked, "まちなかサロン等の整備 3か所", "3か所")
    assert valued["term_unexplained"] == 0.0
