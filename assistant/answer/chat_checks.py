"""Checks on a chat model's answer: passages numbered for it, its claims and citation markers, its numbers.

A chat model's answer is used only when every ``[n]`` names a passage it was given and every number and most
words of each claim are written in the passages that claim cites (see `validate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.limits import MAX_ANSWER_CHARS
from assistant.ingest.chunking import Sentence, split_sentences
from assistant.question.words import content_tokens
from assistant.text.normalize import content_offset, normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Hit, split_lines

ABSTAIN_PHRASE = "資料には該当する記載が見つかりませんでした"
#: Share of a claim's content words (question framing aside) that must occur in the passages it cites:
#: a paraphrase keeps the documents' nouns; text about something else does not.
MIN_WORD_SUPPORT = 0.3
#: A chat answer longer than this (markers not counted) is not used; the prompt asks for MAX_ANSWER_CHARS.
HARD_MAX_CHARS = 2 * MAX_ANSWER_CHARS


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


def renumber(text: str, claims: Sequence[_Claim]) -> tuple[str, list[int]]:
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
