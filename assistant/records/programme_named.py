"""Programmes named in passing, by layout: a short form in brackets, a headline about a scheme, a case card.

* a scheme given with its short form: 「プロフェッショナル人材事業（プロ人事業）」 (the short form opens like
  the name and ends like it) or a service's Latin brand with its katakana reading, in a policy bullet:
  「• …REVICareer（レビキャリ）の人材登録を増やす」;
* a headline whose subject is a named scheme and the change made to it: 「地方創生伴走支援制度の拡充など…」;
* a case card on a slide of examples: a title (one line, or two the slide wrapped) whose head noun is an initiative's
  (プロジェクト, 事業, モデル, ネットワーク, サービス…), its place 「（島根県雲南市）」 on the next line or the same
  one, and ・ bullets describing it; a title of any other head (a street, a facility, a school: 「川端通り(…市)」) is a
  case too when its place is given and a blank line opens it, but an organisation's card 「…㈱(…市)」, 「…旅館(…市)」
  names the practice it runs in its bullets, 「・…「農福連携」を実施」; naming none, a firm's card (㈱) is no case,
  while a railway's, an inn's or a college's 「…鉄道(…県)」 is the case itself;
* a base card on a slide of examples: the place in 【】 over the base's name and a line saying what it is:
  「【福島県南相馬市・浪江町】 / 福島ロボットテストフィールド / 「実証の聖地」における…実証環境を整備」;
* a page title listing in brackets the schemes its entries run under: 「…振興局の主な取組（地域政策推進事業・
  地域共創推進事業）」;
* a numbered item of a bill's outline announcing a new scheme: 「1 【都道府県・市町村の連携】 …のための市町村計画制度の
  創設」; 「…法人(二地域居住等支援法人※2)の指定制度の創設」 names the scheme by the short name in brackets.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .text import is_blank

_N = r"[\u4e00-\u9fff\u30a0-\u30ffー々・A-Za-zＡ-Ｚａ-ｚ0-9０-９]"
_SCHEME = r"(?:事業|制度|税制|交付金|補助金|プログラム)"
_ABBREVIATED = re.compile(rf"(?<!{_N})(?P<name>{_N}{{3,30}}?{_SCHEME})[（(](?P<short>{_N}{{2,15}}{_SCHEME})[）)]")
_BRAND = re.compile(r"(?<![A-Za-z])(?P<name>[A-Z][A-Za-z0-9]{3,30})[（(](?P<short>[ァ-ヶー・]{2,15})[）)]")
_CHANGE = r"(?:拡充|創設|延長|見直し|強化|活用促進|使い勝手向上)"
_HEADLINE = re.compile(rf"^[\s\-・•○〇◯✓]*(?P<name>{_N}{{4,30}}?{_SCHEME})の{_CHANGE}")
# A card's head noun says it is an initiative, not a company, a facility or a place: a project or scheme, a model
# other places copy, a network or consortium of bodies, a service offered to residents (a clinic, a trail).
# A council or union of bodies 「九州地域戦略会議」「関西広域連合」 is one too: the bodies act together through it.
_CARD_HEAD = (
    r"(?:プロジェクト|事業|プログラム|モデル|ネットワーク|コンソーシアム|プラットフォーム|サービス|クリニック|トレイル|"
    r"戦略会議|協議会|広域連合)"
)
_CARD = re.compile(rf"[^\s、。・•\-○〇◯■□✓※【(（～][^\s、。～]{{1,38}}{_CARD_HEAD}")
# Any other title of a card: one short phrase, no sentence marks or quotes; a company is not the initiative itself.
_PLAIN_CARD = re.compile(r"[^\s、。・•\-○〇◯■□✓※【(（～「×][^、。「」：:]{1,24}")
# An organisation's card (a company, a college, an inn, a railway) names the body, not what it runs; a university is
# left out of the list, because a learning initiative calls itself one 「…暮らしの大学」.
_COMPANY = re.compile(r"㈱|株式会社|[（(]株[）)]|有限会社|(?:高専|旅館|鉄道|銀行|財団)$")
_FIRM = re.compile(r"㈱|株式会社|[（(]株[）)]|有限会社")
_PRACTICE = re.compile(r"「(?P<name>[^「」]{2,20})」を(?:実施|展開|推進|運営)")
# The place a card gives: a municipality or prefecture 「(長野県伊那市)」「(大阪府等)」, or a named area 「(北海道道東地域)」.
_PLACE = re.compile(r"[（(](?P<place>[^（）()、。]{2,30}?(?:[都道府県市区町村]|地域)等?)[）)]")
_OUTLINE_ITEM = re.compile(
    r"^[\s\-]*[0-9０-９]\s*【[^】]{2,30}】\s*(?P<body>[^。]{4,120}?(?:制度|事業|交付金))の(?:創設|新設|拡充)$"
)
_FOOTNOTE_MARK = re.compile(r"\^\{[^}]{1,6}\}|[*※][0-9０-９]+")
_SHORT_THEN_SCHEME = re.compile(r"[（(](?P<short>[^（）()]{3,30})[）)]\s*の(?P<scheme>[^（）()の]{1,10}制度)$")
_SUBSIDISED = re.compile(r"^等?における(?P<who>[^、。]{2,20}?)に対する(?:補助|助成|支援)")
_BULLET = ("•", "・")
_MARKER = re.compile(r"^[-○〇◯■□【※#]")
_CARD_BULLET = re.compile(r"^・[^・\s]")
_JA_GAP = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])\s+(?=[\u3040-\u30ff\u4e00-\u9fff])")


def _with_next(lines: list[str], i: int) -> tuple[str, int]:
    """Line ``i`` with the next one appended (a name the PDF wrapped), and its length before the join."""
    head = _JA_GAP.sub("", lines[i].rstrip())
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return head + nxt, len(head)


def extract_abbreviated(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A scheme with its short form in brackets; a Latin brand with its reading in a bullet."""
    records = []
    in_bullet = False
    for i, line in enumerate(lines):
        text = line.strip()
        # a bullet runs on over its wrapped lines until a blank line or another marker
        in_bullet = text.startswith(_BULLET) or (in_bullet and bool(text) and not _MARKER.match(text))
        if "\t" in line:
            continue  # a table cell's bracket is a parent programme, read with the table
        joined, cut = _with_next(lines, i)
        for m in _ABBREVIATED.finditer(joined):
            name, short = m["name"], m["short"]
            # an abbreviation opens like the name and is shorter: 「社会資本整備総合交付金(広域連携事業)」 is not one
            if m.start() >= cut or short[0] != name[0] or len(short) >= len(name):
                continue
            last = i if m.end() <= cut else i + 1
            # 「…（プロ人事業）等における地域企業に対する補助制度」: whom the scheme subsidises
            who = _SUBSIDISED.match(joined[m.end() :])
            last = max(last, i + 1 if who and m.end() + who.end() > cut else last)
            records.append(
                programme_record(
                    doc_id, lines, i + 1, last + 1, name=name, variants=[short], eligible=[who["who"]] if who else []
                )
            )
        if not in_bullet:
            continue
        for m in _BRAND.finditer(joined):
            if m.start() < cut:
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], variants=[m["short"]]))
    return records


