"""Goal box: the initiatives a measure's 【…】 box sets targets for, each by its label 「【X：goal … Y：goal 等】」.

A policy package's measure heading carries its goal in a 【…】 box. When the measure runs several named
initiatives, the box gives each its own target after its name and a colon, one per line:

    ○デジタルライフラインの整備 【ドローン航路：全国の一級河川での整備を目指す
     自動運転サービス支援道：東北から九州までをつなぐ幹線網の形成を図る 等】
    【広域地方計画：全国８つの広域圏で2025年度末頃の策定を目指す】

Each label is an initiative (a network built, a plan drawn up), named as written; the words after its colon
are its goal (the record's summary). A label that names a field of the box instead (目標, KPI, 期間, 対象者,
予算, 日時…) or a date or figure is no initiative, and a label whose goal states no aim or figure is a
caption, not a target.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord

_BOX_LINES = 4  # a goal box wraps over a few lines at most
# A label at the box's start or at the start of one of its wrapped lines, up to its colon.
_LABEL = re.compile(r"(?:【|^)\s*(?P<label>[^\s【】：:、。，,「」（）()・•]{3,25})[：:]", re.MULTILINE)
# A field of the box (what its words are), not a thing it names: 目標：, ＫＰＩ：, 支援対象者：, 令和7年度：.
_FIELD = re.compile(
    r"(?:目標値?|ＫＰＩ|KPI|指標|期間|期限|時期|日時|開催日|日程|場所|会場|対象者?|対象経費|経費|予算|予算額|金額|補助率|"
    r"上限額?|規模|内容|概要|実績|現状|備考|出典|資料|参考|注|例|事例|課題|効果|成果|主催|共催|方法|要件|条件|名称|"
    r"担当|問合せ|問い合わせ|連絡先|URL|成果指標|達成状況|進捗|進捗率|基準値)$"
)
# A head too generic to name an initiative: 【主な取組：…】, 【重点施策：…】.
_GENERIC = re.compile(
    r"^(?:主な|主要|重点|重点的な|具体的な?|今後の|その他の?|新たな|関連)?"
    r"(?:取組|取組み|取り組み|施策|事業|対策|方針|方策|措置|活動|計画)(?:内容|事項|例)?$"
)
# A date or figure: 令和元年度, 2030年, R7; an era's first year only as 令和元/平成元 (元気づくり拠点 is a name).
_DATE_OR_FIGURE = re.compile(r"^(?:(?:令和|平成)元|(?:令和|平成|R|Ｒ)?[0-9０-９])|[0-9０-９]+年度?$")
_TRAILING_ETC = re.compile(r"\s*等$")  # the box's closing 「… 等】」 lists no more goals; it is no part of the last one
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]")  # a name holds kanji or katakana
# The goal after the colon: an aim (目指す, 図る, までに) or a quantity to reach.
_AIM = re.compile(r"目指|目標|図る|までに|実現|策定|整備|形成|達成|[0-9０-９]")


def _box(lines: list[str], i: int) -> tuple[str, int] | None:
    """The text of the 【…】 box opening on line ``i`` (from its 【 to its 】) and its last line, 0-based."""
    line = lines[i]
    if "【" not in line:
        return None
    text = line[line.index("【") :]
    j = i
    while "】" not in text and j + 1 < len(lines) and j - i < _BOX_LINES:
        j += 1
        text += "\n" + lines[j]
    if "】" not in text:
        return None
    return text[: text.index("】")], j


def _is_label(label: str) -> bool:
    generic = _FIELD.search(label) or _GENERIC.match(label) or _DATE_OR_FIGURE.search(label)
    return bool(_NAME_CHAR.search(label)) and not generic


def extract_goal_labels(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each initiative a goal box names by a label before its colon, with the goal as its summary."""
    records: list[ProgrammeRecord] = []
    i = 0
    while i < len(lines):
        found = _box(lines, i)
        if found is None:
            i += 1
            continue
        box, last = found
        labels = list(_LABEL.finditer(box))
        for k, m in enumerate(labels):
            label = m["label"]
            raw = box[m.end() : labels[k + 1].start() if k + 1 < len(labels) else len(box)].rstrip()
            goal = _TRAILING_ETC.sub("", re.sub(r"\s+", " ", raw).strip())
            if not _is_label(label) or not _AIM.search(goal):
                continue
            at = i + box[: m.start("label")].count("\n")  # the line the label stands on, 0-based
            end = i + box[: m.end() + len(raw)].count("\n")  # the goal's last line, so the summary is cited
            records.append(programme_record(doc_id, lines, at + 1, end + 1, name=label, summary=goal))
        i = last + 1
    return records
