"""The name asked, read with the kind of thing the question names, and the sentence stating a meaning asked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from assistant.answer.answerer import Answerer
from assistant.answer.policy import AbstainPolicy
from assistant.answer.word_answers import (
    answering_sentence,
    asked_name,
    defines_asked_term,
    listed_noun,
    lists,
    meaning_term,
    name_in,
    name_of_kind,
    reason_before,
    states_meaning,
    term_asked,
)
from assistant.question.kinds import analyze
from assistant.question.named import asked_kind


def test_the_kind_is_the_noun_whose_name_is_asked() -> None:
    assert asked_kind("みどり町が始めた事業の名称は？") == "事業"
    assert asked_kind("市が示した要綱案の名称を教えて") == "要綱案"  # a one-character head keeps its noun
    assert asked_kind("町で使えるポイントは何という名前？") == "ポイント"
    assert asked_kind("何という協定を結んだの？") == "協定"
    assert asked_kind("こうした集まりを何型と呼ぶ？") == "型"
    assert asked_kind("団体名を教えて") == "団体"
    assert asked_kind("参加者は何名？") == ""  # a count, not a name
    assert asked_kind("俗に何と言われる？") == ""
    assert asked_kind("村がつくった団体って何て名前？") == "団体"  # casual 「って何て」 between noun and 名前


def test_a_body_founded_as_the_kind_asked_is_its_name_before_a_quoted_slogan() -> None:
    """「…のコンソーシアムとして、Yを設立」 names the consortium Y; a quoted slogan in the same sentence is no body."""
    text = "令和2年に産学官のコンソーシアムとして、さくら市地域未来推進会議を設立し、「未来へつなぐまち」を掲げた。"
    question = "さくら市がつくった産学官のコンソーシアムって何て名前？"
    assert asked_name(text, question) == "さくら市地域未来推進会議"
    # Founded as another kind (a fund), it names no consortium: the rules read on as before.
    other = "令和2年に基金として、さくら市未来基金を設立した。"
    assert asked_name(other, question) != "さくら市未来基金"
    # The founder, a place or a date before the name is no name: the pattern reads none of them.
    founder = "産学官のコンソーシアムとして、さくら市が設立した「地域未来推進会議」がある。"
    assert asked_name(founder, question) == "地域未来推進会議"
    assert asked_name("推進体制として、庁内にDX推進本部を設置した。", "推進体制の名称は？") != "庁内にDX推進本部"
    dated = "産学官のコンソーシアムとして令和2年にさくら市地域未来推進会議を設立した。"
    assert asked_name(dated, question) != "令和2年にさくら市地域未来推進会議"


def test_a_quoted_name_ending_in_the_kind_wins_over_a_better_labelled_one() -> None:
    text = "みどり町は暮らしの目標(みどりビジョン)を掲げ、「森の学校プロジェクト」を始めた。"
    assert asked_name(text, "みどり町が暮らしの目標に向けて始めたプロジェクトの呼び名は？") == "森の学校プロジェクト"


def test_a_bracket_saying_what_a_quoted_name_is_is_kept_with_it() -> None:
    text = "町の将来像(ゆめ)を「未来協定」(基本協定)として結ぶことが有効である。"
    assert asked_name(text, "町の将来像は何という協定として結ぶと有効？") == "「未来協定」(基本協定)"


def test_a_slide_line_that_is_a_name_of_the_kind_is_read_from_the_first_sentence_only() -> None:
    line = "里山の恵みを活かす観光振興プロジェクト"
    question = "みどり町の観光振興のプロジェクト名は？"
    assert asked_name(line, question) == "里山の恵みを活かす観光振興プロジェクト"
    assert asked_name(line, question, False, False) is None  # a lower sentence: unquoted, it may be another block's
    assert name_of_kind("観光振興プロジェクトを進めるため、町は予算を確保した。", question, "プロジェクト") is None


def test_a_run_of_names_of_the_kind_is_read_whole() -> None:
    text = "これまで構想された東海道路線、北陸路線及び山陰路線の3つの路線とも連携する。"
    assert asked_name(text, "連携する3つの路線の名称") == "東海道路線、北陸路線及び山陰路線"


def test_a_roman_numeral_names_nothing_and_a_so_called_name_is_read() -> None:
    assert asked_name("(ii) 山形県みどり町", "みどり町のポイント制度の呼称は？") is None
    text = "人の流出を抑える役割(いわゆる人口の防波堤機能)を担う。"
    assert asked_name(text, "流出を食い止める役割は、俗に何と言う？") == "人口の防波堤機能"


def test_the_term_whose_meaning_is_asked() -> None:
    assert term_asked("報告で使われる「準会員」は、どの範囲を指していますか？") == "準会員"
    assert term_asked("みどり指数 意味") == "みどり指数"
    assert term_asked("みどり指数とは") == "みどり指数"
    assert term_asked("みどり指数はいくら？") == ""


def test_a_sentence_states_a_meaning_by_definition_apposition_or_gloss() -> None:
    assert states_meaning("※1準会員とは、町外に住む応援者の会員を言う。", "準会員")
    assert states_meaning("・水と電気の一体的な管理(水電連携)の下、整備を進める。", "水電連携")
    assert states_meaning("「フレイル」(虚弱=加齢で心身が弱った状態)への対策", "フレイル")
    assert not states_meaning("○水電連携の推進", "水電連携")
    assert not states_meaning("準会員(※1)の数は前年比で増えた。", "準会員")


_HIT = SimpleNamespace(chunk=SimpleNamespace(chunk_id="c1"))


@dataclass(frozen=True)
class _Cand:
    sentence: SimpleNamespace
    hit: SimpleNamespace = field(default_factory=lambda: _HIT)
    overlap: float = 0.5
    context: float = 0.5
    anchored: bool = True
    topic: float = 1.0


def _cand(text: str, overlap: float = 0.5, anchored: bool = True, start: int = 0) -> _Cand:
    return _Cand(SimpleNamespace(clean=text, start=start, end=start + len(text)), overlap=overlap, anchored=anchored)


def test_the_sentence_stating_the_meaning_answers_when_the_first_does_not() -> None:
    policy = AbstainPolicy()
    first = _cand("準会員(※1)の数は前年比で増えた。")
    defining = _cand("※1準会員とは、町外に住む応援者の会員を言う。")
    question = "「準会員」ってどういう会員のこと？"
    assert answering_sentence([first, defining], question, policy) is defining
    assert answering_sentence([defining, first], question, policy) is None  # the first already says it
    elsewhere = _cand("※1準会員とは、町外に住む応援者の会員を言う。", anchored=False)
    assert answering_sentence([first, elsewhere], question, policy) is None  # another subject's passage
    assert answering_sentence([first, defining], "準会員は何人？", policy) is None  # no meaning asked


def test_the_passage_share_bound_binds_a_replacement_as_the_policy_holds_it() -> None:
    # Both sentences stand in one passage sharing few of the question's words: with a gate loaded the bound is the
    # gate's to weigh, so the defining sentence replaces the first; with none it is a cut for either sentence.
    first = replace(_cand("準会員(※1)の数は前年比で増えた。"), context=0.1)
    defining = replace(_cand("※1準会員とは、町外に住む応援者の会員を言う。"), context=0.1)
    question = "「準会員」ってどういう会員のこと？"
    assert answering_sentence([first, defining], question, AbstainPolicy()) is defining
    assert answering_sentence([first, defining], question, AbstainPolicy().held()) is None


def test_the_things_a_list_question_asks_and_a_sentence_listing_them() -> None:
    assert listed_noun("ひばり会の3つの部会は何と何？") == "部会"
    assert listed_noun("交流会にはどこの高校の生徒がそれぞれ出た？") == "高校"
    assert listed_noun("交流会は何人？") == ""
    assert lists("取組を絞り、防災、福祉、教育の 3 部会で展開している。", "部会")
    assert lists("○2高校(みどり高校、ひばり高校)の生徒と意見交換を行う。", "高校")
    assert not lists("ひばり会(以下「会」という。)である。", "部会")


def test_a_listing_sentence_answers_only_when_about_the_question_s_subject() -> None:
    policy = AbstainPolicy()
    first = _cand("ひばり会は平成19年に立ち上がった。")
    listing = _cand("取組を絞り、防災、福祉、教育の 3 部会で展開している。")
    question = "ひばり会の3つの部会は何と何？"
    assert answering_sentence([first, listing], question, policy) is listing
    elsewhere = _cand("取組を絞り、防災、福祉、教育の 3 部会で展開している。", anchored=False)
    assert answering_sentence([first, elsewhere], question, policy) is None  # another subject's list


def test_for_a_reason_asked_the_sentence_a_therefore_refers_back_to_answers() -> None:
    policy = AbstainPolicy()
    reason = _cand("夜間の通院に不便があるため、運行には支援が必要である。", start=0)
    therefore = _cand("そのため、夜間便も支援の対象とする。", start=40)
    question = "夜間便まで支援するのはなぜ？"
    assert reason_before([therefore, reason], question, policy) is reason
    assert answering_sentence([therefore, reason], question, policy) is reason
    assert reason_before([therefore, reason], "夜間便の支援対象は？", policy) is None  # no reason asked
    assert reason_before([reason, therefore], question, policy) is None  # the first says it itself


def test_a_why_question_about_a_name_asks_no_name() -> None:
    text = "災害への備えであるため「保険」という名称を用いている。"
    assert asked_name(text, "「保険」の名を付けた理由は？") is None


def test_headings_labels_and_descriptions_are_not_names() -> None:
    question = "みどり町の事業の名称は？"
    for line in ["■ 重点プロジェクト事業", "(1) 新規事業", "1. 主な事業", "第3章 推進事業", "② 里山観光事業"]:
        assert asked_name(line, question) is None, line
    assert asked_name("【事業名】みどり町における里山観光振興事業", question) is None  # a label, not the name
    assert asked_name("3つの事業", question) is None  # a count describes, it names nothing
    assert asked_name("主な里山観光事業", question) is None
    heading = "二地域居住者等の関係人口が地域で円滑に活動するための取組"
    assert asked_name(heading, "二地域居住者等の関係人口が地域で円滑に活動するための取組の名前は？") is None
    assert asked_name("○ 北山町長", "町長の名前は？") is None


def test_a_quoted_name_below_outranks_an_unquoted_line_first() -> None:
    question = "災害時に避難先を用意する新しい取組は何という？"
    line, quoted = _cand("災害時に避難先を用意する新しい取組"), _cand("その例として「疎開保険」がある。")
    assert name_in(line, [line, quoted], question, False) is None
    assert name_in(quoted, [line, quoted], question, False) == "疎開保険"


def test_names_are_not_picked_out_of_ordinary_sentences() -> None:
    assert asked_name("財源は国庫補助事業と単独事業で賄う。", "みどり町が始めた事業の名称は？") is None
    assert asked_name("総合計画や都市計画と整合を図りながら策定する。", "みどり町の新しい計画の名称は？") is None
    assert asked_name("東海道路線、北陸路線及び山陰路線", "連携する路線の名称") == "東海道路線、北陸路線及び山陰路線"


def test_of_several_quoted_names_of_the_kind_the_one_the_question_fits() -> None:
    text = "町は昨年度「森の学校プロジェクト」を終え、今年度から子育て支援の「ひだまりプロジェクト」を始めた。"
    assert asked_name(text, "今年度から始めた子育て支援のプロジェクトの呼び名は？") == "ひだまりプロジェクト"
    text = "前身の「みどり推進事業」を引き継ぎ、令和5年度に「みどり未来事業」を新設した。"
    assert asked_name(text, "令和5年度に新設した事業の名称は？") == "みどり未来事業"
    assert asked_name(text, "みどり町の事業の名称は？") == "みどり推進事業"  # nothing fits better: the first


def test_a_quoted_term_asked_about_is_not_a_meaning_asked() -> None:
    assert term_asked("「みどりポイント」はどんなお店で使える？") == ""
    assert term_asked("「健康マイレージ」を貯めると何と交換できる？") == ""
    assert term_asked("「ひばり会」はどのような活動をしていますか") == ""
    assert term_asked("「ひばり会」はどういう意味？") == "ひばり会"
    assert term_asked("DXってどういう意味") == "DX"
    policy = AbstainPolicy()
    right = _cand("みどりポイントは町内の商店や飲食店で使える。")
    other = _cand("買い物で貯まる地域ポイント(みどりポイント)を導入した。")
    assert answering_sentence([right, other], "「みどりポイント」はどんなお店で使える？", policy) is None


def test_non_definitions_do_not_replace_a_right_first_sentence() -> None:
    policy = AbstainPolicy()
    right = _cand("DXは、デジタル技術で業務や組織のあり方を変革することです。")
    assert answering_sentence([right, _cand("DXとは別に、GXの取組も進める。")], "DXとは何ですか", policy) is None
    assert (
        answering_sentence(
            [_cand("DXはデジタルトランスフォーメーションの略である。"), _cand("第3章 重点的な施策(DX)")],
            "DXとは",
            policy,
        )
        is None
    )
    index = "消費者物価指数は、世帯が購入する財やサービスの価格の変動を測る指標です。"
    later = _cand("消費者物価指数(2020年=100)は105.3となった。")
    assert answering_sentence([_cand(index), later], "消費者物価指数とは", policy) is None
    assert not states_meaning("消費者物価指数(2020年=100)は105.3となった。", "消費者物価指数")
    assert not states_meaning("DXとは別に、GXの取組も進める。", "DX")
    assert not states_meaning("第3章 重点的な施策(DX)", "DX")
    assert not states_meaning("令和5年度予算(DX)", "DX")


def test_a_right_single_answer_is_kept_and_a_list_s_count_must_match() -> None:
    policy = AbstainPolicy()
    one, two = _cand("みどり町は東京大学と連携協定を結んだ。"), _cand("町内には東洋大学、長崎大学の2大学がある。")
    assert answering_sentence([one, two], "みどり町はどの大学と連携協定を結んだ？", policy) is None
    one, two = _cand("みどり祭りは北地区で毎年開かれる。"), _cand("町は東地区、西地区の2地域に分かれる。")
    assert answering_sentence([one, two], "みどり祭りはどの地域で開かれる？", policy) is None
    right, fewer = _cand("部会は防災部会、福祉部会、教育部会である。"), _cand("当初は総務、広報の2部会で始まった。")
    assert answering_sentence([right, fewer], "ひばり会の3つの部会は何と何？", policy) is None
    assert not lists("当初は総務、広報の2部会で始まった。", "部会", 3)
    assert lists("防災、福祉、教育の三部会", "部会", 3)


def test_a_heading_table_row_or_note_is_no_reason_and_there_is_not_therefore() -> None:
    policy = AbstainPolicy()
    question = "夜間便まで支援するのはなぜ？"
    therefore = _cand("このため、夜間便も支援の対象とする。", start=80)
    for text in ["■ 夜間便支援の考え方", "| 夜間便 | 支援 | 1/2 |", "(2) 夜間便支援の考え方"]:
        assert reason_before([therefore, _cand(text, start=40)], question, policy) is None, text
    reason = _cand("夜間の通院に不便があるため、運行には支援が必要である。", start=0)
    note = _cand("※1 夜間便:20時以降の便", start=50)
    assert reason_before([therefore, note, reason], question, policy) is reason  # the note is passed over
    there = _cand("そこで出された意見を踏まえ、夜間便も支援の対象とする。", start=80)
    assert reason_before([there, reason], question, policy) is None
    assert reason_before([therefore, reason], "退職理由の内訳は？", policy) is None
    assert (
        asked_name("「みどり条例」を理由に施設名を変更した。", "施設名を変更した理由となった条例の名称は？")
        == "みどり条例"
    )


def test_a_definition_sharing_only_the_term_with_the_question_still_answers() -> None:
    # A footnote defining a term shares the term alone with a question asking it in its own context (「家計調査の
    # 比較に出てくる…」): the term stated is closeness enough, where another sentence needs the question's words.
    policy = AbstainPolicy()
    question = "会報の集計に出てくる「準会員」ってどういう会員のこと？"
    first = _cand("準会員(※1)の数は前年比で増えた。")
    footnote = _cand("※1準会員とは、町外に住む応援者の会員を言う。", overlap=0.05)
    assert answering_sentence([first, footnote], question, policy) is footnote
    assert defines_asked_term(footnote.sentence.clean, question)
    assert not defines_asked_term(first.sentence.clean, question)  # uses the term, says nothing of what it is
    assert not defines_asked_term(footnote.sentence.clean, "準会員は何人？")  # no meaning asked
    # A far sentence that only lists things is not brought closer: the bound still holds for lists.
    listing = _cand("取組を絞り、防災、福祉、教育の 3 部会で展開している。", overlap=0.05)
    assert answering_sentence([first, listing], "ひばり会の3つの部会は何と何？", policy) is None


def test_only_a_question_asking_the_meaning_lets_a_far_definition_answer() -> None:
    # A question that opens with the term and asks another thing about it (「Xとは、…はどの年代？」「Xってどんな世代の
    # …」) is not answered by the term's definition at low overlap: the bound still holds there.
    policy = AbstainPolicy()
    first = _cand("北湖圏への移住は続いている。")
    note = _cand("(注)北湖圏は北湖市、西浜町及び南谷村を指す。", overlap=0.05)
    assert answering_sentence([first, note], "「北湖圏」とは、移住者が一番多いのはどの年代？", policy) is None
    assert answering_sentence([first, note], "北湖圏ってどんな世代の移住が多いの？", policy) is None
    assert answering_sentence([first, note], "北湖圏とは？", policy) is note  # the term alone is asked
    assert answering_sentence([first, note], "「北湖圏」はどこを指していますか？", policy) is note


def test_the_meaning_term_is_asked_in_so_many_words() -> None:
    assert meaning_term("「北湖圏」ってどういう地域のこと？") == "北湖圏"
    assert meaning_term("地域活力指数って何？") == "地域活力指数"
    assert meaning_term("北湖圏とは？") == "北湖圏"
    assert meaning_term("地域活力指数の定義は？") == "地域活力指数"
    assert meaning_term("「北湖圏」とは、移住者が一番多いのはどの年代？") == ""
    assert meaning_term("北湖圏ってどんな世代の移住が多いの？") == ""
    assert term_asked("北湖圏ってどんな世代の移住が多いの？") == "北湖圏"  # the wider reading, for which sentence holds


def _picked(question: str, first: _Cand, policy: AbstainPolicy | None = None) -> object:
    """What `Answerer._pick` answers with when ``first`` is the ranker's first sentence."""
    fake = SimpleNamespace(policy=AbstainPolicy(), may_give_value=lambda *a: True, neighbours=lambda chunk: [])
    picked = Answerer._pick(fake, question, analyze(question), [first], policy)  # type: ignore[arg-type]
    return picked[0] if picked else None


