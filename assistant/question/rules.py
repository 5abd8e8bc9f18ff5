"""The one table of question rules: what each pattern over a (normalised) question says it asks.

Every part that reads a question (the re-ranker, the records answers, the extractive answerer, the
KPI lookup) takes its patterns from here by name, so a rule is written once and changed in one place.
Patterns run over `assistant.text.normalize.normalize` output (NFKC: ％ -> %, full-width digits -> ASCII).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A named pattern over a question and the general pattern of Japanese questions it stands for."""

    name: str
    pattern: re.Pattern[str]
    means: str

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)


def _rules(*rows: tuple[str, str, str]) -> dict[str, Rule]:
    return {name: Rule(name, re.compile(pattern), means) for name, pattern, means in rows}


#: The roles whose holder a question may ask (a body's chair, a town's mayor): one list for every reader of roles.
ROLE = r"(?:座長|理事長|会長|委員長|部会長|議長|代表者|社長|所長|室長|局長|市長|町長|村長|知事|学長|団長)"

#: A time of day asked: 「開催時間は」「時間帯は」「何時から」, or 「(…の)時間は？」. Not hours counted or changed
#: (「何時間」「時間数」「通勤時間」「時間外」「時間を短縮」「どのくらい」), nor a timetable or a breakdown by hour
#: (「時刻表」「時間帯別」): those ask a duration, a count or a document, not when in the day.
_CLOCK_PHRASES = (
    r"(?:時間帯(?!別)|時刻(?!表)|(?:開催|開始|終了|実施|営業|受付|集合|開演|開場|開館|利用|運行|診療)時間(?![外数別])"
    r"|(?:^|の)時間(?:は|って)(?!\s?(?:何|どの|どれ))|何時(?:から|まで|に|頃|ごろ|開始|開催|スタート))"
)
_CLOCK_ASKED = rf"^(?!.*(?:何時間|何分|どのくらい|どれくらい|どれぐらい|合計|時間数|短縮|延長)).*?{_CLOCK_PHRASES}"

