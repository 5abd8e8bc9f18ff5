"""Programme list: a plan's measures, each a marked heading 「○ Xの推進 【goal】」 or a slide's 「■ Xの形成促進」.

A policy package lists its measures as sibling headings with one marker, each naming an action
(…の推進, …の整備, …の創設, …づくり), often with its goal in a 【…】 box and • bullets below:

    ○地域脱炭素ハブの形成          【2030年度までに20か所を目指す】
    • 地方公共団体と地域金融機関が連携し、…

    ○再エネ人材の育成・確保
    • …

Each heading is a measure the plan runs, named as written (the goal box is its KPI, not its name). A
run of marked lines is read as such a list only when most of its siblings end in an action noun: the
same markers also head statistics (「○ 大学数も、…」), visions and a KPI list, whose lines are not measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .make import programme_record
from .models import ProgrammeRecord
from .text import is_blank, strip_bullet

_MARKED = re.compile(r"^\s*(?:-\s*)?(?P<mark>[■○〇◆])\s*(?P<text>\S.*)$")
_MARK_FAMILY = {"〇": "○"}  # the PDF gives the same round marker as either character
_BOX = re.compile(r"\s*【.*$")  # the measure's goal box, a KPI of its own
_TAGS = re.compile(r"\s*[《≪][^》≫]*[》≫]\s*$")  # 《拡充》《新規》: the status, not the name
# The head nouns of a measure's name: an action a plan takes (整備, 推進) or a thing it builds (…づくり).
_ACTION = re.compile(
    r"(?:推進|促進|整備|形成|強化|創設|構築|展開|支援|育成|確保|普及|拡大|拡充|活用|実現|分散|取組み?|見える化|"
    r"向上|充実|創出|導入|移行|移転|振興|参加|発信|改革|変革|対策|磨き上げ|(?:活性|高度|高付加価値)化|づくり|作り)"
    r"[」』]?$"  # 「…「土づくり」と「人づくり」」: a quoted action closes the name
)
# A space the PDF put into a Japanese phrase at a line wrap; spaces between Latin words stay.
_PDF_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_LABEL = re.compile(r"[：:。]|^[0-9０-９]")  # a label, a sentence or a figure is not a measure's name
# 「２ 地域重点政策ユニット」: a numbered section heading ends a list (a KPI list's ○ lines above are not its siblings).
_SECTION = re.compile(r"^\s*[0-9０-９]{1,2}[\s.．]\s*[^\s0-9０-９]")
_CONTINUATION = 30  # a wrapped heading's second line is short
_WRAPS = 2  # a heading wraps onto two more lines at most (a slide's narrow box)
_OPEN_END = re.compile(r"[、，のをにとやがへ]$")  # a comma or particle: the phrase goes on onto the next line
_GAP = 16  # lines between sibling headings of one list at most (bullets under each)
_MIN_SIBLINGS = 3
_SHARE = 2 / 3  # of siblings that must name an action for the run to be a list of measures


@dataclass(frozen=True)
class _Heading:
    """A marked line (and the line it wraps onto), its marker and its text without the goal box."""

    mark: str
    text: str
    start: int  # 0-based
    end: int


def _wrapped(lines: list[str], i: int, text: str) -> tuple[str, int]:
    """The heading's text with the short unmarked lines it wraps onto (two at most), when the joined text names an action."""
    joined, k = text, i + 1
    for _ in range(_WRAPS):
        while k < len(lines) and not lines[k].strip() and k - i < 3:
            k += 1
        nxt = lines[k].strip() if k < len(lines) else ""
        if not nxt or len(nxt) > _CONTINUATION or _MARKED.match(nxt) or re.match(r"^[【•・\-※]", nxt):
            break
        joined += _BOX.sub("", nxt)
        if _ACTION.search(joined):
            return joined, k
        if not _OPEN_END.search(joined):
            break  # the wrapped line closes the phrase: a third line is not the heading's
        k += 1
    return text, i


def _headings(lines: list[str]) -> list[_Heading]:
    out = []
    for i, line in enumerate(lines):
        m = _MARKED.match(line)
        if m is None:
            continue
        text = _TAGS.sub("", _BOX.sub("", m["text"])).strip()
        end = i
        if not _ACTION.search(text) and "【" not in m["text"]:
            text, end = _wrapped(lines, i, text)
        out.append(_Heading(_MARK_FAMILY.get(m["mark"], m["mark"]), _PDF_SPACE.sub("", text), i, end))
    return out


def _is_measure(h: _Heading) -> bool:
    return 4 <= len(h.text) <= 60 and bool(_ACTION.search(h.text)) and not _LABEL.search(h.text)


def _runs(lines: list[str], headings: list[_Heading]) -> list[list[_Heading]]:
    """Sibling headings: the same marker, each within a few lines of the one before, no section heading between."""
    runs: list[list[_Heading]] = []
    last: dict[str, list[_Heading]] = {}
    for h in headings:
        run = last.get(h.mark)
        if (
            run is not None
            and h.start - run[-1].end <= _GAP
            and not any(_SECTION.match(lines[k]) for k in range(run[-1].end + 1, h.start))
        ):
            run.append(h)
        else:
            last[h.mark] = [h]
            runs.append(last[h.mark])
    return runs


def _summary(lines: list[str], h: _Heading) -> str | None:
    """The bullet paragraph under a heading (past its goal box), when the next thing it says is a bullet."""
    i = h.end + 1
    in_box = "【" in lines[h.start] and "】" not in lines[h.start]
    while i < len(lines) and i - h.end <= 6:  # blank lines and the goal box, which may wrap or stand alone
        text = lines[i].strip()
        if not (in_box or not text or text.startswith("【")):
            break
        in_box = (in_box or text.startswith("【")) and "】" not in text
        i += 1
    if i >= len(lines) or not re.match(r"^\s*[•・]", lines[i]):
        return None
    parts: list[str] = []
    while i < len(lines) and not is_blank(lines[i]) and not _MARKED.match(lines[i]) and len(parts) < 6:
        parts.append(strip_bullet(lines[i].strip()))
        i += 1
    return "".join(parts) or None


def extract_measures(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each measure of a list of marked measure headings, named as its heading says."""
    records = []
    for run in _runs(lines, _headings(lines)):
        measures = [h for h in run if _is_measure(h)]
        if len(run) < _MIN_SIBLINGS or len(measures) < _SHARE * len(run):
            continue
        for h in measures:
            records.append(
                programme_record(doc_id, lines, h.start + 1, h.end + 1, name=h.text, summary=_summary(lines, h))
            )
    return records
