"""The sentence scorer's array features equal the per-sentence loop they replaced, on the real corpus.

`_loop_candidates` is the former `SentenceScorer.candidates`, kept here as the reference: the same
candidates in the same order, the same values, scores and features (the word-weight sums to the last
bit: they add the same weights in another order), with the prior and with a fitted (logistic) ranker.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from assistant.answer.extract import (
    MIN_ANCHOR_IDF,
    MIN_FOCUS_IDF,
    Candidate,
    asks_what_is_now,
    value_words,
)
from assistant.answer.ranking import CANDIDATE_FEATURES, PRIOR, Ranker
from assistant.answer.sentence_table import Columns, SentenceTable
from assistant.answer.value_roles import row_value_of_role
from assistant.answer.values import (
    BRACKET_LABEL,
    FIELD_LABEL,
    SOURCE_LINE,
    counts_something_else,
    defines,
    is_target_value,
    value_label,
)
from assistant.question.figure_role import asked_figure_role
from assistant.question.kinds import analyze
from assistant.question.rules import asks
from assistant.question.words import (
    INTERROGATIVE,
    asked_acts,
    asks_value,
    content_tokens,
    defined_term,
    focus_tokens,
    frame_tokens,
    named_things,
    topic_tokens,
)
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.text.years import years_in

#: Invented questions of the kinds officials ask: values, names, quoted names, years, now, definitions, prose.
QUESTIONS = (
    "地域公共交通の維持に対する補助率と上限額は？",
    "宿泊者数の到達目標はどれだけですか",
    "移住相談件数は現在何件ですか",
    "令和4年度の整備費は総額いくらでしたか",
    "2024年の実績値は何％でしたか",
    "子育て支援の補助対象となるのは誰ですか",
    "「広域連携」の推進体制について",
    "「地域生活圏」とは何ですか",
    "デジタル人材を育成する事業の名前は？",
    "人口減少に対してどのような施策がありますか",
    "漁業就業者数の達成率は何％ですか",
    "助成の対象となる費用はどれですか",
    "企業誘致の件数は何件ですか",
    "第2期募集で選ばれた件数は",
    "再生可能エネルギー 導入量 目標",
    "存在しない架空の制度ＸＹＺの申請期限",
)


def _loop_candidates(self, question, intent, hits) -> list[Candidate]:
    """The per-sentence loop the arrays replaced (``self`` is the scorer), as it was."""
    q = content_tokens(question)
    q_weight = self.weight(q) or 1.0
    wants_value = asks_value(intent)
    quoted = [normalize(m) for m in re.findall(r"「([^「」]{2,30})」", question)]
    # Words found in many passages (開催, 予定, 手) say nothing about what was asked.
    focus = {t for t in focus_tokens(question) if self.idf.get(t, self._default_idf) >= MIN_FOCUS_IDF}
    if len(focus) < 2 and not asks("name", intent.text):
        # One word beside a value (「開催」「予定」) is too little to judge by; beside a name it is
        # what is named (「…という名前の学校」).
        focus = set()
    focus_weight = self.weight(focus) or 1.0
    topic = topic_tokens(question)
    topic_weight = self.weight(topic) or 1.0
    # The question's rarest word that the corpus knows: a passage without it is about something else.
    # Nouns only: a rare verb (配る, 付く) is phrasing, not the thing asked about.
    nouns = set(tokenize(question, nouns_only=True)) - frame_tokens()
    # One-character nouns are mostly affixes (旧, 各, 新): too little to name a subject.
    known = [t for t in nouns if t in self.idf and len(t) >= 2 and not any(ch.isdigit() for ch in t)]
    anchor = max(sorted(known), key=lambda t: self.idf[t]) if known else None  # sorted: ties the same every run
    if anchor is not None and self.idf[anchor] < MIN_ANCHOR_IDF:
        anchor = None
    asks_name = asks("name", intent.text)
    defined = defined_term(question)
    acts = asked_acts(question)
    # A question in words has a clause that asks; a keyword query (「…相談会 事業者」) has none.
    asks_in_words = bool(INTERROGATIVE.search(intent.text))
    names = named_things(question)
    asks_now = asks_what_is_now(intent)
    q_vector = self.embed([question])[0] if self.use_semantic else None
    # Numbers the question names (「1次公募」「2021年」) pick out one row among similar ones.
    q_numbers = {t for t in q if any(ch.isdigit() for ch in t)}
    q_years = years_in(question)
    near_words = value_words(question, intent)
    out: list[Candidate] = []
    for hit in hits:
        chunk = hit.chunk
        info = self.analysis(chunk)
        sentences, tokens = info.sentences, info.tokens
        quoted_in_chunk = any(qt in chunk.search_text for qt in quoted)
        context = self.weight(q & info.chunk_tokens) / q_weight
        anchored = anchor is None or self.near_passages_hold(chunk, anchor)
        named = self.names_in_reach(chunk, names)
        # A passage that never names its subject continues the one before it (a slide cut in two).
        carried: frozenset[str] = frozenset()
        if topic and not topic & info.chunk_tokens:
            carried = self.chunk_tokens(prev) if (prev := self.previous(chunk)) is not None else frozenset()
        sims = info.vectors @ q_vector if q_vector is not None and info.vectors is not None else None
        for k, sent in enumerate(sentences):
            s_tokens = tokens[k]
            # Neighbouring sentences often carry the subject ("○KPI名" above its values).
            before = frozenset().union(*tokens[max(0, k - 2) : k])
            after = tokens[k + 1] if k + 1 < len(tokens) else frozenset()
            local = s_tokens | before
            # A name often comes first and what it is after it (「…」を発足。…地域シンクタンク。).
            focus_near = local | after if asks_name else local
            if focus:
                # Word pieces also count as written: 「交通結節点」 may be cut 交通/結節/点 in one
                # sentence and 交通/結/節点 in the question.
                span = range(max(0, k - 2), min(len(sentences), k + (2 if asks_name else 1)))
                near_text = "".join(sentences[j].clean for j in span)
                seen = {t for t in focus if t in focus_near or (len(t) >= 2 and t in near_text)}
                focus_share = self.weight(seen) / focus_weight
            else:
                focus_share = 1.0
            heading_tokens = info.heading_tokens
            topic_share = self.weight(topic & (local | heading_tokens | carried)) / topic_weight if topic else 1.0
            overlap = self.weight(q & s_tokens) / q_weight
            near_overlap = self.weight(q & (local | after)) / q_weight
            value = (
                self.values.choose(sent.clean, intent, near_words, self.weight)
                if wants_value or intent.wants("place")
                else None
            )
            if value and self.kpi_rows and asked_figure_role(intent.text):
                value = row_value_of_role(intent.text, value, sent.clean, self.kpi_rows) or value
            if value and asks_now and re.search(r"現在|現時点", sent.clean):
                score_now = 0.2
            else:
                score_now = 0.0
            if value and counts_something_else(sent.clean, value, acts):
                value = None  # 「約3,000人の応募」 does not say how many were hired
            if value and asks_now and is_target_value(sent.clean, value):
                value = None  # 「今後10年間で1,000万人を目指す」 does not say how many there are now
            if SOURCE_LINE.search(sent.clean):
                value, score_bias = None, -0.5  # 「出典:…より作成」 names sources, never answers
            else:
                score_bias = 0.0
            label = FIELD_LABEL.match(sent.clean) or BRACKET_LABEL.match(sent.clean)
            # 「事業者:空知中央バス…」「全国平均:0.86」「【想定される経費】 高速道路料金」: a slide
            # field named by the question's words.
            label_tokens = set(tokenize(label.group(1))) - frame_tokens() if label else set()
            near_text = " ".join(sentences[j].clean for j in range(max(0, k - 2), k + 1))
            quoted_near = bool(quoted) and any(qt in near_text for qt in quoted)
            window_years = years_in(f"{chunk.heading} {near_text}") if q_years else frozenset()
            x = {
                "overlap": overlap,
                "near_overlap": near_overlap,
                "context": context,
                "inv_rank": 1.0 / hit.rank,
                "hit_score": float(hit.score),
                "semantic": float(sims[k]) if sims is not None else 0.0,
                "focus": focus_share if focus and asks_in_words else 0.0,
                "topic": topic_share,
                "anchored": float(anchored),
                "named": float(named),
                "value_found": float(wants_value and bool(value)),
                "value_missing": float(wants_value and not value),
                "now": float(score_now > 0),
                "field_label": float(bool(label_tokens) and label_tokens <= q),
                "defines": float(bool(defined) and defines(sent.clean, defined)),
                "short": float(len(sent.clean) < 6),
                "source_line": float(score_bias < 0),
                "numbers_hit": float(bool(q_numbers & local)),
                "numbers_miss": float(bool(q_numbers) and not q_numbers & local),
                "quoted_near": float(quoted_near),
                "quoted_absent": float(bool(quoted) and not quoted_near and not quoted_in_chunk),
                "year_hit": float(bool(q_years) and q_years <= window_years),
                "year_miss": float(bool(q_years) and not q_years <= window_years),
                "value_label": (
                    self.weight(set(tokenize(value_label(sent.clean, value))) & (focus or q))
                    / (self.weight(focus or q) or 1.0)
                    if value
                    else 0.0
                ),
            }
            features = tuple(x[f] for f in CANDIDATE_FEATURES)
            score = self.ranker.score(features)
            out.append(
                Candidate(
                    hit=hit,
                    sentence=sent,
                    score=score,
                    overlap=near_overlap,
                    context=context,
                    value=value,
                    focus=focus_share,
                    topic=topic_share,
                    anchored=anchored,
                    named=named,
                    line_start=sent.line_start,
                    line_end=sent.line_end,
                    quote=chunk.text[sent.start : sent.end],
                    features=features,
                )
            )
    out.sort(key=lambda c: -c.score)
    return out


FITTED = Ranker(CANDIDATE_FEATURES, tuple(np.linspace(-1.0, 1.5, len(CANDIDATE_FEATURES))), -0.3, logistic=True)


def _pairs(engine, docs=None):
    scorer = engine.answerer.scorer
    for q in QUESTIONS:
        intent = analyze(q)
        hits = engine.hybrid.retrieve(q, 5, docs)
        yield q, scorer, scorer.candidates(q, intent, hits), _loop_candidates(scorer, q, intent, hits)


@pytest.mark.parametrize("ranker", [PRIOR, FITTED], ids=["prior", "fitted"])
@pytest.mark.parametrize("docs", [None, ("003_6b6a8afd27e09b17.txt", "004_49aeb67bc23e3385.txt")])
def test_array_candidates_equal_the_loop_on_the_real_corpus(engine, ranker, docs) -> None:
    scorer = engine.answerer.scorer
    kept = scorer.ranker
    scorer.ranker = ranker
    try:
        seen_values = 0
        for q, _, new, old in _pairs(engine, docs):
            assert len(new) == len(old) > 0, q
            assert [(c.hit.chunk.chunk_id, c.sentence.start) for c in new] == [
                (c.hit.chunk.chunk_id, c.sentence.start) for c in old
            ], q  # the same order
            for a, b in zip(new, old, strict=True):
                assert replace(a, score=0, overlap=0, focus=0, topic=0, features=()) == replace(
                    b, score=0, overlap=0, focus=0, topic=0, features=()
                ), q
                assert np.allclose(a.features, b.features, rtol=1e-12, atol=1e-15), q
                for x, y in ((a.score, b.score), (a.overlap, b.overlap), (a.focus, b.focus), (a.topic, b.topic)):
                    assert x == pytest.approx(y, rel=1e-12, abs=1e-15), q
                seen_values += a.value is not None
        assert seen_values > 0  # value questions were exercised
    finally:
        scorer.ranker = kept


def test_ranker_scores_rows_with_the_same_arithmetic() -> None:
    rows = np.random.default_rng(0).normal(size=(40, len(CANDIDATE_FEATURES)))
    for ranker in (PRIOR, FITTED):
        assert ranker.scores(rows).tolist() == [ranker.score(tuple(r)) for r in rows.tolist()]


def test_sentence_table_windows_and_column_sums() -> None:
    from assistant.ingest.chunking import Sentence

    texts = ["事業者:空知バス", "出典:県資料より作成", "現在の登録者は120人", "目標", "交通結節点の整備"]
    sentences = [Sentence(i + 1, i + 1, 0, len(t), t) for i, t in enumerate(texts)]
    tokens = [frozenset(tokenize(t)) for t in texts]
    table = SentenceTable.build(sentences, tokens)
    assert table.source_line.tolist() == [False, True, False, False, False]
    assert table.short.tolist() == [False, False, False, True, False]
    assert table.says_now == (False, False, True, False, False)
    assert table.labelled == (0, 1) and "事業" in "".join(table.labels[0])  # 「出典:」 is a label too
    assert table.joined[2] == "".join(texts[:3]) and table.joined_next[4] == "".join(texts[2:])
    assert table.spaced[1] == " ".join(texts[:2])
    cols = Columns([table, table])
    w = cols.weight("own", [("目標", 2.0), ("登録", 0.5)])
    assert w.tolist() == [0.0, 0.0, 0.5, 2.0, 0.0] * 2
    near = cols.weight("local", [("目標", 2.0)], [frozenset(), frozenset({"目標"})])
    assert near.tolist() == [0.0, 0.0, 0.0, 2.0, 2.0] + [2.0] * 5
    # 「結節点」 cut another way in the text still counts as written near the sentence.
    assert cols.focus([("結節点", 1.0)], next_too=False).tolist() == [0.0, 0.0, 0.0, 0.0, 1.0] * 2


def test_the_retrievers_sentence_vectors_are_the_ones_the_scorer_would_embed(engine) -> None:
    from assistant.ingest.chunking import split_sentences

    scorer = engine.answerer.scorer
    assert scorer.stored_vectors is not None
    for i in range(len(engine.passages)):
        c = engine.passages.at(i)
        sentences = split_sentences(c.text, c.line_start, scorer.doc_numbered.get(c.doc, False))
        stored = scorer.stored_vectors(c.chunk_id, len(sentences))
        assert stored is not None, c.chunk_id
        assert np.array_equal(stored, scorer.embed([f"{c.heading} {s.clean}" for s in sentences])), c.chunk_id
    assert scorer.stored_vectors("no-such-passage", 1) is None
    assert scorer.stored_vectors(engine.passages.at(0).chunk_id, 10_000) is None  # another split: embedded anew