#: name -> rule. Grouped: the kind of value asked, the kind of answer, the field of a record, the form of the question.
ASKS: dict[str, Rule] = _rules(
    # -- the kind of value asked (`QueryIntent.value_kinds`) -------------------------------------
    (
        "amount",
        # 「参加費は」「受講料は」「料金は」: a charge named by its 費/料 asks an amount; 「経費は」 asks which costs.
        r"いくら|金額|予算額|予算規模|予算は|どれだけの予算|どれ[くぐ]らいの予算|費用は|何円|何億|何万円|額は|総額|"
        r"(?<![経実消])費は|(?<![材燃原資肥])料(?:金)?は",
        "an amount of money",
    ),
    ("rate", r"補助率|負担率|割合|何割|何分の|率は", "a rate or share"),
    ("cap", r"上限|最大|限度|いくらまで", "a cap"),
    (
        "count",
        r"何人|何名|何件|何社|何カ所|何か所|何箇所|何ヶ所|いくつ|何団体|何回|何機|何言語|何地点|何km|何倍|何校|"
        r"何世帯|何施設|どれ[くぐ]らいの数|数は|何個|(?<!法)人数|件数|どの[くぐ]らい(?:の)?(?:人|数)|何万|何千",
        "a count with a counter",
    ),
    ("percent", r"何%|何パーセント|割合|進捗率|率は|就職率|比率|カバー率", "a percentage"),
    (
        "date",
        rf"いつ|何年|何月|何日|日時|時期|期限|開催日|会期|年度は|いつまで|いつから|何時|{_CLOCK_ASKED}",
        "a date or period",
    ),
    ("clock", _CLOCK_ASKED, "a time of day (開催時間, 時間帯, 何時から): a date alone does not answer it"),
    (
        "quantity",
        # 「…の人口は？」 ends on the thing measured: a number of people is asked without a question word.
        r"どの[くぐ]らい|どれ[くぐ]らい|どの程度|どれだけ|どれほど|いくつ|何倍|何割|人口(?:は|って)\s?[?？]?$",
        "a quantity of any unit",
    ),
    (
        "definition",
        r"とは|何と呼|名称|名前|何という|呼び方|何型|どういう|何ですか|正式",
        "a definition or a name",
    ),
    ("reason", r"なぜ|理由|目的|狙い|原因|ねらい|背景", "a reason or purpose"),
    # 「どこまで」 asks how far (a level, a target), not where.
    ("place", r"どこ(?!まで)|場所|会場|開催地", "a place"),
    (
        "range",
        r"(?:何|いつ)[^、。?]{0,4}から[^、。?]{0,6}(?:何|いつ)[^、。?]{0,4}まで|いつからいつ|何[^、。?]{0,3}から何",
        "both ends of a range (何歳から何歳まで, いつからいつまで): the range is the answer, not one end",
    ),
    ("who", r"誰|だれ|対象|どんな人|どの団体|構成員|主体|代表", "a person, body or target group"),
    (
        "role_holder",
        # A deputy is its own role (副委員長, 座長代理): not the chair.
        rf"副?{ROLE}(?:代理)?"
        r"(?:は|を務め|に就|として)[^、。]{0,12}(?:誰|だれ|どなた|どこ)",
        "who holds a named role (座長は誰): the passage must name the role",
    ),
    # -- the kind of answer (`QueryIntent.answer_kind`, first match wins, in this order) ---------
    ("kind_kpi", r"KPI|評価指標|基準値|実績値|目標値|進捗率|実績|目標|指標", "an indicator's figures"),
    (
        "kind_eligibility",
        r"補助率|上限|支援対象|補助対象|対象経費|対象者|対象は|要件|条件|支援額|誰が|対象と",
        "who or what a scheme supports, and how much",
    ),
    ("kind_budget", r"予算|いくら|金額|費用|[0-9千万億何]円", "a budget"),
    ("kind_programme", r"事業|施策|プロジェクト|取組|制度|プログラム|支援策|交付金|補助金", "a programme"),
    # -- a KPI record's field --------------------------------------------------------------------
    ("kpi_words", r"KPI|評価指標|基準値|基準年|実績|目標|進捗|達成|集計中|指標", "asked in KPI words"),
    ("kpi_plan", r"新しい|新たな|政策展開方針|R11|令和11|2029", "the new plan's KPI rather than the progress table's"),
    ("kpi_project", r"どのプロジェクト|プロジェクト名|どの事業", "which project an indicator belongs to"),
    (
        "kpi_progress",
        r"進捗|達成|どこまで|進み具合|目標(?:値)?に(?:対して|向けて|比べて)[^。?]{0,12}進ん",
        "the progress rate, also asked in everyday words (「目標に対してどれくらい進んでいる」)",
    ),
    ("kpi_pending", r"集計中", "an actual still being counted"),
    (
        "kpi_status",
        r"集計|いつ|時期|目途|めど|頃",
        "when or whether an actual is counted (「いつ頃集計が出る」): a pending status answers it",
    ),
    ("kpi_baseline", r"基準", "the baseline"),
    ("kpi_target", r"目標", "the target"),
    ("kpi_actual", r"実績", "an actual value"),
    ("comparison", r"何倍|倍に|割合|比べ|増え|減っ|伸び", "a comparison, stated in prose rather than in a record"),
    # -- a programme record's field ---------------------------------------------------------------
    (
        "programme_terms",
        r"補助率|上限|予算|支援対象|補助対象|対象経費|支援額|補助額|対象(?:は|って|を教え|を知り)|いくら|どんな経費|対象者|どういう団体|どんな団体|"
        r"受けられる|経費の(?:どれ|どの|何)|対象(?:に|と)なる(?:経費|費用)",
        "a programme's terms (rate, cap, budget, eligibility, costs)",
    ),
    ("programme_rate", r"補助率|負担|割合|どれ[くぐ]らい補助|支援額|補助額|経費の(?:どれ|どの|何)", "the support rate"),
    ("programme_cap", r"上限|最大|いくらまで|支援額|補助額", "the cap"),
    ("programme_budget", r"予算", "the budget"),
    (
        "programme_eligible",
        r"対象(?!(?:に|と)なる(?:経費|費用)|経費|費用|事業費)|誰|どういう団体|どんな団体|受けられる",
        "who is eligible (「対象経費」「対象になる経費」 ask costs)",
    ),
    (
        "programme_costs",
        r"経費|費用|どんな支援|どのような支援|どういう支援",
        "which costs are covered, what support is given",
    ),
    ("cost_share", r"経費の(?:どれ|どの|何)", "「経費のどれだけ」 asks a rate, not which costs"),
    (
        "programme_period",
        r"(?:(?<!計画)期間|実施年度|事業年度|開催日|会期)(?!中|内|の)",
        # 「会期中の来場者数」「開催日の天気」 ask something within the run, not the run itself.
        "when a programme or event runs (「事業の期間は」「開催日は」; not 「計画期間」, a plan's own, nor 「会期中の…」)",
    ),
    (
        "programme_ministry",
        # 「所管する施設」「所管外」 ask what an office holds, not who runs the programme.
        r"所管(?:省庁|府省|部局|官庁)?(?=は|って|を|が|と|、|\?|？|$)|担当(?:省庁|府省|部局)|どこの(?:省|府省|役所)",
        "which ministry or office runs a programme (「所管省庁は」「担当省庁は」)",
    ),
    # -- the form of the question ------------------------------------------------------------------
    ("name", r"何という|何と呼|名前|名称|呼び方|略称|何型", "a name"),
    (
        "named_one",
        r"どこ(?!まで)|誰|だれ|名前|名称|タイトル|何という|何と(?:呼|い)",
        "a place, body, person or work asked for by its name (「どこまで」 asks a degree)",
    ),
    (
        "person_named",
        r"(?:座長|理事長|会長|委員長|部会長|議長|代表者?|社長|所長|室長|局長|市長|町長|村長|知事|学長|団長|発起人|創業者"
        r"|設立者|首長|代表取締役|講師|講演者|登壇者|出演者|作者|著者"
        # A post named in katakana or as a staff role (「広報ディレクターは誰」「担当者の氏名」) is held by a person too.
        r"|マネージャー|マネジャー|ディレクター|コーディネーター|プロデューサー|アドバイザー|担当者|顧問|教授)"
        r"[^、。]{0,12}(?:誰|だれ|どなた|名前|氏名)"
        r"|(?:誰|だれ|どなた)が[^、。]{0,6}(?:講師|講演|登壇|出演|司会|座長|委員長|会長)|お名前|氏名|人物",
        "a person asked for by name (a role's holder, who spoke or lectured, 氏名): an answer must name a person",
    ),
    (
        "place_named",
        # 「何県」「何市町」 ask how many: a count (see `count_asked`), not which.
        r"(?:どこの|どの)(?:市町村|市町|都道府県|自治体|地域|地方|圏域|国|市|町|村|県|島)"
        r"|(?:市町村|市町|都道府県|自治体|地域|地方|圏域|国|市|町|村|県|島)(?:は|が)(?:どこ|どれ)"
        # Which ones, by name; not the name as a thing of its own (its origin, writing it on a form, a change of it).
        r"|(?:市町村|都道府県|自治体)の?(?:名前|名称)(?!の由来|を(?:記載|記入|書|使)|が変わ|の?変更)",
        "a place asked for by name (どこの町, 自治体はどこ, 自治体の名前): an answer must name a place",
    ),
    (
        "body_named",
        # Not a person named by the body (大学生, 高校生, 会社員): 「どこの大学生」 asks where they are from too.
        r"(?:どこの|どの)(?:企業|会社|大学|学校|高校|団体|法人|組織|事業者|機関)(?![生員])"
        r"|(?:企業|会社|大学|団体|法人|組織|事業者|機関)(?:は|が)(?:どこ|誰|だれ|どれ)"
        r"|(?:企業|会社|大学|団体|法人|組織|事業者|機関)の?(?:名前|名称)",
        "a body asked for by name (どこの企業, 団体の名前): an answer must name a body, not only a place",
    ),
    (
        "located",
        r"どこに(?:あ|位置)|所在地|どこの会場|会場はどこ",
        "where something is (どこにある): a place, or a named site or building (会場, 〜センター), answers",
    ),
    (
        "held_at",
        # The venue itself (「会場は？」「場所はどこ」), not a venue's attribute (「会場の定員」「会場へのアクセス」「会場参加」「開催地の人口」)
        # nor another verb after どこで (「どこで行政手続き」「どこで開発」).
        r"どこで(?:開[かいき]|開催|行[わっうい]|実施|催さ|やっ)|(?:会場|場所)は(?:どこ|どちら|[?？]|$)|どこが会場|会場名"
        r"|(?:開催|実施)(?:場所|地)(?!の)",
        "where an event was held (どこで開かれた, 会場はどこ, 開催場所): a place or a named site answers, a date does not",
    ),
    ("count_asked", r"何|いくつ|どれ(?:くらい|ぐらい|だけ)|割合", "how many or how much, not which"),
    ("called", r"何という|何と呼|呼び方|略称", "what something is called (abstain when no passage names it)"),
    (
        "which_programme",
        r"(?:事業|取組|制度|施策|プロジェクト|プログラム|組織|団体|会議|拠点)は(?:何|なん|どれ)",
        "a programme asked for by what it does: its name stands in the heading above",
    ),
    ("now", r"現在|実際に|実績|これまでに|今まで|現時点|(?<![昨今])今(?![後回年月日般度週])", "the current value"),
    ("target_words", r"目指|目標|目途|見込|予定", "a target rather than a current value"),
)


