"""Request and response models of the HTTP API (with the Japanese examples shown at ``/docs``).

Requests are strict: wrong JSON types are refused rather than coerced (``"5"`` is not a ``top_k``),
unknown fields are refused, and free text may not contain C0 control characters other than tab,
newline and carriage return, bidirectional controls (U+202E …) or unpaired surrogates, nor be made of
whitespace and zero-width characters only.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_TEXT = 2000
MAX_DOCS = 50
EXAMPLE_DOC = "004_49aeb67bc23e3385.txt"
EXAMPLE_QUESTION = "新規高卒者管内企業就職率の進捗率は？"


#: Bidirectional controls: they make text display in another order than it is read ("Trojan source").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _invisible(ch: str) -> bool:
    """Whitespace or a format character (zero-width space, joiner, BOM): nothing a reader sees."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def clean_text(value: str) -> str:
    """Refuse blank text (zero-width characters count as blank), C0 control characters (except
    tab, LF, CR), bidirectional controls and unpaired surrogates."""
    for i, ch in enumerate(value):
        code = ord(ch)
        if (code < 0x20 and ch not in "\t\n\r") or 0xD800 <= code <= 0xDFFF:
            kind = "control character" if code < 0x20 else "unpaired surrogate"
            raise ValueError(f"{kind} U+{code:04X} at position {i} is not allowed")
        if ch in BIDI_CONTROLS:
            raise ValueError(f"bidirectional control character U+{code:04X} at position {i} is not allowed")
    if all(_invisible(ch) for ch in value):
        raise ValueError("must not be empty or only whitespace (zero-width characters included)")
    return value


#: Free text: 1..2000 characters, no control characters.
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(clean_text)]
#: A short filter value (a document file name, a project name, a keyword).
Short = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(clean_text)]
DocList = Annotated[list[Short], Field(max_length=MAX_DOCS)]


class _Request(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


# -- requests ------------------------------------------------------------------------------------
class SearchRequest(_Request):
    """Passages that best match a query (hybrid BM25 + dense retrieval)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"query": "小さな拠点の形成数", "top_k": 5},
                {"query": "地域生活圏とは何か", "top_k": 3, "docs": ["002_b91c70b0932f2c48.txt"]},
            ]
        }
    )

    query: Text = Field(description="検索語（1〜2000文字）。", examples=["小さな拠点の形成数"])
    top_k: int = Field(5, ge=1, le=50, description="返す件数（1〜50）。")
    docs: DocList | None = Field(None, description="対象文書のファイル名（省略時は全文書）。", examples=[[EXAMPLE_DOC]])


class Turn(_Request):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"]
    content: Text


class AnswerRequest(_Request):
    """A question answered from the documents, with citations (or an abstention)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"question": EXAMPLE_QUESTION},
                {
                    "question": "その目標値はいくつですか？",
                    "history": [
                        {"role": "user", "content": EXAMPLE_QUESTION},
                        {"role": "assistant", "content": "進捗率は82.9％です [1]"},
                    ],
                    "docs": [EXAMPLE_DOC],
                    "top_k": 5,
                },
            ]
        }
    )

    question: Text = Field(description="質問（1〜2000文字）。", examples=[EXAMPLE_QUESTION])
    history: Annotated[list[Turn], Field(max_length=100)] | None = Field(
        None, description="それまでの会話（古い順、100 件まで）。追加質問の解釈に使う。"
    )
    docs: DocList | None = Field(None, description="対象文書のファイル名（省略時は全文書）。")
    top_k: int | None = Field(None, ge=1, le=50, description="根拠を探す件数（省略時は設定値）。")


