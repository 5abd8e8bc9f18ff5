"""Which ones asked, a count given: the constraint check's `which_counted`."""

from assistant.answer.constraints import unmet
from assistant.answer.which_checks import asked_thing, which_counted


def test_the_thing_asked_is_the_noun_the_asking_word_picks_out() -> None:
    assert asked_thing("新しく選ばれたのはどの町ですか？") == "町"
    assert asked_thing("見学会ではどこの企業を回ったの？") == "企業"
    assert asked_thing("協定を結んだ自治体を教えて") == "自治体"
    assert asked_thing("参加した12校ってどこ？") == "校"
    assert asked_thing("協定を結んだ自治体はいくつ？") == ""  # how many: a count answers it
    assert asked_thing("研修はどこまで進んだの？") == ""  # how far, not which


def test_a_count_of_the_asked_thing_does_not_name_them() -> None:
    text = "本年度は、モデル地区を5町から9町へと拡大し、移動販売の実証を行う。"
    assert which_counted("新しく選ばれたのはどの町ですか？", text)
    assert which_counted("見学会ではどこの企業を回ったの？", "○若手社員見学会 開催日：7月3日 訪問企業数：6社")
    assert which_counted("協定を結んだ自治体を教えて", "県外の 7 自治体と協定を結び、相互に職員を派遣している。")


def test_members_written_out_answer_which() -> None:
    assert not which_counted("協定を結んだ3大学はどこ？", "3大学（北川大学、南山大学、東野大学）と協定を結んだ。")
    assert not which_counted("検討する3つの部会はどれ？", "交通、医療、教育の3部会を設け、検討を進めている。")
    text = "これまでの3つの交流軸と重ねる。3つの交流軸は、北部交流軸、中央交流軸及び南部交流軸である。"
    assert not which_counted("3つの交流軸の名称を教えて", text)


def test_a_footnote_mark_is_no_count() -> None:
    assert not which_counted("この協議会の法律上の名称は？", "※2法律上は「地域交流推進協議会」という。")


def test_the_constraint_check_abstains_on_a_count_for_which() -> None:
    text = "本年度は、モデル地区を5町から9町へと拡大し、移動販売の実証を行う。 [1]"
    assert unmet("新しく選ばれたのはどの町ですか？", text) == "count"


def test_a_time_or_a_level_asked_is_no_thing_to_name() -> None:
    assert asked_thing("報告会はどの年度に開かれた？") == ""
    assert asked_thing("説明会はどの月に開催？") == ""
    assert asked_thing("計画はどの段階まで進んだ？") == ""
    assert not which_counted("報告会はどの年度に開かれた？", "令和7年度に開催した。")


def test_a_list_joined_by_oyobi_names_its_members() -> None:
    text = "北川市、南野町、東山町及び西岡村の4市町村で協議会を設けた。"
    assert not which_counted("協議会を設けたのはどの市町村？", text)


def test_commas_of_the_next_sentence_are_no_list() -> None:
    text = "会員企業は6社である。交流会、勉強会、視察、販売会を行う。"
    assert which_counted("会員になっているのはどこの企業？", text)


def test_all_of_a_named_area_names_its_members() -> None:
    text = "北川市と北川地域の全9町村で定住自立圏を形成している。"
    assert not which_counted("定住自立圏はどの市町村で形成されている？", text)