def asks(name: str, text: str) -> bool:
    """Whether the rule ``name`` matches ``text`` (a normalised question)."""
    return ASKS[name].search(text) is not None


def asked_role(text: str) -> str | None:
    """The role whose holder a question asks for (「検討会の座長は誰」 -> 座長), or None."""
    m = ASKS["role_holder"].search(text)
    return re.match(r"[^はをにと]+", m.group(0)).group(0) if m else None


#: 「どこが実施した」 asks who acted (a body or company), not where: only 「どこが会場/開催地/舞台」 asks a site that way.
_ACTOR = re.compile(r"どこが(?!会場|開催地|舞台)")
#: 「どこを結んでいる」「どこを走る」 ask a route or an object, not where the thing is.
_SITE_ASKED = re.compile(r"どこ(?!を)")


def asks_a_site(text: str) -> bool:
    """Whether a "where" question asks where a thing is or happens, not which body did something."""
    if "どこ" in text and _SITE_ASKED.search(text) is None:
        return False
    return not asks("body_named", text) and _ACTOR.search(text) is None


def asks_a_town(text: str) -> bool:
    """Whether a site question asks which municipality, so a case's town answers it rather than a venue named.

    「どこの町」「自治体はどこ」 always do; a venue or a location asked (「会場はどこ」「どこで開催」「どこにある」) is
    answered by the site the sentence names (a hall, a building), not by the town of the case it stands in.
    """
    if not asks_a_site(text):
        return False
    if asks("place_named", text):
        return True
    return not (asks("held_at", text) or asks("located", text) or "会場" in text)
