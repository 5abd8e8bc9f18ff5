"""The answerer gives a case's town, read off the case's title, for a "which town" question (invented slide)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answer.answerer import Answerer
from assistant.answer.extract import Candidate
from assistant.answer.policy import AbstainPolicy
from assistant.answer.ranking import PRIOR
from assistant.ingest.chunking import Sentence, split_sentences
from assistant.question.kinds import analyze
from assistant.types import Chunk, Hit

SLIDE = (
    "空き家再生拠点(長野県あおば町)\n・町と地元工務店が空き家を改修\n・移住者向けのお試し住宅として貸出\n"
    "・改修費の半分を町が負担\n・入居者の相談窓口を設置\n\n【高知県みなと市】 港のにぎわい\n・漁協の直売所を整備"
)


class _Scorer:
    """The scorer's calls an extractive answer makes: candidates, the passage's sentences, a weight."""

    ranker = PRIOR

    def __init__(self, sentences: list[Sentence], cands: list[Candidate]) -> None:
        self.info = SimpleNamespace(sentences=sentences, tokens=[frozenset[str]() for _ in sentences])
        self.cands = cands

    def candidates(self, *args: object) -> list[Candidate]:
        return self.cands

    def analysis(self, chunk: Chunk) -> SimpleNamespace:
        return self.info

    def weight(self, tokens: set[str]) -> float:
        return float(len(tokens))


def _answer(question: str) -> str:
    """The extractive answer to ``question`` when the slide's お試し住宅 bullet is the best candidate."""
    chunk = Chunk("c0", "doc.txt", "事例集", "", 1, 9, SLIDE, SLIDE)
    sentences = split_sentences(SLIDE)
    bullet = next(s for s in sentences if "お試し住宅" in s.clean)
    best = Candidate(
        Hit(chunk, 1.0, rank=1), bullet, 1.0, 0.5, 0.5, None, 0.5, 0.5, True, True, 3, 3, bullet.clean,
    )  # fmt: skip
    fake = SimpleNamespace(
        policy=AbstainPolicy(),
        scorer=_Scorer(sentences, [best]),
        neighbours=lambda chunk: [],
        may_give_value=lambda *a: True,
        citation=lambda n, hit, quote, start, end: quote,
    )
    fake._pick = lambda *a: Answerer._pick(fake, *a)  # type: ignore[arg-type]
    fake._support = lambda *a: Answerer._support(fake, *a)  # type: ignore[arg-type]
    fake._passages_answer = lambda *a: Answerer._passages_answer(fake, *a)  # type: ignore[arg-type]
    intent = analyze(question)
    answer, _ = Answerer._extractive(fake, question, intent, [best.hit])  # type: ignore[arg-type]
    return f"{answer.answer}|{answer.citations[0]}"


def test_the_towns_key_and_the_quote_reaching_the_title_it_was_read_from() -> None:
    lead, quote = _answer("お試し住宅に活用した例があるのはどこの町？").split("|")
    assert lead.startswith("長野県あおば町")
    assert "空き家再生拠点(長野県あおば町)" in quote and "お試し住宅" in quote


def test_a_venue_asked_is_answered_by_the_bullet_not_the_town() -> None:
    lead, _ = _answer("お試し住宅の会場はどこ？").split("|")
    assert not lead.startswith("長野県あおば町") and "お試し住宅" in lead
