"""A passage answer led by the labelled field that answers: 「場所:…」 for where, 「【支援対象事業者】…」 for who.

Slides and summaries write an event or a programme as a sentence followed by labelled fields (「概要 日時:… 場所:…」,
「【支援対象事業者】 都道府県・市町村、民間事業者 【支援対象経費】…」). The ranker picks the sentence that names the
subject; the field the question asks for stands after it in the same window. That field leads, the window follows.
"""

from __future__ import annotations

import re

#: (what the question asks, the labels of the field that answers it).
FIELDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"どこ(?!まで)|場所|会場|開催地"), r"開催場所|開催地|場所|会場"),
    (
        re.compile(r"誰|だれ|どんな(?:人|団体|主体|事業者|企業)|どの(?:団体|主体|事業者)|申し込め|申請でき|受けられる"),
        r"支援対象事業者|支援対象者|補助対象事業者|補助対象者|対象事業者|対象者|応募資格|申請者",
    ),
)


def answering_field(support: str, sentence: str, question: str) -> str | None:
    """The labelled field of ``support`` the question asks for (label and contents), or None.

    None too when ``sentence`` (the ranker's choice) already holds it."""
    for asked, labels in FIELDS:
        if not asked.search(question):
            continue
        found = re.search(
            rf"(?:【(?:{labels})】|(?<![^\s\-・【])(?:{labels})\s?[:：])\s?[^【】:：。]+?(?=\s?【|\s\S{{1,8}}[:：]|。|$)",
            support,
        )
        if found and found.group(0).strip() not in sentence:
            return found.group(0).strip()
    return None
