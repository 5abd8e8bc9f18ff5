"""Which figure of an indicator a question asks: the baseline, the state reached, the target or the progress.

A progress table writes an indicator's figures in one row (基準値, 実績値, 目標値, 進捗率); 「当初は」「今何人」「何件に
する」「進捗率は」 each ask one of them. `answer/value_roles.py` reads the row's roles and checks a value against this.
"""

from __future__ import annotations

import re

from assistant.question.qualifiers import qualifiers
from assistant.text.normalize import normalize, without_quotes

#: 「当初は」「基準値は」「もともと」「計画策定時」: the baseline asked.
_BASELINE = re.compile(r"当初|基準|もともと|元々|最初|策定時|スタート時")
#: The target asked: 「目標は」「目指す」「何件にする」「何都市まで増やす」.
_TARGET = re.compile(r"目標|目指|めざ|にする|まで(?:に)?(?:増や|伸ば|拡大|引き上げ|高め|減ら)")
#: Progress asked: 「進捗率」「達成率」, or the target as the yardstick: 「目標値に比べてどの程度進んだ」「どれだけ達成」.
_PROGRESS = re.compile(
    r"進捗|達成率|達成度|達成状況|目標(?:に対し|比)|どこまで(?:進|来|達)|(?:どれだけ|どれくらい|どのくらい|何割|何%)\s?達成"
)

#: The target as a yardstick (「目標に対して」「目標比」): the figure asked is written after it (「…の目標に対して、
#: 現状は」 asks the state reached, 「…に対して進捗は」 the progress).
_YARDSTICK = re.compile(r"目標値?(?:に対し|比)")
#: The latest figure asked in words `qualifiers` does not read as the present (「直近の値」「最新の数字」).
_LATEST = re.compile(r"最新|直近|足元")
#: The state and the baseline asked together (「現在値と基準値」「基準値及び実績」), not one glossing the other.
_BOTH = re.compile(
    r"(?:現在|現状|実績|最新|直近)[^、。？?]{0,3}(?:と|や|及び|および|、)\s?(?:当初|基準)"
    r"|(?:当初|基準)[^、。？?]{0,3}(?:と|や|及び|および|、)\s?(?:現在|現状|実績|最新|直近)"
)
#: A share asked after the yardstick (「目標に対して、現在何%？」「何割」) is the progress.
_SHARE = re.compile(r"何\s?(?:%|％|割|パーセント)")


def asked_figure_role(question: str) -> str:
    """The role a question asks of an indicator's figure: "actual" (現在, 今, すでに), "baseline" (当初, 基準),
    "target", "progress", or "" when it names none."""
    text = without_quotes(normalize(question))
    yardstick = _YARDSTICK.search(text)
    after = text[yardstick.end() :] if yardstick is not None else ""
    if after and not _PROGRESS.search(after) and not _SHARE.search(after):
        baseline, now = _BASELINE.search(after), qualifiers(after).now or _LATEST.search(after)
        if baseline and now and _BOTH.search(after):
            return ""  # 「現在値と基準値は」: both asked, no one role (「現状（基準値）」 glosses one)
        if baseline:
            return "baseline"
        if now:
            return "actual"
    if _PROGRESS.search(text):
        return "progress"
    if _BASELINE.search(text) and not _TARGET.search(text):
        return "baseline"
    if qualifiers(question).now:
        # 「現在は何か所で、何か所まで広げる」 asks the state and the aim together: no one role.
        return "" if _TARGET.search(text) else "actual"
    return "target" if _TARGET.search(text) else ""
