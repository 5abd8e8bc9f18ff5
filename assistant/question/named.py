"""The term whose meaning a question asks: 「「X」とはどういう意味」 -> X (read by the answer paths and `answer/definition_form`)."""

from __future__ import annotations

import re

from assistant.text.normalize import normalize
from assistant.text.tokenizer import tagged

#: 「「X」とはどういう意味」「Xとは、どのような仕組み」「Xってどんなもの」「Xとは何」「Xってどの会社のこと」: what X
#: is, is asked; not 「Xって何が根拠」「Xって、どんな経費が対象」「Xってどこで盛ん」, which ask another thing.
#: The term, quoted or a bare compound of four characters or more (its two groups: every reader takes the one set).
_TERM_WORD = r"(?:[「『]([^」』]{2,30})[」』]|([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9.ー・]{4,30}))"
#: The term with the topic marker asking about it: every alternative below starts so.
_TERM = (
    _TERM_WORD + r"\s?(?:とは|って)、?\s?"
    # A sentence adverb may stand before the question word (「Xって、つまりどういう仕組み」「Xとは、要するに何」): it
    # colours the asking, not what is asked.
    r"(?:(?:結局|要するに|つまり|一体|具体的に(?:は)?|そもそも)、?\s?)?"
)
_WHAT_IS = re.compile(
    _TERM
    + r"(?:何|なに)(?![にをがでとか])"
    + r"|"
    + _TERM
    + r"(?:どういう|どのような|どんな)[^、。?？がをにで]{0,8}?(?:こと|もの|意味|ですか|を指|を言|[?？]|$)"
    # 「Xって、どの店のこと」「Xとはどの範囲を指す」: which things the term denotes is what it means; the ending is
    # anchored so 「どの課題を指摘」「どの地域のことを優先」「どのくらい」 (another thing about X) stay out.
    + r"|"
    + _TERM
    + r"どの(?!くらい|位|程度|よう)[^、。?？がをにで]{0,8}?"
    r"(?:のこと(?=\s?(?:[?？。]|です|でしょう|だ|なの|を言|を指|$))|を指(?:す|して|します)|を言(?:う|って|います))"
)


#: 「「X」の定義を教えて」「Xの意味は？」: the term's definition or sense asked by name, not by a question word.
_DEFINITION_OF = re.compile(_TERM_WORD + r"\s?の\s?(?:定義|意味)(?!合い)")


#: 「Xとは何ですか」「Xって何を指しますか」「Xとは何か」「Xとは？」: the plain polite and bare forms `meaning_asked` leaves
#: to the answer paths (it reads 何で as a means asked).
_WHAT_IS_PLAIN = re.compile(
    _TERM_WORD + r"\s?(?:とは|って|というのは)、?\s?(?:(?:何|なに|なん)(?:です|でしょう|か|を(?:指|意味))|[?？]\s?$)"
)
#: A value asked with the term (「Xって何年から」「Xとは何人」「Xの定義はいつ変わった」): not what X means.
_VALUE_ASKED = re.compile(r"何\s?[\u4e00-\u9fff%]|いつ|いくら|どれ[くぐ]らい|どの[くぐ]らい|目的|理由")


def definition_asked(question: str) -> str:
    """The term a question asks to be explained (「Xとは何ですか」「Xとはどういう意味」「Xの定義」), or ""."""
    text = normalize(question)
    if _VALUE_ASKED.search(text):
        return ""
    return meaning_asked(text) or _term_in(_WHAT_IS_PLAIN.search(text)) or _term_in(_DEFINITION_OF.search(text))


def meaning_asked(question: str) -> str:
    """The term whose meaning ``question`` asks (「「X」とはどういう意味」 -> X), or "".

    A bare word must be a compound of four characters or more: 「地図って何」 asks which map, not what a map is."""
    return _term_in(_WHAT_IS.search(normalize(question)))


def _term_in(m: re.Match[str] | None) -> str:
    """The term a `_TERM_WORD` match read (quoted or bare), or "" for no match."""
    return next((g for g in m.groups() if g), "") if m else ""


#: The words that ask a name (「…の名称」「事業名」「何という名前」) and those that say nothing of what is named.
_NAME_WORDS = frozenset({"名称", "名前", "正式名称", "名", "呼び方"})
_NO_KIND = frozenset({"名称", "名前", "正式名称", "名", "もの", "こと", "何", "正式", "呼び方"})
#: What may stand between the named noun and the word asking its name: 「構想の正式な名称」「ポイント制度は何という名前」,
#: said casually 「コンソーシアムって何て名前」.
_BETWEEN = frozenset({"の", "正式", "な", "は", "、", "何", "と", "いう", "て", "って"})


def asked_kind(question: str) -> str:
    """The noun whose name ``question`` asks (「キャンペーンの名称は」 -> キャンペーン, 「何型」 -> 型), or "".

    A Japanese name ends in what it names (「…産業振興プロジェクト」「…を改正する法律案」), so this noun picks out
    the name asked among those a sentence holds. Read off the tagged question: the nouns right after 「何という」,
    else the nouns before the word asking the name; a one-character last noun keeps the noun before it (国土軸)."""
    words = [(w[0], w[1]) for w in tagged(normalize(question))]
    for i, (surface, pos) in enumerate(words):
        if surface == "何" and i + 1 < len(words) and words[i + 1][1] == "接尾辞":
            return words[i + 1][0]  # 「何型」「何式」
        if surface == "何" and [w for w, _ in words[i + 1 : i + 3]] == ["と", "いう"]:
            if kind := _kind_of(_nouns(words, i + 3, 1)):
                return kind
            return _kind_of(_nouns(words, _skip_back(words, i), -1))
        if surface in _NAME_WORDS and pos == "名詞" and i > 0 and words[i - 1][0] != "何":  # 何名 counts
            return _kind_of(_nouns(words, _skip_back(words, i), -1))
    return ""


def _skip_back(words: list[tuple[str, str]], i: int) -> int:
    """The index of the last word before ``i`` that is not a linking word (`_BETWEEN`)."""
    j = i - 1
    while j >= 0 and words[j][0] in _BETWEEN:
        j -= 1
    return j


def _nouns(words: list[tuple[str, str]], at: int, step: int) -> list[str]:
    """The run of nouns starting at ``at`` (going forwards or backwards), in reading order."""
    run: list[str] = []
    while 0 <= at < len(words) and words[at][1] in ("名詞", "接尾辞") and words[at][0] not in _NAME_WORDS:
        run.append(words[at][0])
        at += step
    return run if step > 0 else run[::-1]


def _kind_of(run: list[str]) -> str:
    """The head of a noun run: its last noun, with the one before when the last is one character (国土+軸)."""
    if not run or run[-1] in _NO_KIND or any(ch.isdigit() for ch in run[-1]):
        return ""
    return "".join(run[-2:]) if len(run[-1]) == 1 and len(run) > 1 else run[-1]
