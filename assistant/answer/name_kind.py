"""The name a question asks, read with the kind of thing it names (「プロジェクトの名称」 -> 「…プロジェクト」).

`values.find_name` reads quoted and bracketed names and picks one by the words of its label. A question naming the
kind of thing it asks the name of (`question.named.asked_kind`) says more: a Japanese name ends in what it names
(「一次産業の未来を広げる産業振興プロジェクト」「…の一部を改正する法律案」), or a bracket right after a quoted
name says what it is (「「共創戦略」(基本方針)」). Such a name is preferred; a slide line that is itself a name of
that kind, or a run of them (「北東国土軸、日本海国土軸…及び西日本国土軸」), is one too, though not quoted.
"""

from __future__ import annotations

import re

from assistant.answer.values import NAME_SPAN, SOURCE_LINE, find_name
from assistant.question.named import asked_kind
from assistant.text.tokenizer import tokenize

#: A bracket right after a quoted name, saying what it is: 「「共創戦略」(基本方針)」.
_GLOSS = re.compile(r"\s?[(（]([^()（）]{1,12})[)）]")
#: Marks opening a slide line: bullets, boxes, dashes.
_LINE_MARKS = re.compile(r"^[\s\-・○●■◆□※•→]*")
#: A slide line standing for a name: no sentence end, not longer than a long name.
_NAME_LINE_MAX = 50
#: Characters of a name written without quotes (no kana particles, no punctuation).
_NAME_CHARS = r"A-Za-z0-9\u4e00-\u9fff\u30a0-\u30ffー"
#: What joins the names of a run: 「A、B及びC」.
_JOIN = r"(?:、|・|及び|並びに|と|や)"
#: 「(いわゆる人口のダム機能)」: what a thing is commonly called, in a bracket after it.
_SO_CALLED = re.compile(r"[(（]いわゆる\s?([^\s、。()（）「」]{2,20})[)）]")


def asked_name(text: str, question_text: str, names_only: bool = False, first: bool = True) -> str | None:
    """The name in ``text`` that answers a name question: one of the kind asked first (see the module), then
    `values.find_name`'s, then what the sentence says the thing is commonly called.

    A name not quoted (a name line, a run of names) is read only from the ranker's ``first`` sentence: unquoted,
    only its place among the candidates says it is the one asked, not a neighbouring block's."""
    kind = asked_kind(question_text)
    if kind and not SOURCE_LINE.search(text):
        found = name_of_kind(text, question_text, kind, unquoted=first)
        if found:
            return found
    found = find_name(text, question_text, names_only=names_only)
    if found:
        return found
    called = _SO_CALLED.search(text)
    return called.group(1) if called and called.group(1) not in question_text else None


def name_of_kind(text: str, question_text: str, kind: str, unquoted: bool = True) -> str | None:
    """A name of ``kind`` in ``text`` (quoted, glossed, and with ``unquoted`` a name line or a run), or None."""
    asked = set(tokenize(question_text))
    for m in NAME_SPAN.finditer(text):
        name = next(g for g in m.groups() if g)
        if name in question_text or set(tokenize(name)) <= asked:
            continue
        gloss = _GLOSS.match(text, m.end())
        if gloss and kind in gloss.group(1):
            return text[m.start() : gloss.end()].strip()  # said with its quotes and the bracket naming its kind
        if name.endswith(kind) or text.startswith(f"という{kind}", m.end()):
            return name
    if not unquoted:
        return None
    line = _LINE_MARKS.sub("", text).strip()
    bare = re.sub(r"\s?[(（][^()（）]{1,8}[)）]$", "", line)  # 「…(仮称)」
    if (
        len(line) <= _NAME_LINE_MAX
        and bare.endswith(kind)
        and len(bare) > len(kind) + 1
        and not re.search(r"[。:：]", line)
        and not set(tokenize(bare)) <= asked
    ):
        return line
    run = re.search(rf"[{_NAME_CHARS}]{{1,20}}{kind}(?:{_JOIN}[{_NAME_CHARS}]{{1,20}}{kind})+", text)
    return run.group(0) if run else None
