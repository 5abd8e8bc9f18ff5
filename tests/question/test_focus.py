"""The asking clause's words (focus) without the subject clause's fallback (issue 13)."""

from __future__ import annotations

from assistant.question.words import focus_tokens


def test_an_asking_clause_without_a_noun_falls_back_to_the_subject_only_when_asked() -> None:
    """「みどり町の条例は、いつから施行？」: the clause that asks has no noun; its subject is the clause before."""
    question = "みどり町の空き家条例は、いつから施行されていますか？"
    assert "条例" in focus_tokens(question)
    assert focus_tokens(question, subject_fallback=False) == set()
    assert focus_tokens("ハレノヒサイクルについて、年間の利用回数は？", subject_fallback=False) == {
        "年間",
        "利用",
        "回数",
    }
