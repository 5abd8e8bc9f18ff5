"""The answer pipeline (a LangChain Runnable) with and without a chat model.

Chat models are LangChain's fake ones; nothing calls out. The chain runs on the project's real
index (``index/``, built with ``assistant index build``); those tests are skipped with the reason
when no usable index is there.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

import pytest
from pydantic import Field

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel  # noqa: E402
from langchain_core.messages import AIMessage, BaseMessage  # noqa: E402
from langchain_core.runnables import Runnable  # noqa: E402

from assistant.answer import chat_checks, pipeline  # noqa: E402
from assistant.answer.chat_checks import (  # noqa: E402
    ABSTAIN_PHRASE,
    ChatAbstained,
    ChatAnswerRejected,
    number_forms,
    numbers_in,
    validate,
)
from assistant.answer.llm import load_chat_model  # noqa: E402
from assistant.answer.pipeline import SYSTEM_PROMPT, build_answer_chain, passages_for  # noqa: E402
from assistant.errors import UnknownDocument  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.types import Answer  # noqa: E402

KPI_Q = "「新規高卒者管内企業就職率」の進捗率はいくつ？"
QUESTIONS: list[dict[str, Any]] = [
    {"question": KPI_Q},
    {"question": "その目標値は？", "history": [{"role": "user", "content": KPI_Q}]},
    {"question": "「モーダルシフト等推進事業」に付いた予算額は？", "docs": ["001_66b98a4b6793b39c.txt"], "top_k": 3},
    {"question": "地域生活圏は人口何人ほどを目安に考えている？"},
    {"question": "東京都の今年の花見の日程は？"},  # not in the documents
]
PIPELINE_LOG = "assistant.answer.pipeline"


# -- fixtures and helpers -------------------------------------------------------------------------


def comparable(answer: Answer) -> dict[str, Any]:
    """An answer without what differs between two runs (its id and time)."""
    data = answer.to_dict()
    data.pop("id")
    data.pop("took_ms")
    return data


class RecordingChatModel(FakeListChatModel):
    """`FakeListChatModel` that keeps the messages it was sent."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def _call(self, messages, *args, **kwargs):
        self.seen.append(list(messages))
        return super()._call(messages, *args, **kwargs)


class FailingChatModel(FakeListChatModel):
    """A model server that is down."""

    def _call(self, *args, **kwargs):
        raise ConnectionError("chat model server unreachable")


@pytest.fixture(scope="module")
def kpi(engine):
    """The KPI question's extractive answer, its passages as numbered for the model, and its key value."""
    extractive, hits = engine.answerer.answer_with_hits(KPI_Q)
    assert not extractive.abstained, f"precondition: the extractive answerer answers {KPI_Q!r}"
    passages = passages_for(engine.passages, engine.passages, engine.passages, extractive, hits)
    value = numbers_in(extractive.answer)[0]  # 82.9% as of writing
    assert value in number_forms(passages[0].evidence), "precondition: the key value is in passage [1]"
    return extractive, passages, value


def assert_extractive(chain, engine, question=KPI_Q) -> Answer:
    """The chain's answer is the extractive one (what the Answerer gives), not the model's."""
    answer = chain.invoke({"question": question})
    assert answer.source != "llm"
    assert comparable(answer) == comparable(engine.answerer.answer(question))
    return answer


# -- the chain without a chat model ---------------------------------------------------------------
def test_chain_is_a_runnable(engine):
    chain = build_answer_chain(engine.answerer, check_docs=engine.check_docs)
    assert isinstance(chain, Runnable)
    assert isinstance(build_answer_chain(engine.answerer, chat_model=FakeListChatModel(responses=["x"])), Runnable)


@pytest.mark.parametrize("inputs", QUESTIONS, ids=lambda i: i["question"])
def test_without_model_equals_answerer(engine, inputs):
    answer = build_answer_chain(engine.answerer, check_docs=engine.check_docs).invoke(inputs)
    expected = engine.answerer.answer(
        inputs["question"], inputs.get("history"), inputs.get("docs"), inputs.get("top_k")
    )
    assert isinstance(answer, Answer)
    assert comparable(answer) == comparable(expected)
    assert answer.took_ms > 0


def test_question_string_and_unknown_document(engine):
    chain = build_answer_chain(engine.answerer, check_docs=engine.check_docs)
    assert comparable(chain.invoke(KPI_Q)) == comparable(engine.answerer.answer(KPI_Q))
    with pytest.raises(UnknownDocument):
        chain.invoke({"question": KPI_Q, "docs": ["no_such_file.txt"]})
    with pytest.raises(ValueError):
        chain.invoke({"question": "  "})


