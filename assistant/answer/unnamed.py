"""A name asked that the cited passages never give: they speak of the thing or the role asked, never naming it.

「学生団体の名前は」 answered by 「…の大学生が学生団体を設立」: the passage is about the group and names none;
「協議会の会長は誰」 by 「…協議会長に全面委任」: the chair is spoken of, never named. Every writing of the thing (or
role) in the cited passages and their neighbours is read: one with a name bound to it (「学生団体『X』」「『X』という
学生団体」「ナスコンバレー協議会」「会長・山田太郎氏」) leaves the answer to the gate, and so does a thing they never
write (a paraphrase may name it otherwise). Only when every writing is bare is the name not stated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.text.names import people_in
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tagged
from assistant.types import Chunk

_WORD = r"[\u4e00-\u9fff\u30a1-\u30fc]"
#: The end of a question asking the name itself: 「…名前は？」「…名称を教えて」「…名前って」「何という名前ですか」
#: 「名前なんだっけ」, not 「名称変更はいつ」「名前の由来は」「名称を決めたのは誰」.
_ASKS_IT = r"(?:は|って|を(?:全部|すべて)?教え|を知|が知|で(?:す|しょう)|な[んに]|[?？]|$)"
#: The thing whose name is asked: 「学生団体の名前は」「学生団体、名前は何」「アプリの正式名称」「何というネットワーク」.
_THING = (
    re.compile(rf"({_WORD}{{2,12}})(?:の|、)?\s?(?:正式)?(?:名前|名称){_ASKS_IT}"),
    re.compile(rf"何(?:という|て(?:いう|言う)|と呼ばれる)({_WORD}{{2,12}})"),
)
_ROLES = r"(会長|委員長|座長|理事長|社長|所長|編集長|チーム長|事務局長|代表者|代表|講師|監督|コーディネーター)"
#: The role whose holder is asked: 「協議会の会長は誰」「理事長って誰がやってる」「座長を務めたのは誰」「会長の名前は」; not
#: who chooses the holder (「会長は誰が任命する」「委員長は誰が選ぶ」).
_ROLE = re.compile(
    rf"{_ROLES}(?:(?:は|って|を務め|として)[^。?？]{{0,10}}?(?:(?:誰|だれ|どなた)(?!が(?:任命|選|決め|指名))|何という|お?名前)"
    rf"|の(?:お?名前|氏名){_ASKS_IT})"
)
#: What binds a name after the thing: 「学生団体『きなり』」「協議会(通称…)」「事業名:…」「団体・…」, or the thing's
#: name as the topic (「システムの名称はまちかどリザーブ」「イベント名はX」). A bare 「Xは」 binds none: what follows is
#: mostly about the thing (「協議会は10団体で構成」; with it, test −2 on the same fitted files).
_NAME_AFTER = re.compile(r"\s?(?:[「『(（:：・]|の(?:名称|名前)|名は|名[:：])")
#: What binds a name before it: a closing quote, optionally with という (「『X』という学生団体」「『X』学生団体」).
_NAME_BEFORE = re.compile(r"[」』]\s?(?:という|と呼ばれる|なる)?\s?$")
#: A role's holder is a person written within this many characters of it, in its sentence: a wider reach, or the
#: whole sentence, took people from lists and other clauses beside the role (tune −1, test −2 on the same fitted files).
_ROLE_REACH = 14
_SENTENCE_END = re.compile(r"[。\n]")


@dataclass(frozen=True)
class Asked:
    """The name asked: of a thing (``role`` False) or of a role's holder (``role`` True)."""

    word: str
    role: bool


def asked_name(question: str) -> Asked | None:
    """The thing or role whose name the question asks, else None."""
    text = nfkc(question)
    m = _ROLE.search(text)
    if m:
        return Asked(m.group(1), True)
    for pattern in _THING:
        m = pattern.search(text)
        if m:
            return Asked(m.group(1), False)
    return None


def _starts_word(text: str, at: int) -> bool:
    """Whether a word starts at ``at`` in ``text`` (「大学生団体」 has no word 学生団体: 大学|生|団体)."""
    window = text[max(0, at - 8) : at + 8]
    offset, pos = at - max(0, at - 8), 0
    for surface, *_ in tagged(window):
        found = window.find(surface, pos)
        if found < 0:
            return True  # the tagger changed the text: no reading to refuse the word
        if found == offset:
            return True
        if found > offset:
            return False
        pos = found + len(surface)
    return False


def _thing_named(text: str, start: int, end: int) -> bool | None:
    """True: this writing binds a name; False: it is bare; None: it is no writing of the thing (inside a word)."""
    if _NAME_AFTER.match(text, end) or _NAME_BEFORE.search(text[max(0, start - 8) : start]):
        return True
    before = text[start - 1] if start else ""
    if not before or not re.match(r"[\u4e00-\u9fff\u30a1-\u30fcA-Za-z0-9]", before):
        return False
    if re.match(r"[\u4e00-\u9fff]", before) and not _starts_word(text, start):
        return None
    return True  # 「ナスコンバレー協議会」「伊那市新産業技術推進協議会」: a name compounded with the thing


def _role_named(text: str, start: int, end: int) -> bool:
    """Whether a holder is written with this writing of a role: bound right after it (「代表:静岡鉄道株式会社」), or a
    person near it in the same sentence (「会長・山田太郎氏」「山田会長」「(座長)石井重成」)."""
    if re.match(r"\s?[「『(（:：・]", text[end:]):
        return True
    begin = max([m.end() for m in _SENTENCE_END.finditer(text, 0, start)] + [start - _ROLE_REACH, 0])
    close = _SENTENCE_END.search(text, end)
    return bool(people_in(text[begin : min(close.start() if close else len(text), end + _ROLE_REACH)]))


def name_unstated(question: str, chunks: Sequence[Chunk], key: str | None = None, sentence: str = "") -> bool:
    """The question asks a name the cited ``chunks`` speak of and never give (see the module docstring). A thing's
    name answered by a quoted name (``key`` written 「…」 in its ``sentence``: 「『X』を開始」 for 「取組の名前」) is
    given, wherever the thing's word stands; a role's holder must be a person or bound to the role."""
    asked = asked_name(question)
    if asked is None:
        return False
    if not asked.role and key and (key[:1] in "「『" or re.search(rf"[「『]{re.escape(key)}[」』]", nfkc(sentence))):
        return False
    seen = False
    for chunk in chunks:
        text = nfkc(chunk.search_text)
        for m in re.finditer(re.escape(asked.word), text):
            named = _role_named(text, m.start(), m.end()) if asked.role else _thing_named(text, m.start(), m.end())
            if named:
                return False
            seen = seen or named is False
    return seen


def unnamed(question: str, source: str, chunks: Sequence[Chunk], key: str | None, sentence: str) -> str:
    """ "unnamed" when a sentence answer's passages never give the name asked (`name_unstated`), else "". A record's
    answer is found by its name, not by these passages."""
    return "unnamed" if source != "records" and name_unstated(question, chunks, key, sentence) else ""
