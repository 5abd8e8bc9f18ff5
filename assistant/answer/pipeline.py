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
    >>> chain.invoke({"question": "新規高卒者管内企業就職率の進捗率は？"}).answer  # doctest: +SKIP
"""

from __future__ import annotations

import contextvars
import logging
import re
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableBranch, RunnableConfig, RunnableLambda, RunnablePassthrough

from assistant.answer.answerer import MAX_ANSWER_CHARS
from assistant.answer.conversation import resolve
from assistant.answer.question import content_tokens
from assistant.chunking import Sentence, split_sentences
from assistant.cleaning import content_offset, normalize
from assistant.query import QueryIntent, analyze
from assistant.retrieval.lc import hit_to_document
from assistant.tokenizer import tokenize
from assistant.types import Answer, Citation, Hit, split_lines

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.engine import Engine

log = logging.getLogger(__name__)

T = TypeVar("T")

ABSTAIN_PHRASE = "資料には該当する記載が見つかりませんでした"
#: Share of a claim's content words (question framing aside) that must occur in the passages it cites:
#: a paraphrase keeps the documents' nouns; text about something else does not.
MIN_WORD_SUPPORT = 0.3
#: A chat answer longer than this (markers not counted) is not used; the prompt asks for 300.
HARD_MAX_CHARS = 2 * MAX_ANSWER_CHARS

SYSTEM_PROMPT = """あなたは日本の行政資料（計画・施策・補助事業・KPIなど）について質問に答えるアシスタントです。次の規則を必ず守ってください。
1. 番号付きの資料だけに基づいて答えてください。資料に書かれていない知識・推測・一般論は加えないでください。
2. 各主張の直後に、根拠とした資料の番号を [1] のように半角の角括弧で付けてください。複数の資料に基づく場合は [1][2] のように並べてください。与えられていない番号は使わないでください。
3. 数値・金額・割合・日付・件数は資料の表記どおりに書いてください。丸めたり、計算したり、単位を換算したりしないでください。
4. 資料が質問に答えていない場合は「資料には該当する記載が見つかりませんでした。」とだけ答えてください。
5. 回答は300字以内の日本語で、最初に質問への答え（数値・名称・日付などの要点）を書き、必要な場合だけ短い補足を続けてください。前置きや見出しは不要です。"""

HUMAN_TEMPLATE = """資料:
{passages}

質問: {question}{query_note}"""

PROMPT = ChatPromptTemplate.from_messages([("system", SYSTEM_PROMPT), ("human", HUMAN_TEMPLATE)])


# -- errors that send the pipeline back to the extractive answer ---------------------------------
class ChatAnswerRejected(ValueError):
    """The chat model's answer cannot be used: a citation or a number it gives is not supported."""


class ChatAbstained(ChatAnswerRejected):
    """The chat model said the passages do not answer."""


class ChatTimeout(TimeoutError):
    """The chat model did not answer within ``chat_timeout_s``."""


# -- passages -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Passage:
    """A retrieved passage as numbered for the chat model."""

    n: int
    hit: Hit
    numbered: bool  # the document carries PDF line numbers
    sentences: tuple[Sentence, ...]  # the chunk's sentences (original offsets and lines)
    text: str  # what the model reads: the chunk's lines normalised, PDF line numbers removed

    @classmethod
    def of(cls, n: int, hit: Hit, numbered: bool) -> Passage:
        chunk = hit.chunk
        sentences = tuple(split_sentences(chunk.text, chunk.line_start, numbered))
        return cls(n, hit, numbered, sentences, _readable(chunk.text, numbered, "\n"))

    def span(self, s: Sentence) -> str:
        """A sentence's own words with the table values beside it (which ``Sentence.clean`` drops)."""
        return _readable(self.hit.chunk.text[s.start : s.end], self.numbered, " ")

    @property
    def evidence(self) -> str:
        """Everything shown to the model for this passage (title and heading included), normalised."""
        c = self.hit.chunk
        return normalize(f"{c.title}\n{c.heading}") + "\n" + self.text

    def render(self) -> str:
        c = self.hit.chunk
        lines = f"{c.line_start}行目" if c.line_start == c.line_end else f"{c.line_start}〜{c.line_end}行目"
        head = f"[{self.n}] 出典: {c.title}（{c.doc}、{lines}）"
        if c.heading and normalize(c.heading) not in self.text:
            head += f"\n見出し: {c.heading}"
        return f"{head}\n{self.text}"


