"""Programme extraction entry point: runs every programme reader over one document and merges readings."""

from __future__ import annotations

from .merge import merge_programmes
from .models import ProgrammeRecord
from .programme_actors import extract_case_actors
from .programme_basis import extract_data_tools, extract_policy_bases
from .programme_blocks import extract_budget_blocks, extract_prose_budgets
from .programme_bodies import extract_bodies
from .programme_cases import extract_case_headings, extract_listed_instruments
from .programme_comparisons import extract_compared_policies
from .programme_concepts import extract_policy_concepts
from .programme_designations import extract_designations, extract_prose_designations, extract_zone_legends
from .programme_entities import extract_named_entities
from .programme_events import extract_events
from .programme_goal_labels import extract_goal_labels
from .programme_kind_headings import extract_kind_headings
from .programme_labelled import extract_labelled_entries
from .programme_legal_names import extract_legal_names
from .programme_measures import extract_measures
from .programme_mentions import (
    extract_branded_offerings,
    extract_instrument_schemes,
    extract_named_initiatives,
    extract_quoted_frameworks,
)
from .programme_named import (
    extract_abbreviated,
    extract_base_cards,
    extract_case_cards,
    extract_outline_schemes,
    extract_scheme_headlines,
    extract_title_umbrellas,
)
from .programme_plans import (
    extract_formal_plans,
    extract_plans,
    extract_structure_goals,
    extract_theme_cards,
)
from .programme_project_table import extract_project_tables
from .programme_prose import (
    extract_footnoted_schemes,
    extract_named_schemes,
    extract_project_pages,
    extract_sub_programmes,
)
from .programme_prose_terms import read_prose_terms
from .programme_quoted import extract_quoted_projects
from .programme_roles import extract_honorary_roles
from .programme_scheme_blocks import extract_scheme_blocks
from .programme_statutes import extract_amending_acts, extract_drafted_plans
from .programme_support import extract_support_sections
from .programme_tables import extract_programme_tables
from .programme_titled_boxes import extract_titled_boxes
from .text import read_grounded