def test_batch_without_model(engine):
    answers = build_answer_chain(engine.answerer, check_docs=engine.check_docs).batch(QUESTIONS)
    assert [a.question for a in answers] == [q["question"] for q in QUESTIONS]
    for inputs, answer in zip(QUESTIONS, answers, strict=True):
        expected = engine.answerer.answer(
            inputs["question"], inputs.get("history"), inputs.get("docs"), inputs.get("top_k")
        )
        assert comparable(answer) == comparable(expected)


# -- a chat model that answers well ---------------------------------------------------------------
def test_valid_model_answer_is_used(engine, kpi):
    extractive, passages, value = kpi
    text = f"新規高卒者管内企業就職率は進捗率{value}です ［１］。"
    model = RecordingChatModel(responses=[text])
    answer = build_answer_chain(engine.answerer, chat_model=model).invoke({"question": KPI_Q})

    assert answer.source == "llm"
    assert answer.answer == f"新規高卒者管内企業就職率は進捗率{value}です [1]。"  # marker normalised
    assert not answer.abstained and answer.kind == extractive.kind and answer.question == KPI_Q
    [citation] = answer.citations
    assert citation.n == 1 and citation.chunk_id == passages[0].hit.chunk.chunk_id
    assert citation.quote and citation.quote in citation.text  # verbatim from the passage
    assert value in number_forms(citation.quote), "the quote is the sentence holding the value"
    assert citation.line_start <= citation.quote_line_start <= citation.quote_line_end <= citation.line_end

    # What the model was given: the rules, then every passage numbered, then the question.
    system, human = model.seen[-1]
    assert system.content == SYSTEM_PROMPT
    for rule in ("[1]", ABSTAIN_PHRASE, "300字以内", "丸めたり"):
        assert rule in system.content
    for p in passages:
        assert f"[{p.n}] 出典: {p.hit.chunk.title}" in human.content
        assert p.text in human.content
    assert human.content.rstrip().endswith(f"質問: {KPI_Q}")
    assert f"[{len(passages) + 1}]" not in human.content


def test_generic_fake_model_and_renumbering(engine, kpi):
    """Citations are renumbered 1, 2… in order of use; [1, 2] and [2][1] become [1][2] and [2][1]."""
    _, passages, value = kpi
    second = next((p for p in passages[1:] if value in number_forms(p.evidence)), None)
    assert second is not None, f"precondition: another passage also holds {value}"
    text = f"進捗率は{value}です [{second.n}, 1]。就職率の進捗率は{value}です [1]。"
    model = GenericFakeChatModel(messages=iter([AIMessage(content=text)]))
    answer = build_answer_chain(engine.answerer, chat_model=model).invoke({"question": KPI_Q})
    assert answer.source == "llm"
    assert answer.answer == f"進捗率は{value}です [1][2]。就職率の進捗率は{value}です [2]。"
    assert [c.chunk_id for c in answer.citations] == [second.hit.chunk.chunk_id, passages[0].hit.chunk.chunk_id]
    assert [c.n for c in answer.citations] == [1, 2]


def test_follow_up_question_reaches_the_model(engine):
    model = RecordingChatModel(responses=["資料には該当する記載が見つかりませんでした。"])
    history = [{"role": "user", "content": KPI_Q}]
    answer = build_answer_chain(engine.answerer, chat_model=model).invoke(
        {"question": "その目標値は？", "history": history}
    )
    human = model.seen[-1][1].content
    # The subject is carried without the field asked before (進捗率): the turn asks another field of the KPI.
    assert "「「新規高卒者管内企業就職率」 その目標値は？」" in human
    assert comparable(answer) == comparable(engine.answerer.answer("その目標値は？", history))


def test_batch_with_model(engine, kpi):
    _, _, value = kpi
    model = FakeListChatModel(responses=[f"新規高卒者管内企業就職率は進捗率{value}です [1]。"])
    answers = build_answer_chain(engine.answerer, chat_model=model).batch(
        [{"question": KPI_Q}] * 3, config={"max_concurrency": 3}
    )
    assert [a.source for a in answers] == ["llm"] * 3
    assert len({a.id for a in answers}) == 3