def _readable(text: str, numbered: bool, sep: str) -> str:
    """``text``'s non-empty lines normalised, PDF line numbers removed.

    Every line is kept: a table's value rows (「60.9％」) are noise to the sentence splitter but
    are what a KPI question asks for.
    """
    lines = (normalize(raw[content_offset(raw, numbered) :]) for raw in split_lines(text))
    return sep.join(line for line in lines if line)


def format_passages(passages: Sequence[Passage]) -> str:
    return "\n\n".join(p.render() for p in passages)


# -- numbers --------------------------------------------------------------------------------------
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:,\d{3})*(?:\.\d+)?(?:\s?/\s?\d+(?:,\d{3})*(?:\.\d+)?)?(?:\s?%)?")
_LEADING_ZEROS = re.compile(r"(?<![\d.])0+(?=\d)")


def _canon(token: str) -> str:
    token = re.sub(r"\s", "", token).replace(",", "")
    return _LEADING_ZEROS.sub("", token)


def numbers_in(text: str) -> list[str]:
    """The numbers written in ``text`` (normalised: NFKC, no thousands separators), in order.

    Example:
        >>> numbers_in("補助率は１／２、上限2,000万円、進捗率82.9％")
        ['1/2', '2000', '82.9%']
    """
    return [_canon(m.group(0)) for m in _NUMBER.finditer(normalize(text))]


def number_forms(text: str) -> set[str]:
    """Numbers ``text`` supports: each as written, and without its % or as a fraction's parts."""
    forms: set[str] = set()
    for token in numbers_in(text):
        forms.add(token)
        bare = token.rstrip("%")
        forms.add(bare)
        if "/" in bare:
            forms.update(bare.split("/"))
    return forms


# -- parsing and validating the model's answer ----------------------------------------------------
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_PREFIX = re.compile(r"^\s*(?:回答|答え|Answer)\s*[:：]\s*", re.I)
_MARKER = re.compile(r"[\[［【]\s*([0-9０-９]+(?:\s*[,，、・]\s*[0-9０-９]+)*)\s*[\]］】]")
_MARKER_GAP = re.compile(r"[\s,，、]*")


@dataclass(frozen=True)
class _Claim:
    """A stretch of the answer and the passages cited right after it."""

    start: int  # marker group's span in the answer text
    end: int
    text: str  # the words the markers stand behind
    cites: tuple[int, ...]  # passage numbers as given to the model


def clean_output(raw: str) -> str:
    """The model's answer without reasoning blocks or a 「回答:」 prefix."""
    return _PREFIX.sub("", _THINK.sub("", raw or "")).strip()


def _claims(text: str) -> tuple[list[_Claim], str]:
    """Marker groups (``[1][2]``, ``[1, 2]``, ``［１］``) with the words before each, and the tail after the last."""
    groups: list[list[re.Match[str]]] = []
    for m in _MARKER.finditer(text):
        if groups and _MARKER_GAP.fullmatch(text[groups[-1][-1].end() : m.start()]):
            groups[-1].append(m)
        else:
            groups.append([m])
    claims, prev = [], 0
    for group in groups:
        cites = tuple(int(normalize(x)) for m in group for x in re.split(r"[,，、・]", m.group(1)))
        start, end = group[0].start(), group[-1].end()
        claims.append(_Claim(start, end, text[prev:start], tuple(dict.fromkeys(cites))))
        prev = end
    return claims, text[prev:]


