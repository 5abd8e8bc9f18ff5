"""Over the whole corpus: every programme-like name a page sets apart as a name has a record in its document.

A name is "set apart" by its layout, independent of which reader handles it: quoted 「X事業」『X計画』, bracketed
【X制度】, a table cell of its own, or a line of its own (a slide title). It is programme-like when it ends in a
programme head noun (事業, 補助金, 交付金, 制度, プロジェクト, 計画, 戦略, 構想 …). Covered means a programme record
of the same document carries the name or a variant alike to it, by the records eval's own rule. The names left out
were read and judged kinds, not programmes: a plan named by its level only (全国計画, 都道府(県)計画), a heading that
names a kind of project, and a footnote. This guards the readers as a whole: a reader retired or narrowed must not
leave a layout's names without records.
"""

from __future__ import annotations

import re

import pytest

from assistant.evals.records_names import name_similarity
from assistant.records import ProgrammeRecord, extract_all

from .conftest import DOCS

_HEAD = r"(?:事業|補助金|交付金|助成金|制度|プロジェクト|プログラム|計画|戦略|構想|税制|特区|基金|ファンド|プラン)"
_NAME = r"[^\s「」『』【】（）()、。：:]{2,40}?" + _HEAD
_LAYOUTS = {
    "quoted": re.compile(r"[「『]([^「」『』]{2,40}?" + _HEAD + r")[」』]"),
    "bracketed": re.compile(r"【([^【】]{2,40}?" + _HEAD + r")】"),
    "cell": re.compile(r"(?:^|\t)(" + _NAME + r")(?=\t|$)"),
    "line": re.compile(r"^\s*(" + _NAME + r")\s*$"),
}
# Read and judged: kinds or labels, not programmes (a plan by its level, a heading for a kind of project).
_KINDS = {"全国計画", "都道府県計画", "ビジョン・事業計画", "特定の分野を対象とした事業"}


def _set_apart(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line, layout, name) for every programme-like name a layout sets apart; footnotes (※) left out."""
    found = []
    for i, line in enumerate(lines, 1):
        if line.lstrip().startswith("※"):
            continue
        for layout, pattern in _LAYOUTS.items():
            found += [(i, layout, m.group(1).strip()) for m in pattern.finditer(line)]
    return found


@pytest.fixture(scope="module")
def programmes(corpus) -> list[ProgrammeRecord]:
    return extract_all((DOCS[key], lines) for key, lines in corpus.items())[1]


def test_every_name_a_layout_sets_apart_has_a_record(programmes, corpus) -> None:
    names: dict[str, list[str]] = {}
    for r in programmes:
        for doc in {r.doc, *(s.doc for s in r.sources)}:
            names.setdefault(doc, []).extend((r.name, *r.variants))
    seen, missing = 0, []
    for key, lines in corpus.items():
        for line, layout, name in _set_apart(lines):
            if name in _KINDS:
                continue
            seen += 1
            if max((name_similarity(name, x) for x in names.get(DOCS[key], [])), default=0.0) < 0.5:
                missing.append((key, line, layout, name))
    assert seen > 80  # the audit reads the layouts of all five documents
    assert not missing


def test_the_layouts_are_read_on_invented_lines() -> None:
    lines = [
        "・市は「みなと再生事業」を進める。",
        "【ひかり住まい支援制度】",
        "分野\tまちづくり交付金\t概要",
        "くらし安心プロジェクト",
        "※本計画は参考である。",
        "事業の概要",  # a label, not a name: too short before the head
    ]
    got = [(layout, name) for _, layout, name in _set_apart(lines)]
    assert ("quoted", "みなと再生事業") in got
    assert ("bracketed", "ひかり住まい支援制度") in got
    assert ("cell", "まちづくり交付金") in got
    assert ("line", "くらし安心プロジェクト") in got
    assert all("本計画" not in n for _, n in got)