# -- a chat model whose answer is not used --------------------------------------------------------
@pytest.mark.parametrize(
    ("response", "reason"),
    [
        ("新規高卒者管内企業就職率は進捗率{value}です [7]。", "cites [7]"),
        ("新規高卒者管内企業就職率は進捗率987.6%です [1]。", "987.6%"),
        ("新規高卒者管内企業就職率は進捗率{value}です。", "no citation"),
        ("新規高卒者管内企業就職率は進捗率{value}です [0]。", "cites [0]"),
        ("補助を受けられるのは鉄道と船の事業者です（モーダルシフト等推進事業） [1]。", "not worded from"),
        ("新規高卒者管内企業就職率は進捗率{value}です [1]。" + "就職率は改善しています [1]。" * 60, "characters"),
    ],
    ids=["unknown-citation", "invented-number", "no-citation", "citation-zero", "off-topic", "too-long"],
)
def test_unsupported_answer_falls_back(engine, kpi, caplog, response, reason):
    _, passages, value = kpi
    assert "987.6" not in " ".join(p.evidence for p in passages)
    chain = build_answer_chain(engine.answerer, chat_model=FakeListChatModel(responses=[response.format(value=value)]))
    with caplog.at_level(logging.WARNING, logger=PIPELINE_LOG):
        assert_extractive(chain, engine)
    assert reason in caplog.text, caplog.text


def test_model_abstaining_gives_the_extractive_answer(engine):
    chain = build_answer_chain(engine.answerer, chat_model=FakeListChatModel(responses=[f"{ABSTAIN_PHRASE}。"]))
    assert_extractive(chain, engine)


def test_model_error_falls_back(engine, caplog):
    chain = build_answer_chain(engine.answerer, chat_model=FailingChatModel(responses=["unused"]))
    with caplog.at_level(logging.WARNING, logger=PIPELINE_LOG):
        assert_extractive(chain, engine)
    assert "ConnectionError" in caplog.text


def test_slow_model_falls_back_within_the_timeout(engine, caplog):
    slow = FakeListChatModel(responses=["新規高卒者管内企業就職率は進捗率82.9%です [1]。"], sleep=5.0)
    chain = build_answer_chain(engine.answerer, chat_model=slow, timeout_s=0.5)
    start = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger=PIPELINE_LOG):
        answer = assert_extractive(chain, engine)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.5, f"took {elapsed:.1f} s with a 0.5 s timeout"
    assert answer.took_ms >= 500
    assert "ChatTimeout" in caplog.text


def test_service_chain_timeout_comes_from_settings(engine, monkeypatch):
    """The service hands the chain its settings' deadline: a slow model falls back to the extractive answer."""
    from assistant.service import Assistant

    slow = FakeListChatModel(responses=["x [1]"], sleep=3.0)
    monkeypatch.setattr("assistant.answer.llm.load_chat_model", lambda settings: slow)
    settings = engine.settings.model_copy(update={"chat_timeout_s": 0.3})
    service = Assistant(settings, engine.stored, engine.bm25, engine.dense, engine.records)
    chain = service.chain
    start = time.perf_counter()
    assert_extractive(chain, engine)
    assert time.perf_counter() - start < 2.0


# -- the engine's chain ---------------------------------------------------------------------------
def test_service_chain_uses_the_configured_chat_model(engine, monkeypatch, kpi):
    """The service builds the chain once, with the chat model its settings name."""
    from assistant.service import Assistant

    _, _, value = kpi
    loaded: list[Settings] = []

    def fake_load(settings):
        loaded.append(settings)
        return FakeListChatModel(responses=[f"新規高卒者管内企業就職率は進捗率{value}です [1]。"])

    monkeypatch.setattr("assistant.answer.llm.load_chat_model", fake_load)
    service = Assistant(engine.settings, engine.stored, engine.bm25, engine.dense, engine.records)
    chain = service.chain
    assert service.chain is chain and loaded == [engine.settings]
    assert chain.invoke({"question": KPI_Q}).source == "llm"


# -- validation, without the index ----------------------------------------------------------------
def _passages(*texts: str) -> list[chat_checks.Passage]:
    from assistant.types import Chunk, Hit

    out = []
    for n, text in enumerate(texts, start=1):
        chunk = Chunk(f"c{n}", "t.txt", "テスト資料", "", 1, text.count("\n") + 1, text, text)
        out.append(chat_checks.Passage.of(n, Hit(chunk, 1.0, n), numbered=False))
    return out


def test_numbers_are_compared_as_written():
    assert numbers_in("補助率は１／２以内、上限２，０００万円、進捗率８２．９％、R6") == ["1/2", "2000", "82.9%", "6"]
    forms = number_forms("補助率は1/2以内。進捗率は82.9％。")
    assert {"1/2", "1", "2", "82.9%", "82.9"} <= forms
    assert "83" not in forms and "82.90" not in forms


