"""The gate's training rows from conversations: follow-up turns only, asked with the history, grouped by conversation."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.evals.answer_rows import follow_up_rows
from assistant.evals.conversations import Conversation, Turn
from assistant.types import Answer


class _Answerer:
    """Answers 「補助率は？」 with 1/2 and everything else with 3/4; records the history each turn was given."""

    def __init__(self) -> None:
        self.histories: list[list[dict[str, str]] | None] = []

    def answer_with_features(self, question, history=None):
        self.histories.append(history)
        text = "1/2です [1]" if question == "補助率は？" else "3/4です [1]"
        if question == "分かりません":
            return Answer("a", question, "記載がありません", True, "general", []), None, [], None
        return Answer("a", question, text, False, "rate", []), {"f": 1.0}, [], None


def test_follow_up_turns_become_rows_with_their_conversations_group() -> None:
    answerer = _Answerer()
    conv = Conversation(
        "c1",
        "field_switch",
        (
            Turn("補助率は？", "a.txt", "1/2", None),
            Turn("では上限は？", "a.txt", "3/4", None),  # right
            Turn("対象者は？", "a.txt", "市町村", None),  # wrong
            Turn("分かりません", "a.txt", None, None),  # the rules abstain: no row
            Turn("期間は？", "", None, None),  # answered where the documents are silent
        ),
        "conversations",
        "tune",
    )
    rows = follow_up_rows(SimpleNamespace(answerer=answerer), [conv])
    assert [r["id"] for r in rows] == ["c1#1", "c1#2", "c1#4"]
    assert [(r["right"], r["answerable"]) for r in rows] == [(True, True), (False, True), (False, False)]
    assert {r["group"] for r in rows} == {"c1"}
    # Each turn is asked with every earlier question and the answer given to it.
    assert answerer.histories[0] is None
    assert [h["content"] for h in answerer.histories[2]] == ["補助率は？", "1/2です [1]", "では上限は？", "3/4です [1]"]
    # With the openings, the first turn is a row too (asked alone), and the rest are as before.
    opened = follow_up_rows(SimpleNamespace(answerer=_Answerer()), [conv], openings=True)
    assert [r["id"] for r in opened] == ["c1#0", "c1#1", "c1#2", "c1#4"]
    assert opened[1:] == rows and opened[0]["right"] and opened[0]["group"] == "c1"


class _ShareAnswerer:
    """Right on items and turns only when its ranker quotes second passages down to a low share (a fake pipeline)."""

    def __init__(self, prior) -> None:
        self.scorer = SimpleNamespace(ranker=prior, values=None)

    def answer_with_features(self, question, history=None):
        share = getattr(self.scorer.ranker, "second_share", 1.0)
        text = "1/2です [1]" if share <= 0.15 else "3/4です [1]"
        return Answer("a", question, text, False, "rate", []), {"f": 1.0}, [], None


def _fit():
    from assistant.answer.ranking import PRIOR
    from assistant.evals.fit_ranker import RankerFit
    from assistant.evals.grouped_cv import FOLDS

    return RankerFit(PRIOR, {f: PRIOR for f in range(FOLDS)}, {}, [])


def test_the_fitted_ranker_is_kept_at_its_best_second_share_only_when_it_beats_the_prior() -> None:
    from dataclasses import replace

    from assistant.answer.ranking import PRIOR
    from assistant.evals.answer_rows import choose_ranker, item_rows
    from assistant.evals.sets import EvalItem

    items = [EvalItem(f"q{i}", "a.txt", f"補助率{i}は？", "1/2", None, "rate", "lookup", "bank", i) for i in range(6)]
    conv = Conversation("c1", "field_switch", (Turn("補助率は？", "a.txt", "1/2", None),) * 2, "conversations", "tune")
    prior = replace(PRIOR, second_share=0.8)
    assistant = SimpleNamespace(answerer=_ShareAnswerer(prior))
    prior_rows = item_rows(assistant, items)
    ranker, rows = choose_ranker(assistant, items, [conv], _fit(), None, prior_rows)
    assert ranker.report["used"] and ranker.model.second_share in (0.15, 0.05)
    assert all(f.second_share == ranker.model.second_share for f in ranker.folds.values())
    assert all(r["right"] for r in rows) and not any(r["right"] for r in prior_rows)
    assert assistant.answerer.scorer.ranker is prior  # the prior is left in place for the caller to decide
    # A prior as good as every share: the fitted ranker is not kept, and the prior's rows are returned.
    good = replace(PRIOR, second_share=0.1)
    assistant = SimpleNamespace(answerer=_ShareAnswerer(good))
    prior_rows = item_rows(assistant, items)
    ranker, rows = choose_ranker(assistant, items, [conv], _fit(), None, prior_rows)
    assert not ranker.report["used"] and rows is prior_rows
