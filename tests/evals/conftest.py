"""The evaluation report of the fixture set with the fake engine, computed once per test module."""

from __future__ import annotations

import pytest

from assistant.evals.runner import evaluate
from assistant.evals.sets import load_sets

from .fakes import CORPUS, MINI, FakeEngine


@pytest.fixture(scope="module")
def rep():
    items, problems = load_sets([MINI])
    assert not problems
    return evaluate(FakeEngine(), items, corpus_dir=CORPUS, problems=problems)