def test_the_first_sentence_defining_the_term_asked_answers_at_low_overlap_if_anchored() -> None:
    # The first sentence itself stating the meaning is not read by `answering_sentence`: `_pick` waives the bound,
    # which without a gate (`held`) is a cut for any other sentence.
    held = AbstainPolicy().held()
    question = "会報に出てくる「準会員」ってどういう会員のこと？"
    footnote = _cand("※1準会員とは、町外に住む応援者の会員を言う。", overlap=0.05)
    assert _picked(question, footnote, held) is footnote
    assert _picked(question, replace(footnote, anchored=False), held) is None  # another subject's passage
    assert _picked("「準会員」とは、どんな名簿で使われている？", footnote, held) is None  # another thing asked


def test_a_quoted_sentence_sharing_few_words_reaches_the_gate_but_a_place_does_not() -> None:
    # A passage answer in other words than the question's: with a gate loaded the word-share bound is the gate's to
    # weigh (it reads `overlap`); a place asked is a value named in the sentence, and the bound stays a cut for it.
    policy = AbstainPolicy()
    far = _cand("移住者の多くは子育て世帯で、空き家の改修費を町が一部負担している。", overlap=0.1)
    assert policy.overlap_ok(far) and not policy.held().overlap_ok(far)
    assert _picked("ひばり町の移住施策の特徴は？", far) is far
    assert _picked("ひばり町の移住施策の特徴は？", far, policy.held()) is None
    assert _picked("ひばり町の移住相談会の会場はどこ？", far) is None
    near = replace(far, overlap=policy.min_overlap + 0.1)
    assert _picked("ひばり町の移住施策の特徴は？", near, policy.held()) is near