def extract_scheme_headlines(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「地方創生伴走支援制度の拡充など人材支援の充実」: a line whose subject is a scheme being changed."""
    records = []
    for i, line in enumerate(lines):
        m = _HEADLINE.match(line)
        if m and "\t" not in line:
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
    return records


def _next_text(lines: list[str], i: int, reach: int = 3) -> int | None:
    for j in range(i + 1, min(len(lines), i + 1 + reach)):
        if lines[j].strip():
            return j
    return None


def _card_end(lines: list[str], first: int, reach: int = 12) -> int:
    """The last line of a card's bullets: wrapped lines belong to their bullet; a blank ends the card
    unless another ・ bullet follows it."""
    last = first
    for k in range(first + 1, min(len(lines), first + reach)):
        if lines[k].strip():
            if is_blank(lines[k - 1]) and not lines[k].strip().startswith("・"):
                break
            last = k
    return last


def _card_title(lines: list[str], i: int) -> tuple[str, str, int, bool] | None:
    """A card's title at line ``i`` (its name, the whole title, its last line, whether its head noun is an
    initiative's); a title the slide wrapped over two lines 「こうべ女性就業・活躍 / 促進プロジェクト(兵庫県神戸市)」
    is joined."""
    title = lines[i].strip()
    for whole, last in ((title, i), (title + (lines[i + 1].strip() if i + 1 < len(lines) else ""), i + 1)):
        place = _PLACE.search(whole)
        name = whole[: place.start()].strip() if place and place.end() == len(whole) else whole
        if last != i and (last >= len(lines) or _CARD_BULLET.match(lines[last].strip())):
            break
        if _CARD.fullmatch(name):
            return name, whole, last, True
    # a plain title opens a card: after a blank line or at the head of a page (the PDF indents a page's first line);
    # a wrapped bullet's last line is no title
    if not (i == 0 or is_blank(lines[i - 1]) or lines[i][:1].isspace()):
        return None
    place = _PLACE.search(title)
    # a plain title the slide wrapped: 「たちかわ若者サポート / ステーション（東京都立川市）」, the place closing the
    # second line (a line of its own is the place of a one-line title)
    if place is None and i + 1 < len(lines) and not _PLACE.fullmatch(nxt := lines[i + 1].strip()):
        wrapped = _PLACE.search(whole := title + nxt)
        if wrapped and wrapped.end() == len(whole) and _PLAIN_CARD.fullmatch(name := whole[: wrapped.start()].strip()):
            return name, whole, i + 1, False
    name = title[: place.start()].strip() if place and place.end() == len(title) else title
    if _PLAIN_CARD.fullmatch(name):
        return name, title, i, False
    return None


def extract_case_cards(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """A case card: title (and place) over ・ bullets; the bullets that follow are its summary."""
    records: list[ProgrammeRecord] = []
    title_end = -1
    for i, line in enumerate(lines):
        # the second line of a wrapped title 「促進プロジェクト」 is not a title of its own
        if i <= title_end or not line.strip() or (found := _card_title(lines, i)) is None:
            continue
        name, title, end, initiative = found
        place = _PLACE.search(title)
        j = _next_text(lines, end)
        places = [place["place"]] if place and name != title else []
        if j is not None and not places and (own := _PLACE.fullmatch(lines[j].strip())):
            places, j = [own["place"]], _next_text(lines, j)
        if j is None or not _CARD_BULLET.match(lines[j].strip()) or not (initiative or places):
            continue  # 「・・・概要:3ページ」 is a contents line, not a card; a plain title needs its place
        last, title_end = _card_end(lines, j), end
        summary = "".join(lines[k].strip() for k in range(j, last + 1))
        if not initiative and _COMPANY.search(name):
            # an organisation's card: the initiative is the practice its bullets say it runs; a firm's card is also
            # the firm's, the case's actor (a railway's, an inn's or a college's card is the case itself)
            if _FIRM.search(name):
                firm = programme_record(doc_id, lines, i + 1, last + 1, name=name, summary=summary, notes=places)
                records.append(firm)
            if practice := _PRACTICE.search(_JA_GAP.sub("", summary)):
                name = practice["name"]
            elif _FIRM.search(name):
                continue
        records.append(programme_record(doc_id, lines, i + 1, last + 1, name=name, summary=summary, notes=places))
    return records


# A base card's place heading: 「【北海道大樹町】」 alone (a 【field】 tag before a place is a theme card's, read elsewhere).
_PLACE_HEADING = re.compile(r"【(?P<place>[^】、。]{2,30}[都道府県市区町村])】")
_BASE_NAME = re.compile(r"[^\s、。・•\-○〇■□※【(（「×][^、。【】]{1,24}")
# A heading naming only levels of government (「【市町村】」「【国・都道府県】」) splits roles between them; no place.
_LEVELS_ONLY = re.compile(
    r"(?:国|都道府県|市区町村|区市町村|市町村|市町)(?:・(?:国|都道府県|市区町村|区市町村|市町村|市町))*"
)


def extract_base_cards(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「【place】」 over a base's name (one short line) over the line saying what it is: a base a slide presents."""
    records = []
    for i, line in enumerate(lines):
        m = _PLACE_HEADING.fullmatch(line.strip())
        j = _next_text(lines, i, reach=2) if m else None
        k = _next_text(lines, j, reach=2) if j is not None else None
        if m is None or j is None or k is None or k != j + 1 or _LEVELS_ONLY.fullmatch(m["place"]):
            continue
        name, what = lines[j].strip(), lines[k].strip()
        if not _BASE_NAME.fullmatch(name) or what.startswith("【"):
            continue
        records.append(programme_record(doc_id, lines, i + 1, k + 1, name=name, summary=what, notes=[m["place"]]))
    return records


def extract_outline_schemes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「1 【theme】 …制度の創設」: a numbered item of a bill's outline creating a scheme."""
    records = []
    for i, line in enumerate(lines):
        m = _OUTLINE_ITEM.match(line.rstrip())
        if m is None:
            continue
        # the name is kept as written (marks and all, so it can be found in the line); the variants read
        # without the footnote marks, and by the short name in brackets
        written = m["body"].strip()
        clean = _JA_GAP.sub("", _FOOTNOTE_MARK.sub("", written))
        short = _SHORT_THEN_SCHEME.search(clean)
        variants = [clean, f"{short['short'].strip()}の{short['scheme']}"] if short else [clean]
        records.append(
            programme_record(doc_id, lines, i + 1, i + 1, name=written, variants=variants, summary=line.strip())
        )
    return records


# A title naming the schemes its page reports under, in brackets: 「R7年度における空知総合振興局の主な取組
# （地域政策推進事業・地域共創推進事業）①」; the office before 「の主な取組」 runs them.
_LISTED = rf"[^（）()・、\s]{{4,30}}?{_SCHEME}"  # 「地域づくり推進事業」: any characters but the separators
_UMBRELLA = re.compile(rf"[（(](?P<list>{_LISTED}(?:[・、]{_LISTED})+)[）)]")
_RUNNER = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,15}(?:省|庁|府|振興局|局|部|課))の(?:主な)?(?:取組|事業|施策)")


def extract_title_umbrellas(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Schemes a page title lists in brackets (the umbrellas its entries run under), the office named before them."""
    records = []
    for i, line in enumerate(lines):
        text = line.strip()
        if len(text) > 80 or "。" in text or "\t" in text:
            continue
        m = _UMBRELLA.search(text)
        if m is None:
            continue
        runner = _RUNNER.search(text[: m.start()])
        for name in re.split(r"[・、]", m["list"]):
            records.append(
                programme_record(doc_id, lines, i + 1, i + 1, name=name, ministry=runner["org"] if runner else None)
            )
    return records
