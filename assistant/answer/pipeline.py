"""The answer pipeline as a LangChain Runnable, with an optional chat model writing the answer.

``build_answer_chain(engine, chat_model)`` composes::

    resolve  ->  extract  ->  passages  ->  write (chat model, validated)  ->  finish
                 (Answerer)                  .with_fallbacks(extractive answer)

1. **resolve**: the follow-up question is resolved against the history (`conversation.resolve`) and
   the question's intent analysed; the document filter is checked.
2. **extract**: the engine's `Answerer` retrieves with the hybrid retriever and answers from
   records or extractively (``Answerer.answer_with_hits``), returning the passages it used.
3. **passages**: those passages, numbered ``[1]``… (the extractive answer's cited passage first).
4. **write**: only with a chat model. The model gets the numbered passages and a Japanese system
   prompt (answer only from them, cite ``[n]`` after each claim, abstain with
   「資料には該当する記載が見つかりませんでした」, at most 300 characters, key value first). Its answer is
   used only if every ``[n]`` names a passage it was given, it cites at least one, and every
   number in it (NFKC; digits with ``, . / %``) is written in the passages cited for that claim.
   Otherwise (an error, ``chat_timeout_s`` passed, an unsupported claim, or the model abstaining)
   the extractive answer is returned, so the model can only ever rephrase what the documents say.
5. **finish**: the answer's time is the whole pipeline's.

With no chat model the chain returns exactly what ``Answerer.answer`` returns.

Example:
    >>> chain = build_answer_chain(engine)  # doctest: +SKIP
    >>> chain.invoke({"question": "移住相談件数の進捗率は？"}).answer  # doctest: +SKIP
"""

from __future__ import annotations

import contextvars
import functools
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from langchain_core.runnables import Runnable, RunnableBranch, RunnableConfig, RunnableLambda, RunnablePassthrough

from assistant.answer.answerer import Answerer
from assistant.answer.chat_checks import (
    ChatAbstained,
    ChatAnswerRejected,
    ChatTimeout,
    Passage,
    best_quote,
    clean_output,
    format_passages,
    renumber,
    validate,
)
from assistant.answer.limits import MAX_ANSWER_CHARS
from assistant.retrieval.interfaces import DocumentCatalog, PassageLookup, Passages
from assistant.types import Answer, Citation, Hit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.prompts import ChatPromptTemplate

log = logging.getLogger(__name__)

T = TypeVar("T")

SYSTEM_PROMPT = f"""あなたは日本の行政資料（計画・施策・補助事業・KPIなど）について質問に答えるアシスタントです。次の規則を必ず守ってください。
1. 番号付きの資料だけに基づいて答えてください。資料に書かれていない知識・推測・一般論は加えないでください。
2. 各主張の直後に、根拠とした資料の番号を [1] のように半角の角括弧で付けてください。複数の資料に基づく場合は [1][2] のように並べてください。与えられていない番号は使わないでください。
3. 数値・金額・割合・日付・件数は資料の表記どおりに書いてください。丸めたり、計算したり、単位を換算したりしないでください。
4. 資料が質問に答えていない場合は「資料には該当する記載が見つかりませんでした。」とだけ答えてください。
5. 回答は{MAX_ANSWER_CHARS}字以内の日本語で、最初に質問への答え（数値・名称・日付などの要点）を書き、必要な場合だけ短い補足を続けてください。前置きや見出しは不要です。"""

HUMAN_TEMPLATE = """資料:
{passages}

質問: {question}{query_note}"""


@functools.cache
def chat_prompt() -> ChatPromptTemplate:
    """The chat model's prompt, built on first use: the extractive pipeline (no chat model) never imports LangChain's
    prompts, parsers and retrievers (Jinja2, YAML, …), a fraction of a second of every API worker's start."""
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages([("system", SYSTEM_PROMPT), ("human", HUMAN_TEMPLATE)])


