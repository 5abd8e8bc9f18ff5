"""The passage (context) bound in the answerer's choice: handed to a loaded gate, a cut with no gate (issue 13)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer.answerer import Answerer
from assistant.answer.extract import Candidate
from assistant.ingest.chunking import split_sentences
from assistant.types import Chunk, Hit

QUESTION = "みどり町の移住相談会には何人来た？"


def _candidate(chunk_id: str, text: str, value: str, context: float) -> Candidate:
    """An invented value sentence close to the question in every measure but ``context`` (its passage's share)."""
    chunk = Chunk(chunk_id, "900_fake.txt", "みどり町の移住施策", "■移住相談会", 1, 2, text, text)
    sentence = split_sentences(text)[0]
    return Candidate(
        Hit(chunk, 1.0, rank=1), sentence, 1.0, 0.6, context, value, 0.6, 0.6, True, True, 1, 1, sentence.clean,
    )  # fmt: skip


def _answerer(engine, monkeypatch, confidence) -> Answerer:
    """The engine's answerer with the passages' candidates invented: a slide bullet whose passage shares few of the
    question's words (「参加者は80人」 under a title the question paraphrases), then a full sentence."""
    answerer = Answerer(
        engine.hybrid, engine.passages, engine.passages, engine.passages, None,
        idf=engine.hybrid.idf, confidence=confidence,
    )  # fmt: skip
    low = answerer.policy.min_context / 2
    thin = _candidate("x1", "・参加者は80人", "80人", low)
    full = _candidate("x2", "みどり町の移住相談会の参加者は120人でした。", "120人", answerer.policy.min_context + 0.2)
    monkeypatch.setattr(answerer.scorer, "candidates", lambda *a, **k: [thin, full])
    monkeypatch.setattr(answerer.blocks, "answer", lambda *a, **k: None)
    return answerer


def test_with_no_gate_a_sentence_below_the_passage_bound_is_skipped_for_the_next(engine, monkeypatch) -> None:
    answer = _answerer(engine, monkeypatch, None).answer(QUESTION)
    assert not answer.abstained and "120人" in answer.answer and "80人" not in answer.answer


def test_with_a_gate_the_sentence_below_the_passage_bound_reaches_it_with_its_context(engine, monkeypatch) -> None:
    seen: list[dict[str, float]] = []
    gate = SimpleNamespace(probability=lambda f: seen.append(f) or 0.9, threshold_for=lambda f: 0.5)
    answerer = _answerer(engine, monkeypatch, gate)
    answer = answerer.answer(QUESTION)
    assert not answer.abstained and "80人" in answer.answer
    assert seen and seen[0]["context"] == pytest.approx(answerer.policy.min_context / 2)


def test_the_gates_training_rows_keep_the_sentence_below_the_passage_bound(engine, monkeypatch) -> None:
    """Calibrate fits with no gate loaded: its rows (`answer_with_features`) must still hold what a gate is handed."""
    answerer = _answerer(engine, monkeypatch, None)
    answer, features, _, _ = answerer.answer_with_features(QUESTION)
    assert "80人" in answer.answer and features is not None
    assert features["context"] == pytest.approx(answerer.policy.min_context / 2)