class FeedbackRequest(_Request):
    """A rating of an answer returned by ``POST /v1/answer``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"answer_id": "9c11dc8a09b945cba50b6137ff529ef9", "rating": "up", "comment": "出典の行番号が正確でした"}
            ]
        }
    )

    answer_id: Short = Field(description="回答の id（/v1/answer の応答の id）。")
    rating: Literal["up", "down"] = Field(description="評価: up（役に立った）/ down（役に立たなかった）。")
    comment: Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(lambda v: clean_text(v) if v else v)] | None = (
        Field(None, description="自由記述のコメント（任意）。", examples=["回答が古い年度の数値でした"])
    )


# -- responses -----------------------------------------------------------------------------------
class SearchHit(BaseModel):
    rank: int = Field(description="1 始まりの順位。")
    chunk_id: str
    doc: str = Field(description="コーパスのファイル名。")
    title: str
    text: str = Field(description="チャンクの原文（ファイルの line_start〜line_end 行そのもの）。")
    line_start: int = Field(description="1 始まりの開始行（含む）。")
    line_end: int = Field(description="1 始まりの終了行（含む）。")
    score: float
    heading: str | None = None
    page: int | None = Field(
        None, description="PDF のページ番号（1 始まり、line_start の行のページ）。テキストなどでは null。"
    )
    page_end: int | None = Field(None, description="PDF で line_end の行があるページ。")
    section: str | None = Field(None, description="Word / HTML の見出し（チャンクが属する節）。")
    bm25_score: float | None = None
    dense_score: float | None = None


class SearchResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "小さな拠点の形成数",
                    "hits": [
                        {
                            "rank": 1,
                            "chunk_id": "3aef34797125ebaf",
                            "doc": "001_66b98a4b6793b39c.txt",
                            "title": "小さな拠点・関係人口に関する国土交通省の取組について",
                            "text": "小さな拠点・関係人口に関する国土交通省の取組について\n\n令和6年5月 国土交通省 国土政策局\n…",
                            "line_start": 1,
                            "line_end": 18,
                            "score": 2.54122,
                        }
                    ],
                    "took_ms": 8.4,
                }
            ]
        }
    )

    query: str
    hits: list[SearchHit]
    took_ms: float


class CitationOut(BaseModel):
    n: int = Field(description="回答文中の [n] の番号。")
    chunk_id: str
    doc: str
    title: str
    date: str | None
    text: str = Field(description="根拠のチャンクの原文。")
    quote: str = Field(description="根拠として引用した文（原文どおり）。")
    line_start: int
    line_end: int
    quote_line_start: int | None = None
    quote_line_end: int | None = None
    page: int | None = Field(None, description="引用箇所の PDF のページ番号（1 始まり）。テキストなどでは null。")
    section: str | None = Field(None, description="引用箇所の Word / HTML の見出し。")


class AnswerResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9c11dc8a09b945cba50b6137ff529ef9",
                    "question": EXAMPLE_QUESTION,
                    "answer": "新規高卒者管内企業就職率の進捗率は82.9％です [1]（基準値60.9％(R2)、…、目標値63.9％(R6)、進捗率82.9％）",
                    "abstained": False,
                    "kind": "kpi",
                    "citations": [
                        {
                            "n": 1,
                            "chunk_id": "9d3b766d5ad18b82",
                            "doc": EXAMPLE_DOC,
                            "title": "道央広域連携地域政策展開方針の推進状況（R6）について（資料2）",
                            "date": "2025",
                            "text": "R3 R4 R5 R6\n目標値\n(目標年)\n…",
                            "quote": "新規高卒者管内企業就職率\n60.9％\n（R2）\n\n59.5％ 60.3％ 52.0％ 53.0％\n63.9％\n（R6） 82.9％",
                            "line_start": 330,
                            "line_end": 392,
                            "quote_line_start": 366,
                            "quote_line_end": 372,
                        }
                    ],
                    "related": [],
                    "source": "records",
                    "confidence": 0.97,
                    "abstained_by": None,
                    "took_ms": 166.7,
                }
            ]
        }
    )

    id: str = Field(description="回答の id（フィードバックに使う）。")
    question: str
    answer: str = Field(description="回答文。根拠の番号 [n] が citations の n に対応する。")
    abstained: bool = Field(description="回答を控えたとき true（理由は abstained_by）。")
    kind: Literal["kpi", "programme", "eligibility", "budget", "general"]
    citations: list[CitationOut]
    related: list[CitationOut] = Field(default_factory=list, description="回答を控えたときの、最も近い記載。")
    source: str | None = Field(None, description="extractive / records（KPI・事業の記録、脚注の定義） / llm")
    confidence: float | None = Field(
        None, description="回答が正しい確からしさ（tune 分割で学習したモデルの確率）。モデルがなければ null。"
    )
    abstained_by: Literal["evidence", "constraint", "confidence"] | None = Field(
        None,
        description="回答を控えた理由。evidence: 答えとなる記載がない / constraint: 記載はあるが質問の条件（年度・"
        "対象など）と合わない / confidence: 見つけた答えに確信が持てない。回答したときは null。",
    )
    took_ms: float


class DocumentOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    doc: str = Field(description="コーパスのファイル名。")
    title: str
    publisher: str | None = None
    date: str | None = None
    kind: str | None = None
    chunks: int = Field(description="索引内のチャンク数。")


class DocumentsResponse(BaseModel):
    documents: list[DocumentOut]
    count: int


class KpisResponse(BaseModel):
    kpis: list[dict[str, Any]] = Field(description="KPI レコード（出典の行番号つき）。")
    count: int


class ProgrammesResponse(BaseModel):
    programmes: list[dict[str, Any]] = Field(description="事業・制度のレコード（出典の行番号つき）。")
    count: int


class FeedbackResponse(BaseModel):
    id: int = Field(description="フィードバックの id。")
    answer_id: str
    rating: Literal["up", "down"]
    stored: bool = True
    replayed: bool = Field(False, description="同じ Idempotency-Key の再送で、保存済みの評価を返したとき true。")


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str
    index: dict[str, Any] = Field(description="読み込まれている索引の manifest の要約。")
    uptime_s: float
    query_log: bool


class ReloadResponse(BaseModel):
    reloaded: bool = Field(description="新しい索引に切り替えたとき true。")
    build_id: str = Field(description="いま使っている索引のビルド id。")
    message: str | None = None
    loading: bool = Field(False, description="新しい索引をまだ読み込み中のとき true（202）。")


class OutcomeItem(BaseModel):
    outcome: str = Field(
        description="answered（回答した）、または控えた理由（evidence / constraint / confidence / unrecorded）。"
    )
    label: str = Field(description="日本語の表示名。")
    answers: int = Field(description="記録された回答の数。")
    up: int
    down: int
    down_share: float | None = Field(description="評価された回答のうち 👎 の割合（評価がなければ null）。")


class RatedDownItem(BaseModel):
    answer_id: str
    time: str = Field(description="評価の時刻（UTC、ISO 8601）。")
    question: str | None = Field(description="質問（クエリログが無効だった回答は null）。")
    answer: str | None
    abstained: bool | None
    abstained_by: Literal["evidence", "constraint", "confidence"] | None = Field(
        description="回答を控えた理由（回答したとき、または理由の記録がないとき null）。"
    )
    comment: str | None


class FeedbackSummaryResponse(BaseModel):
    since: str | None = Field(
        description="この時刻以降に記録された回答を集計（days を指定したとき、UTC）。null は全期間。"
    )
    outcomes: list[OutcomeItem] = Field(description="回答した／控えた理由ごとの回答数と、それらへの評価。")
    rated_down: list[RatedDownItem] = Field(description="同じ期間の回答への 👎、新しい順（recent 件まで）。")


class ErrorBody(BaseModel):
    code: str = Field(description="機械可読なエラーコード（validation_error, unknown_document, …）。")
    message: str = Field(description="何が問題か（英語）。")
    details: Any = None


class ErrorResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "validation_error",
                        "message": "body.top_k: Input should be less than or equal to 50",
                        "details": [{"loc": ["body", "top_k"], "type": "less_than_equal", "msg": "…"}],
                    }
                }
            ]
        }
    )

    error: ErrorBody
