"""Member lists whose legend marks a role (◎は委員長): who holds the role asked (invented lists)."""

from __future__ import annotations

from assistant.answer.roster import find_role_holder, role_holder_answer, role_holder_in
from assistant.evals.metrics import lead_of
from assistant.types import Chunk, Citation, Hit

PANEL = (
    "海辺のまちづくり検討会 委員名簿\n"
    "（五十音順、敬称略、◎は座長、○は座長代理）\n"
    "- 青木 健太 港南大学教授\n"
    "- ○川村 由紀 潮見市副市長\n"
    "- ◎佐伯 一郎 北浜大学名誉教授/地域研究所長\n"
    "- 田島 春香 NPO法人うみのわ代表理事"
)
TITLE = "湖北交通再編協議会 委員名簿"
LIST = "(◎：会長)\n- ◎ 山本花子（湖北大学教授）\n- 中川 拓 湖北バス株式会社社長"
IDF = {t: 4.0 for t in ("海辺", "検討", "コホク", "交通", "再編", "協議", "山間", "観光")}


def _chunk(text: str, line_start: int = 10, cid: str = "c") -> Chunk:
    return Chunk(cid, "doc.txt", "資料", "", line_start, line_start + text.count("\n"), text, text)


def _citation(n: int, hit: Hit, quote: str, start: int, end: int) -> Citation:
    c = hit.chunk
    return Citation(n, c.chunk_id, c.doc, c.title, None, c.text, quote, c.line_start, c.line_end, start, end)


def test_the_legend_mark_names_the_role_holder_and_a_deputy_apart() -> None:
    chunk = _chunk(PANEL)
    chair = role_holder_in(chunk, "座長")
    assert chair is not None and chair.name == "佐伯 一郎" and chair.affiliation == "北浜大学名誉教授/地域研究所長"
    assert (chair.legend_line, chair.member_line) == (11, 14)
    deputy = role_holder_in(chunk, "座長代理")
    assert deputy is not None and deputy.name == "川村 由紀"
    assert role_holder_in(chunk, "副座長") is None  # the legend marks no such role
    assert role_holder_in(chunk, "委員長") is None


def test_a_name_written_together_and_a_legend_with_a_colon() -> None:
    found = role_holder_in(_chunk(LIST), "会長")
    assert found is not None and found.name == "山本花子" and found.affiliation == "湖北大学教授"


def test_the_list_must_be_about_the_body_the_question_names() -> None:
    title, body = _chunk(TITLE, 1, "t"), _chunk(LIST, 2, "b")
    before = {"b": title}.get

    def prev(c: Chunk) -> Chunk | None:
        return before(c.chunk_id)

    found = find_role_holder("湖北交通再編協議会の会長は誰？", "会長", [body], IDF, prev)
    assert found is not None and found.name == "山本花子"  # the list's title stands in the passage before it
    assert find_role_holder("山間観光協議会の会長は誰？", "会長", [body], IDF, prev) is None
    # A clause before the body (a topic switch) is not part of it.
    assert find_role_holder("ところで、湖北交通再編協議会の会長は誰？", "会長", [body], IDF, prev) is not None


def test_a_mark_used_as_a_bullet_on_several_lines_is_no_legend() -> None:
    text = "○は事務局\n○第1回 会議\n○第2回 会議"
    assert role_holder_in(_chunk(text), "事務局") is None


def test_the_answer_leads_with_the_holder_and_quotes_the_legend_to_the_member() -> None:
    chunk = _chunk(PANEL)
    found = role_holder_in(chunk, "座長")
    assert found is not None
    answer = role_holder_answer(found, "海辺のまちづくり検討会の座長は誰？", _citation).answer
    assert "佐伯一郎" in lead_of(answer.answer).replace(" ", "")
    quote = answer.citations[0].quote
    assert quote.startswith("（五十音順") and quote.endswith("地域研究所長") and quote in chunk.text
