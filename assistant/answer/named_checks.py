"""Whether an answer names the thing a question asks by name, bound to the asked noun in its own words.

「学生団体の名前は」 is answered by 「学生団体「○○」」「○○という学生団体」「○○学生団体」, not by a passage that says
「学生団体を設立」 and names other things elsewhere (a village, a web site): a name must stand next to the noun.
"""

from __future__ import annotations

import re

from assistant.question.named import asked_heads
from assistant.text.names import names_in, new_of_kind
from assistant.text.normalize import normalize

#: A bracketed name or a labelled one right after the noun: 「団体「○○」」「作品『○○』」「法人(○○、△△)」「路線:○○」.
_AFTER = r"\s?(?:[「『]([^」』]{2,40})[」』]|[(（]([^)）]{2,80})[)）]|[:：]\s?([^、。\s]{2,30})|は、?\s?[「『]([^」』]{2,40})[」』])"
#: A name written right before the noun: 「「○○」という団体」「○○と呼ばれる作品」.
_BEFORE = r"[「『]([^」』]{2,40})[」』]\s?(?:という|と呼ばれる|と称する|の)?\s?$"


def _tail(head: str) -> str:
    """The head's last two characters: 「学生団体」 is named as 〜団体, 「特定居住支援法人」 as 〜法人."""
    return head[-2:] if len(head) > 2 else head


def _names_something(span: str, question: str) -> bool:
    """Whether a bracketed or labelled ``span`` names something the question does not write (not a count, not a date)."""
    span = span.strip()
    if not span or re.fullmatch(r"[\d,.\s%~～年月日度件名人社団体か所市町村県、・]+", span):
        return False
    if re.match(r"^\d", span):
        return False  # 「(24県、44市町村)」 counts them, it names none
    return bool(new_of_kind(frozenset({span}), question)) and not span.startswith(("※", "注"))


def names_bound(head: str, text: str, question: str) -> bool:
    """Whether ``text`` writes a name bound to the noun ``head``: a name ending in it, or one bracketed beside it."""
    body = normalize(text)
    tail = _tail(head)
    if any(len(n) > len(tail) and tail in n and n != head for n in new_of_kind(names_in(body), question)):
        return True
    for noun in {head, tail}:
        for m in re.finditer(re.escape(noun), body):
            after = re.match(_AFTER, body[m.end() : m.end() + 90])
            if after and _names_something(next(g for g in after.groups() if g), question):
                return True
            before = re.search(_BEFORE, body[max(0, m.start() - 50) : m.start()])
            if before and _names_something(before.group(1), question):
                return True
    return False


def name_unbound(question: str, text: str) -> bool:
    """A name is asked (of a body, a work, a route…) and ``text`` writes none bound to any asked noun."""
    heads = asked_heads(question)
    return bool(heads) and not any(names_bound(h, text, question) for h in heads)