_READERS = (
    extract_programme_tables,  # programme table: tab-separated rows (施策一覧, 主な予算)
    extract_support_sections,  # programme block: numbered sections with 【支援対象者】【支援額】
    extract_budget_blocks,  # programme block: name line + 予算額 line
    extract_scheme_blocks,  # programme block: name line (ministry or budget in brackets) over support and labelled terms
    extract_kind_headings,  # programme block: 「X（当初・補正）」 heading + summary paragraph
    extract_titled_boxes,  # programme block: 「【X《拡充》】」 alone on its line over its description and labelled terms
    extract_labelled_entries,  # programme list: adopted projects, each 【事業名】 X under a heading (R7)
    extract_sub_programmes,  # programme block: 「X事業 (purpose)」 heading with the items it supports
    extract_prose_budgets,  # prose: 「累計6,000億円（…補正）の…補助金」
    extract_project_tables,  # programme table whose cells come one per line: 「事業名 概要」
    extract_project_pages,  # project pages: title + 【area】
    extract_footnoted_schemes,  # prose: a scheme with a footnote defining it
    extract_named_schemes,  # prose: a scheme named in a sentence or bullet
    extract_bodies,  # prose or block: a network, platform or consortium set up by name
    extract_events,  # project page: 「■ Xの開催［振興局］」, 「○X」 over its card (開催日・概要): events and initiatives
    extract_abbreviated,  # prose: a scheme with its short form 「…事業（…事業）」, a brand with its reading
    extract_scheme_headlines,  # prose: 「…制度の拡充など…」, a headline about a named scheme
    extract_case_cards,  # slide of examples: a card's title (and place) over ・ bullets
    extract_base_cards,  # slide of examples: 「【place】」 over a base's name over what it is
    extract_case_headings,  # report: a numbered case heading naming a body 「(ii) 特定非営利活動法人X」, 「参考事例①：X（place）」
    extract_listed_instruments,  # adopted projects' rows 「④X町、Y社 デジタル住民票による…」: the register or identity set up
    extract_outline_schemes,  # a bill's outline: 「1 【theme】 …制度の創設」
    extract_title_umbrellas,  # a page title 「…の主な取組（X事業・Y事業）」: the schemes its entries run under
    extract_instrument_schemes,  # prose: a scheme a sentence uses or extends 「X事業等を通じて」「X制度やY制度の延長」
    extract_quoted_frameworks,  # prose: a quoted framework created or used 「「X会議」を通じて」「「X連携」の枠組みの創設」「「X」を進める」
    extract_named_initiatives,  # prose: an event a body hosts 「…主催の X講座」, a plan drawn up 「X プランを策定」
    extract_branded_offerings,  # prose: a local service or currency by its brand 「地域通貨「しらか」」「…サービス「ミーツ」は」
    extract_designations,  # list: a national scheme a place joined 「内閣府 X未来都市 [R3.5.21 選定]」
    extract_zone_legends,  # map legend: a special zone alone on its line 「X特区」, its places under it
    extract_prose_designations,  # prose: a designation a place received 「X特区に指定され」「「X」の認定を受けている」
    extract_policy_bases,  # prose: a quoted policy a measure is based on 「「X」…方針2025」に基づき」, with its period
    extract_data_tools,  # prose: data tools by their acronyms as the means of support 「RESAS、RAIDAによる情報支援」
    extract_measures,  # list: a plan's measures as sibling headings 「○ Xの整備 【goal】」「■ Xの形成促進」
    extract_goal_labels,  # goal box: the initiatives a measure's box sets targets for 「【X：goal … Y：goal 等】」
    extract_drafted_plans,  # a bill's outline: 「都道府県が…X計画を作成したとき」, a statutory plan
    extract_amending_acts,  # a bill's title line or an act quoted 「X に関する法律の一部を改正する法律(案)」
    extract_legal_names,  # a bill's outline: a body or scheme marked 「X※2」, its name in law in the note 「※2法律上は「Y」」
    extract_plans,  # prose: a plan drawn up or followed 「「X計画」を踏まえ」「策定したX方針に基づき」
    extract_formal_plans,  # anywhere: a plan or designation by its formal kind 「第三次国土形成計画」「X拠点都市」
    extract_structure_goals,  # prose: a quoted goal of the national structure 「「X回廊」の形成」
    extract_compared_policies,  # table: the policies 「A／B／Cの比較表」 compares, by the formal name under each column head
    extract_theme_cards,  # slide: 「【field】place」 over ×-joined items: a quoted practice, a designated heritage
    extract_policy_concepts,  # report: 「Xとは、…計画に提唱された」, 「X（略称）を普及させる」: policy concepts
    extract_quoted_projects,  # anywhere: a quoted project or event 「「X プロジェクト」」, 「Xフォーラム2025（主催…）」
    extract_named_entities,  # 【PF名】 body and its 代表, a council in ［］ running an activity, 「X協力隊員」, a law's 「Yの規定」
    extract_case_actors,  # prose: an organisation by its legal form acting in a case 「株式会社Xが同町と連携し」「独立行政法人Xをはじめとする…が」
    extract_honorary_roles,  # prose: an honorary role named with its holder 「X応援大使・Y氏」「「Xアンバサダー」Yと」
)


def programme_values(record: ProgrammeRecord) -> list[str]:
    """Strings a record quotes from its sources (budget amounts, rates, caps, applicants, costs)."""
    amounts = [b.amount for b in record.budgets if b.amount]
    return [
        *amounts,
        *(r.rate for r in record.rates),
        *(c.cap for c in record.caps),
        *record.eligible,
        *record.covered_costs,
    ]


def _key(record: ProgrammeRecord) -> tuple:
    """The same reading found by two readers (same name and lines) is kept once."""
    return (record.name, record.line_start, record.line_end)


def extract_programmes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """All programme records of one document, each programme once, in line order."""
    merged = merge_programmes(read_grounded(doc_id, lines, _READERS, _key, programme_values))
    # prose names a scheme and says in the sentences around it whom it designates and when it started
    return read_prose_terms(doc_id, lines, merged)