def validate(text: str, passages: Sequence[Passage]) -> list[_Claim]:
    """The answer's claims, or `ChatAnswerRejected` saying why the answer cannot be used."""
    claims, tail = _claims(text)
    plain = normalize(_MARKER.sub("", text))
    if not plain:
        raise ChatAnswerRejected("empty answer")
    if plain.startswith(ABSTAIN_PHRASE) or (not claims and ABSTAIN_PHRASE in plain):
        raise ChatAbstained("the chat model found no answer in the passages")
    if not claims:
        raise ChatAnswerRejected("no citation marker [n]")
    given = {p.n: p for p in passages}
    for claim in claims:
        unknown = [n for n in claim.cites if n not in given]
        if unknown:
            raise ChatAnswerRejected(f"cites {''.join(f'[{n}]' for n in unknown)} but was given [1]–[{len(passages)}]")
    if len(plain) > HARD_MAX_CHARS:
        raise ChatAnswerRejected(f"answer of {len(plain)} characters (at most {HARD_MAX_CHARS})")
    forms = {n: number_forms(p.evidence) for n, p in given.items()}
    everything_cited = set().union(*(forms[n] for c in claims for n in c.cites))
    for words, cites in [(c.text, c.cites) for c in claims] + [(tail, ())]:
        supported = set().union(*(forms[n] for n in cites)) if cites else everything_cited
        missing = [x for x in numbers_in(words) if x not in supported]
        if missing:
            where = "".join(f"[{n}]" for n in cites) or "the cited passages"
            raise ChatAnswerRejected(f"number(s) {', '.join(missing)} not written in {where}")
    words = {n: set(tokenize(p.evidence)) for n, p in given.items()}
    all_cited_words = set().union(*(words[n] for c in claims for n in c.cites))
    for claim in claims:
        asked = content_tokens(claim.text)
        if len(asked) >= 3 and _share(asked, set().union(*(words[n] for n in claim.cites))) < MIN_WORD_SUPPORT:
            raise ChatAnswerRejected(
                f"claim 「{claim.text.strip()[:40]}」 is not worded from {''.join(f'[{n}]' for n in claim.cites)}"
            )
    asked = content_tokens(_MARKER.sub("", text).replace(ABSTAIN_PHRASE, ""))
    if asked and _share(asked, all_cited_words) < MIN_WORD_SUPPORT:
        raise ChatAnswerRejected("the answer's words are not from the cited passages")
    return claims


def _share(tokens: set[str], support: set[str]) -> float:
    return len(tokens & support) / len(tokens) if tokens else 1.0


def _renumber(text: str, claims: Sequence[_Claim]) -> tuple[str, list[int]]:
    """Markers renumbered 1, 2… in order of first citation; returns the text and the passage order."""
    order = list(dict.fromkeys(n for c in claims for n in c.cites))
    new = {n: i for i, n in enumerate(order, start=1)}
    out, prev = [], 0
    for c in claims:
        out.append(text[prev : c.start])
        out.append("".join(f"[{new[n]}]" for n in c.cites))
        prev = c.end
    out.append(text[prev:])
    return "".join(out), order


def best_quote(passage: Passage, claim: str) -> tuple[str, int, int]:
    """The passage's sentences (a window of up to three) that best support ``claim``.

    Numbers of the claim written in the window count most, then the claim's words; shorter windows
    win ties. Returns the original wording and its first and last lines.
    """
    chunk = passage.hit.chunk
    sents = passage.sentences
    if not sents:
        first = chunk.text.strip().splitlines()[0] if chunk.text.strip() else ""
        return first, chunk.line_start, chunk.line_start
    nums = set(numbers_in(claim))
    words = set(tokenize(claim))
    spans = [passage.span(s) for s in sents]
    s_nums = [number_forms(x) for x in spans]
    s_words = [set(tokenize(x)) for x in spans]
    best, best_score = (0, 0), float("-inf")
    for a in range(len(sents)):
        for b in range(a, min(len(sents), a + 3)):
            covered_nums = nums & set().union(*s_nums[a : b + 1])
            covered_words = words & set().union(*s_words[a : b + 1])
            score = (
                2.0 * len(covered_nums) / (len(nums) or 1)
                + len(covered_words) / (len(words) or 1)
                - 0.15 * (b - a)
                - 0.0005 * sum(len(x) for x in spans[a : b + 1])
            )
            if score > best_score:
                best, best_score = (a, b), score
    a, b = best
    return chunk.text[sents[a].start : sents[b].end], sents[a].line_start, sents[b].line_end


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


def passages_for(engine: Engine, extractive: Answer, hits: Sequence[Hit]) -> list[Passage]:
    """The passages a chat model is given, numbered from 1: the extractive answer's first.

    Records answers may cite a passage beyond the retrieved ones; it is added, so the model sees
    what the extractive answer stands on.
    """
    ordered: list[Hit] = []
    seen: set[str] = set()
    by_id = {h.chunk.chunk_id: h for h in hits}
    for c in extractive.citations:
        chunk = engine.chunk(c.chunk_id)
        if chunk is not None and c.chunk_id not in seen:
            ordered.append(by_id.get(c.chunk_id) or Hit(chunk, score=0.0, rank=0))
            seen.add(c.chunk_id)
    for h in hits:
        if h.chunk.chunk_id not in seen:
            ordered.append(h)
            seen.add(h.chunk.chunk_id)
    return [
        Passage.of(n, h, bool((engine.document(h.chunk.doc) or {}).get("line_numbers")))
        for n, h in enumerate(ordered, start=1)
    ]


