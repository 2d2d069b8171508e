"""Split Vietnamese text into sentences with their character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.ingest.patterns import load_patterns

# The longest sentence: real ones are far shorter; a longer run is cut (see split_sentences).
MAX_SENTENCE = 2000
_CLOSERS = "\"'”’»)]"
_END = re.compile(r"[.!?…]+")


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it stands in the article."""

    start: int
    end: int
    text: str


# The longest word looked at before a period: a longer one is no abbreviation nor an initial, and
# the cap keeps the split linear in the text's length (a run of "a.a.a.…" would otherwise make it
# quadratic).
_WORD_BEFORE = 64
_TOKEN_END = re.compile(r"[\w.]+$")


def _abbreviation_before(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    word = _TOKEN_END.search(text, max(0, dot - _WORD_BEFORE), dot)
    if not word:
        return False
    token = word.group()
    return token in abbreviations or token.split(".")[-1] in abbreviations or len(token) == 1 and token.isupper()


def _boundary(text: str, match: re.Match[str], abbreviations: frozenset[str]) -> int | None:
    """The offset where the next sentence starts, if the punctuation in match ends a sentence."""
    start, end = match.span()
    mark = match.group()
    if mark == "." and start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit():
        return None  # 2.0, 30.000
    if mark == "." and _abbreviation_before(text, start, abbreviations):
        return None
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    rest = end
    while rest < len(text) and text[rest] in " \t\u00a0":
        rest += 1
    if rest >= len(text):
        return len(text)
    nxt = text[rest]
    if text[rest] in "\r\n":
        return rest
    if nxt.isupper() or nxt.isdigit() and rest > end or nxt in "\"“'‘(«-–" or nxt in ".":
        return rest
    return None  # a lower-case word, a comma, a digit glued to the period: no new sentence


def _long_cuts(text: str, start: int, end: int) -> list[int]:
    """Cuts that break a run of text longer than MAX_SENTENCE into pieces at most that long, at a
    space where there is one in the piece's second half."""
    cuts = []
    pos = start
    while end - pos > MAX_SENTENCE:
        space = text.rfind(" ", pos + MAX_SENTENCE // 2, pos + MAX_SENTENCE)
        pos = space + 1 if space >= 0 else pos + MAX_SENTENCE
        cuts.append(pos)
    return cuts


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a text, in order, without surrounding white space.

    A period ends a sentence when a capital, a digit after a space, a quote or a line break
    follows, with or without a space ("2018.Thủ tướng" is two sentences); not inside a number
    ("2,65", "30.000", "4.0") nor after an abbreviation ("TP.", "ThS.") or an initial. A run
    longer than MAX_SENTENCE characters without an end (a table, a list without punctuation) is
    cut at a space into pieces of at most that length, so that no extractor reads a text-long
    "sentence" again and again.

    >>> [s.text for s in split_sentences("Năm 2018 đạt 2,65 triệu tỷ.Thủ tướng dự. TP. Hà Nội")]
    ['Năm 2018 đạt 2,65 triệu tỷ.', 'Thủ tướng dự.', 'TP. Hà Nội']
    """
    abbreviations = frozenset(load_patterns().words("sentences", "abbreviations"))
    cuts = [0]
    for line in re.finditer(r"\n", text):
        cuts.append(line.end())
    for match in _END.finditer(text):
        cut = _boundary(text, match, abbreviations)
        if cut is not None:
            cuts.append(cut)
    cuts.append(len(text))
    cuts = sorted(set(cuts))
    cuts = sorted(set(cuts + [c for a, b in zip(cuts, cuts[1:]) if b - a > MAX_SENTENCE for c in _long_cuts(text, a, b)]))
    sentences = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = text[a:b]
        stripped = chunk.strip()
        if not stripped or not any(c.isalnum() for c in stripped):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(a + lead, a + lead + len(stripped), stripped))
    return sentences
