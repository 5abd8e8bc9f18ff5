"""A passage answer's text: the sentence that answers first, the window it was quoted from after it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from assistant.answer.field_lead import answering_field
from assistant.answer.limits import MAX_ANSWER_CHARS
from assistant.answer.values import window
from assistant.question.rules import asks
from assistant.question.words import content_tokens
from assistant.text.normalize import compact
from assistant.text.tokenizer import tokenize

if TYPE_CHECKING:
    from assistant.answer.extract import Candidate, SentenceScorer
    from assistant.ingest.chunking import Sentence
    from assistant.types import Citation, Hit

#: At least this much of the surrounding window is shown after a long answering sentence; the two together
#: keep to the window's own budget, so the answer still has room for a second passage.
MIN_CONTEXT_CHARS = 24
#: What ends a sentence for a reader: a window whose text before the answering sentence holds none of these
#: is read as one sentence up to the answer's citation marker, so the answering sentence is already in its lead.
SENTENCE_ENDS = ("。",)
#: A full stop closing a bracketed aside (「(…閣議決定。)」「(以下「官民PF」という。)」): it ends the aside, not the
#: sentence, which runs on after the bracket; a reader (and the lead) would stop at it, so the lead drops it. One
#: before a closing quote stays: it is the quoted words' own (a name 「めぶく。」, a quoted sentence).
_INNER_STOP = re.compile(r"。\s?(?=[)）])")


def without_inner_stops(text: str) -> str:
    """``text`` without the full stops that close a bracketed aside inside a sentence."""
    return _INNER_STOP.sub("", text)


#: How far apart the starts of the stretches of an over-long answering sentence that `densest_part` compares lie.
_PART_STEP = 10


def densest_part(sentence: str, question: str, budget: int) -> str | None:
    """An anchor centring an over-long answering sentence where the question's words are densest, or None (its head)."""
    # A slide's text read as one sentence (no 。 between its cards) runs past the budget; its head is often the
    # slide's title and the card that answers lies further on, so the head alone would cut the answer away.
    if len(sentence) <= budget:
        return None
    asked = content_tokens(question)
    span = budget - 2
    head = len(set(tokenize(sentence[:span])) & asked)
    best, best_count = 0, head
    for start in range(_PART_STEP, len(sentence) - span // 2, _PART_STEP):
        count = len(set(tokenize(sentence[start : start + span])) & asked)
        if count > head and count >= best_count:
            best, best_count = start, count  # the latest such start: what answers follows the words asked
    if not best:
        return None
    # `window` opens a third of its budget before its anchor's first occurrence: an anchor written earlier too (a
    # card repeated on the slide) would take it back to the head, so the first unique one back from there is used.
    for at in range(best + budget // 3, best - 1, -_PART_STEP // 2):
        if sentence.count(anchor := sentence[at : at + 20]) == 1:
            return anchor
    return None


def lead_first(support: str, sentence: str, budget: int, marker: str = "[1]", anchor: str | None = None) -> str:
    """``support`` (a window of sentences) said with ``sentence``, the one that answers, as its lead.

    A window opens up to a few sentences before the answering one, to show the label or subject above
    it; read in order, the official's first sentence would be that label, not the answer. So when the
    window opens before it, the answering sentence leads and the window's other sentences follow in
    brackets, ``…`` standing where the lead sits among them. ``anchor`` centres an over-long sentence (`densest_part`).
    """
    pos = support.find(sentence) if sentence else -1
    before = support[:pos].strip() if pos > 0 else ""
    if not any(end in without_inner_stops(before) for end in SENTENCE_ENDS):
        # Read in order, the first sentence already runs on into the answering one.
        return f"{without_inner_stops(window(support, anchor or sentence[:20], budget))} {marker}"
    after = support[pos + len(sentence) :].strip()
    lead = without_inner_stops(window(sentence, anchor, budget - MIN_CONTEXT_CHARS))
    context = f"{before} …{after}" if after else f"{before} …"
    room = max(MIN_CONTEXT_CHARS, budget - len(lead) - len(marker) - 3)
    return f"{lead} {marker}（{window(context, None, room)}）"


#: A sentence this close (in characters) to one already shown is the same sentence copied with small edits
#: into another section or document (「広域的な地域活性化」 / 「広域的地域活性化」).
NEAR_COPY = 0.9


def repeats(sentence: str, shown: str) -> bool:
    """``sentence`` already stands in ``shown``, word for word or as a copy with small edits."""
    said, new = compact(shown), compact(sentence)
    if new in said:
        return True
    if not new:
        return False
    # Compared with the stretch of the shown text of the same length that matches it best.
    matcher = SequenceMatcher(None, new, said, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda m: m.size)
    start = max(0, block.b - block.a)
    return SequenceMatcher(None, new, said[start : start + len(new) + 4], autojunk=False).ratio() >= NEAR_COPY


def without_repeats(support: str, shown: str, keep: str) -> str:
    """A second passage's window without the sentences the first already showed (overlapping or copied text)."""
    sentences = [x for x in re.split(r"(?<=。)", support) if x.strip()]
    kept = [x for x in sentences if keep[:20] in x or not repeats(x, shown)]
    return " ".join(x.strip() for x in kept) or support


def support_window(
    scorer: SentenceScorer,
    best: Candidate,
    question: str,
    limit: int,
    holding: str | None = None,
    runs_on: bool = False,
) -> tuple[str, str, int, int]:
    """The answering sentence with the neighbours that complete it, within ``limit`` characters.

    Among windows of up to four sentences around the best one, the window covering most of
    the question's words wins; sentences after it are preferred, as a label or a question's
    subject usually comes before what answers it. A key value ``holding`` read off a label above
    the sentence (a case's town, `place_label.block_place`) must stand in the window when one
    within reach holds it, so the quote shows where the answer was read. With ``runs_on`` (a passage answer, whose
    words are the answer) a window ending in a unit that runs on takes the next (`run_on`). Returns the cleaned text,
    the verbatim quote and the quote's first and last lines.
    """
    chunk = best.hit.chunk
    info = scorer.analysis(chunk)
    sentences, tokens = info.sentences, info.tokens
    k = next((i for i, s in enumerate(sentences) if s.start == best.sentence.start), None)
    if k is None:
        return best.sentence.clean, best.quote, best.line_start, best.line_end
    q = content_tokens(question)
    q_weight = scorer.weight(q) or 1.0
    choice, choice_score = (k, k), -1.0
    names_above = asks("which_programme", question)
    key = compact(holding or "")
    reach = 4 if key else 3 if names_above else 2
    if key and key in compact(sentences[k].clean):
        key = ""  # the sentence itself holds it: any window does
    elif key and not any(key in compact(s.clean) for s in sentences[max(0, k - reach) : k]):
        key, reach = "", 3 if names_above else 2  # not within reach: the window as usual
    for a in range(max(0, k - reach), k + 1):
        for b in range(k, min(len(sentences), a + 4)):
            length = sum(len(s.clean) + 1 for s in sentences[a : b + 1])
            if (length > limit and b > a) or (key and key not in compact(" ".join(s.clean for s in sentences[a:k]))):
                continue
            covered = set().union(*tokens[a : b + 1]) & q
            # Usually what answers follows its label; a programme asked for by what it does
            # (「…を後押しする事業は何」) is named in the heading above its description.
            after, before = (0.02, 0.06) if names_above else (0.06, -0.02)
            score = scorer.weight(covered) / q_weight + after * (b - k) + before * (k - a) - 0.0002 * length
            if score > choice_score:
                choice, choice_score = (a, b), score
    a, b = choice
    if runs_on:
        b = run_on(sentences, b, limit - sum(len(s.clean) + 1 for s in sentences[a : b + 1]))
    text = " ".join(s.clean for s in sentences[a : b + 1])
    quote = chunk.text[sentences[a].start : sentences[b].end]
    return text, quote, sentences[a].line_start, sentences[b].line_end


#: A unit ending in a comma, a middle dot or a case particle has not ended: a blank line in the extracted text split
#: its sentence (「概要:…職場定着に向け、」 over 「選考前の高校生や教員等を」 over 「対象に開催。」; 「場所:A市、B市、」 over 「C市」).
_RUNS_ON = ("、", ",", "，", "・", "を", "が", "の", "に", "と")
_RUN_ON_UNITS = 2  # at most this many units are joined to a unit that runs on


def run_on(sentences: Sequence[Sentence], b: int, room: int) -> int:
    """The index of the last unit of the window ending at ``b``, moved on past units that run on into the next one
    while the next fits in ``room`` characters."""
    for _ in range(_RUN_ON_UNITS):
        if b + 1 >= len(sentences) or not sentences[b].clean.rstrip().endswith(_RUNS_ON):
            break
        room -= len(sentences[b + 1].clean) + 1
        if room < 0:
            break
        b += 1
    return b


def running_on(scorer: SentenceScorer) -> Callable[[Candidate, str, int], tuple[str, str, int, int]]:
    """`support_window` for a passage answer, whose words are the answer: a window cut inside a sentence runs on."""
    return lambda best, question, limit: support_window(scorer, best, question, limit, runs_on=True)


def passages_answer(
    best: Candidate,
    question: str,
    cands: list[Candidate],
    support: Callable[[Candidate, str, int], tuple[str, str, int, int]],
    citation: Callable[[int, Hit, str, int, int], Citation],
    second_share: float,
    min_overlap: float,
) -> tuple[str, list[Citation]]:
    """An answer in the documents' words: the best passage, and a second one when it scores close.

    ``support`` is the answerer's `support_window`; a second passage scores at least ``second_share`` of the best
    and shares ``min_overlap`` of the question's words."""
    first_budget = 180
    text, quote, q_start, q_end = support(best, question, first_budget)
    # A labelled field after the sentence (「場所:…」) leads when it is what was asked (`field_lead`).
    leading = answering_field(text, best.sentence.clean, question) or best.sentence.clean
    parts = [lead_first(text, leading, first_budget, anchor=densest_part(leading, question, first_budget))]
    citations = [citation(1, best.hit, quote, q_start, q_end)]
    # By document line, not chunk: overlapping chunks hold the same lines under two ids.
    used = {(best.hit.chunk.doc, line) for line in range(q_start, q_end + 1)}
    room = MAX_ANSWER_CHARS - len(parts[0]) - 6
    if room >= 40:
        for c in cands[1:8]:
            lines = {(c.hit.chunk.doc, line) for line in range(c.line_start, c.line_end + 1)}
            if lines & used or c.score < second_share * best.score or c.overlap < min_overlap:
                continue
            if repeats(c.sentence.clean, text):
                continue  # the same words from an overlapping or copied passage
            text2, quote2, s2, e2 = support(c, question, room)
            text2 = without_repeats(text2, text, keep=c.sentence.clean)
            parts.append(f"{window(text2, c.sentence.clean[:20], room)} [2]")
            citations.append(citation(2, c.hit, quote2, s2, e2))
            break
    return " ".join(parts), citations