# -- the chain ------------------------------------------------------------------------------------
def build_answer_chain(
    engine: Engine,
    chat_model: BaseChatModel | Runnable | None = None,
    *,
    timeout_s: float | None = None,
) -> Runnable:
    """The answer pipeline: ``{"question", "history", "docs", "top_k"}`` (or a question string) -> `Answer`.

    ``chat_model`` is any LangChain chat model (or Runnable taking messages); None answers
    extractively, exactly as ``engine.answerer``. ``timeout_s`` bounds the model call (default
    ``engine.settings.chat_timeout_s``). Unknown documents in ``docs`` raise `UnknownDocument`.
    """
    answerer = engine.answerer
    deadline = float(engine.settings.chat_timeout_s if timeout_s is None else timeout_s)

    def prepare(inputs: dict[str, Any] | str) -> dict[str, Any]:
        if isinstance(inputs, str):
            inputs = {"question": inputs}
        question = inputs.get("question")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("the answer chain needs a non-empty 'question'")
        history = inputs.get("history") or None
        query = resolve(question, history)
        intent = analyze(question)
        if intent.answer_kind == "general" and query != question:
            intent = QueryIntent(intent.text, intent.value_kinds, analyze(query).answer_kind)
        return {
            "t0": time.perf_counter(),
            "question": question,
            "history": history,
            "docs": engine.check_docs(inputs.get("docs")),
            "top_k": inputs.get("top_k") or None,
            "query": query,
            "intent": intent,
        }

    def extract(state: dict[str, Any]) -> dict[str, Any]:
        answer, hits = answerer.answer_with_hits(state["question"], state["history"], state["docs"], state["top_k"])
        return {**state, "extractive": answer, "hits": list(hits)}

    def number_passages(state: dict[str, Any]) -> dict[str, Any]:
        passages = passages_for(engine, state["extractive"], state["hits"])
        documents = [hit_to_document(p.hit) for p in passages]
        for p, d in zip(passages, documents, strict=True):
            d.metadata["n"] = p.n
        return {**state, "passages": passages, "documents": documents}

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

    writer = (PROMPT | chat_model | StrOutputParser()).with_config(run_name="chat_model_answer")

    def write(state: dict[str, Any], config: RunnableConfig) -> Answer:
        passages: list[Passage] = state["passages"]
        query, question = state["query"], state["question"]
        inputs = {
            "passages": format_passages(passages),
            "question": question,
            "query_note": f"\n（会話の流れから「{query}」についての質問として答えてください）"
            if query != question
            else "",
        }
        try:
            raw = call_with_timeout(lambda: writer.invoke(inputs, config), deadline)
            text = clean_output(raw if isinstance(raw, str) else str(raw))
            claims = validate(text, passages)
        except ChatAbstained as exc:
            log.info("chat model answer not used (%s); returning the extractive answer", exc)
            raise
        except ChatAnswerRejected as exc:
            log.warning("chat model answer rejected (%s); returning the extractive answer", exc)
            raise
        except Exception as exc:
            log.warning("chat model failed (%s: %s); returning the extractive answer", type(exc).__name__, exc)
            raise
        text, order = _renumber(text, claims)
        given = {p.n: p for p in passages}
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
    choose = RunnableBranch((lambda s: bool(s["passages"]), chat), extractive)
    chain = (
        steps
        | RunnableLambda(number_passages, name="passages")
        | RunnablePassthrough.assign(answer=choose)
        | RunnableLambda(finish, name="finish")
    )
    return chain.with_config(run_name="answer_pipeline")


_CHAINS: weakref.WeakKeyDictionary[Engine, Runnable] = weakref.WeakKeyDictionary()
_CHAINS_LOCK = threading.Lock()


def chain_for(engine: Engine) -> Runnable:
    """The engine's answer chain with the chat model from its settings (built once per engine).

    A chat model that cannot be set up is logged once and left out (answers are then extractive).
    """
    with _CHAINS_LOCK:
        chain = _CHAINS.get(engine)
        if chain is None:
            from assistant.answer.llm import load_chat_model

            chain = build_answer_chain(engine, load_chat_model(engine.settings))
            _CHAINS[engine] = chain
        return chain