# -- running the model with a deadline ------------------------------------------------------------
def call_with_timeout(fn: Callable[[], T], timeout_s: float) -> T:
    """``fn()`` on a daemon thread; `ChatTimeout` if it has not returned after ``timeout_s``.

    A daemon thread (not an executor) so that a model call that never returns cannot keep the
    process from exiting; the call is abandoned, its result discarded.
    """
    ctx = contextvars.copy_context()
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = ctx.run(fn)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="chat-model-call", daemon=True).start()
    if not done.wait(timeout_s):
        raise ChatTimeout(f"no answer within {timeout_s:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def found_but_withheld(answer: Answer) -> bool:
    """Whether the extractive answer abstained on what it found: a passage for another condition than asked, or an
    answer the gate doubted. A chat model rewriting those passages would say the other year's figure as the answer."""
    return answer.abstained_by in ("constraint", "confidence")


def passages_for(
    passages: Passages, lookup: PassageLookup, catalog: DocumentCatalog, extractive: Answer, hits: Sequence[Hit]
) -> list[Passage]:
    """The passages a chat model is given, numbered from 1: the extractive answer's first.

    Records answers may cite a passage beyond the retrieved ones; it is added, so the model sees
    what the extractive answer stands on.
    """
    ordered: list[Hit] = []
    seen: set[str] = set()
    by_id = {h.chunk.chunk_id: h for h in hits}
    for c in extractive.citations:
        position = lookup.position(c.chunk_id)
        chunk = passages.at(position) if position is not None else None
        if chunk is not None and c.chunk_id not in seen:
            ordered.append(by_id.get(c.chunk_id) or Hit(chunk, score=0.0, rank=0))
            seen.add(c.chunk_id)
    for h in hits:
        if h.chunk.chunk_id not in seen:
            ordered.append(h)
            seen.add(h.chunk.chunk_id)
    return [
        Passage.of(n, h, bool((catalog.document(h.chunk.doc) or {}).get("line_numbers")))
        for n, h in enumerate(ordered, start=1)
    ]


# -- the chain ------------------------------------------------------------------------------------
def build_answer_chain(
    answerer: Answerer,
    passages: Passages | None = None,
    catalog: DocumentCatalog | None = None,
    chat_model: BaseChatModel | Runnable | None = None,
    *,
    timeout_s: float = 20.0,
    check_docs: Callable[[Sequence[str] | None], list[str] | None] | None = None,
) -> Runnable:
    """The answer pipeline: ``{"question", "history", "docs", "top_k"}`` (or a question string) -> `Answer`.

    ``chat_model`` is any LangChain chat model (or Runnable taking messages); None answers
    extractively, exactly as ``answerer``. ``timeout_s`` bounds the model call. ``check_docs`` validates the
    document filter (the service's raises `UnknownDocument`). The passages the chat model reads come from
    the LangChain retriever (`AssistantRetriever`) over the answerer's retriever.
    """
    passages = passages if passages is not None else answerer.passages
    lookup = answerer.lookup
    catalog = catalog if catalog is not None else answerer.catalog
    deadline = float(timeout_s)

    def prepare(inputs: dict[str, Any] | str) -> dict[str, Any]:
        if isinstance(inputs, str):
            inputs = {"question": inputs}
        question = inputs.get("question")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("the answer chain needs a non-empty 'question'")
        history = inputs.get("history") or None
        docs = check_docs(inputs.get("docs")) if check_docs else (inputs.get("docs") or None)
        return {
            "t0": time.perf_counter(),
            "question": question,
            "history": history,
            "docs": docs,
            "top_k": inputs.get("top_k") or None,
            "query": answerer.resolve(question, history, docs).query,
        }

    def extract(state: dict[str, Any]) -> dict[str, Any]:
        answer = answerer.answer(state["question"], state["history"], state["docs"], state["top_k"])
        return {**state, "extractive": answer}

    def number_passages(state: dict[str, Any]) -> dict[str, Any]:
        from assistant.retrieval.langchain import AssistantRetriever, document_to_hit

        # The chat model reads what the LangChain retriever returns for the resolved question.
        retriever = AssistantRetriever(
            retriever=answerer.retriever, k=state["top_k"] or answerer.top_k, docs=state["docs"]
        )
        hits = [h for d in retriever.invoke(state["query"]) if (h := document_to_hit(d, passages, lookup)) is not None]
        return {**state, "passages": passages_for(passages, lookup, catalog, state["extractive"], hits)}

    def take_extractive(state: dict[str, Any]) -> Answer:
        return state["extractive"]

    def finish(state: dict[str, Any]) -> Answer:
        answer: Answer = state["answer"]
        answer.question = state["question"]
        answer.took_ms = round((time.perf_counter() - state["t0"]) * 1000, 2)
        return answer

    steps: Runnable = RunnableLambda(prepare, name="resolve") | RunnableLambda(extract, name="extract")
    if chat_model is None:
        chain = (
            steps
            | RunnablePassthrough.assign(answer=RunnableLambda(take_extractive, name="extractive"))
            | RunnableLambda(finish, name="finish")
        )
        return chain.with_config(run_name="answer_pipeline")

    from langchain_core.output_parsers import StrOutputParser

    writer = (chat_prompt() | chat_model | StrOutputParser()).with_config(run_name="chat_model_answer")

    def write(state: dict[str, Any], config: RunnableConfig) -> Answer:
        given_passages: list[Passage] = state["passages"]
        query, question = state["query"], state["question"]
        inputs = {
            "passages": format_passages(given_passages),
            "question": question,
            "query_note": f"\n（会話の流れから「{query}」についての質問として答えてください）"
            if query != question
            else "",
        }
        try:
            raw = call_with_timeout(lambda: writer.invoke(inputs, config), deadline)
            text = clean_output(raw if isinstance(raw, str) else str(raw))
            claims = validate(text, given_passages)
        except ChatAbstained as exc:
            log.info("chat model answer not used (%s); returning the extractive answer", exc)
            raise
        except ChatAnswerRejected as exc:
            log.warning("chat model answer rejected (%s); returning the extractive answer", exc)
            raise
        except Exception as exc:
            log.warning("chat model failed (%s: %s); returning the extractive answer", type(exc).__name__, exc)
            raise
        text, order = renumber(text, claims)
        given = {p.n: p for p in given_passages}
        citations: list[Citation] = []
        for new_n, n in enumerate(order, start=1):
            claim = " ".join(c.text for c in claims if n in c.cites)
            quote, q_start, q_end = best_quote(given[n], claim)
            citations.append(answerer.citation(new_n, given[n].hit, quote, q_start, q_end))
        return Answer(
            id=uuid.uuid4().hex,
            question=question,
            answer=text,
            abstained=False,
            kind=state["extractive"].kind,
            citations=citations,
            related=[],
            source="llm",
        )

    extractive = RunnableLambda(take_extractive, name="extractive")
    chat = RunnableLambda(write, name="chat_answer").with_fallbacks([extractive])
    choose = RunnableBranch(
        (lambda s: bool(s["passages"]) and not found_but_withheld(s["extractive"]), chat), extractive
    )
    chain = (
        steps
        | RunnableLambda(number_passages, name="passages")
        | RunnablePassthrough.assign(answer=choose)
        | RunnableLambda(finish, name="finish")
    )
    return chain.with_config(run_name="answer_pipeline")