def test_validate_rules():
    ps = _passages("補助率は1/2以内、上限は2,000万円です。", "令和6年度の予算額は40.6百万円です。")
    claims = validate("補助率は1/2以内、上限は2000万円です [1]。予算額は40.6百万円です [2]。", ps)
    assert [c.cites for c in claims] == [(1,), (2,)]
    with pytest.raises(ChatAnswerRejected, match=r"40\.6"):
        validate("予算額は40.6百万円です [1]。", ps)  # the number is in [2], not in the passage cited
    with pytest.raises(ChatAnswerRejected, match="41"):
        validate("予算額は約41百万円です [2]。", ps)  # rounded
    with pytest.raises(ChatAnswerRejected, match="50%"):
        validate("補助率は50%です [1]。", ps)  # 1/2 written as a percentage
    with pytest.raises(ChatAnswerRejected, match=r"cites \[3\]"):
        validate("補助率は1/2以内です [3]。", ps)
    with pytest.raises(ChatAbstained):
        validate(f"{ABSTAIN_PHRASE}。", ps)
    assert validate(f"補助率は1/2以内です [1]。予算については{ABSTAIN_PHRASE}。", ps)


# -- loading the chat model -----------------------------------------------------------------------
def test_no_chat_model_configured():
    assert load_chat_model(Settings(chat_model=None)) is None
    assert load_chat_model(Settings(chat_model="  ")) is None


def test_unusable_chat_model_is_logged_and_skipped(caplog, monkeypatch):
    with caplog.at_level(logging.WARNING, logger="assistant.answer.llm"):
        assert load_chat_model(Settings(chat_model="no_such_provider:model")) is None
    assert "not used" in caplog.text

    def missing_package(*args, **kwargs):
        raise ImportError("No module named 'langchain_openai'")

    monkeypatch.setattr("langchain.chat_models.init_chat_model", missing_package)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="assistant.answer.llm"):
        assert load_chat_model(Settings(chat_model="openai:my-model")) is None
    assert "integration package is not installed" in caplog.text


def test_chat_model_arguments(monkeypatch):
    calls: list[tuple[str, dict[str, Any]]] = []

    def init(spec, **kwargs):
        calls.append((spec, kwargs))
        if spec.startswith("xprovider") and "temperature" in kwargs:
            raise TypeError("unexpected keyword argument 'temperature'")
        return FakeListChatModel(responses=["x"])

    monkeypatch.setattr("langchain.chat_models.init_chat_model", init)
    monkeypatch.setenv("ASSISTANT_CHAT_BASE_URL", "http://127.0.0.1:8001/v1")
    model = load_chat_model(Settings(chat_model="openai:my-model", chat_timeout_s=7))
    assert isinstance(model, FakeListChatModel)
    spec, kwargs = calls[-1]
    assert spec == "openai:my-model"
    assert kwargs["timeout"] == 7 and kwargs["temperature"] == 0 and kwargs["base_url"] == "http://127.0.0.1:8001/v1"

    calls.clear()
    load_chat_model(Settings(chat_model="ollama:qwen2.5", chat_timeout_s=9))
    assert calls[-1][1]["client_kwargs"] == {"timeout": 9} and "timeout" not in calls[-1][1]

    calls.clear()  # a model class refusing our arguments gets only the server's address
    assert load_chat_model(Settings(chat_model="xprovider:m")) is not None
    assert len(calls) == 2 and calls[1][1] == {"base_url": "http://127.0.0.1:8001/v1"}


def test_timeout_helper_does_not_wait_for_a_hung_call():
    release = threading.Event()
    start = time.perf_counter()
    with pytest.raises(chat_checks.ChatTimeout):
        pipeline.call_with_timeout(release.wait, 0.2)
    assert time.perf_counter() - start < 1.0
    release.set()
    assert pipeline.call_with_timeout(lambda: 42, 1.0) == 42


def test_an_abstention_for_another_condition_is_not_handed_to_the_model(engine):
    # The fair's 2024 dates are in the corpus; 2019 is asked. A model given the passage would say 2024's dates.
    question = "2019年度の「北海道空知ワインと食のフェア」の開催日は？"
    model = RecordingChatModel(responses=["開催日は令和6年7月31日です [1]。"])
    answer = build_answer_chain(engine.answerer, chat_model=model).invoke({"question": question})
    assert answer.abstained and answer.abstained_by == "constraint" and answer.source == "extractive"
    assert not model.seen, "the chat model was not asked"
