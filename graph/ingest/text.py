"""Text helpers shared by the extractors: NFC reading, diacritic folding that keeps offsets,
ASCII slugs and word boundaries."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_CHAR = re.compile(r"\w")


def nfc(text: str) -> str:
    """The text in Unicode NFC, the form in which quotes and offsets are given."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character without diacritics and in lower case, still one character ("Ộ" -> "o", "đ" -> "d")."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


class _FoldTable(dict[int, str]):
    """str.translate's table for fold, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The text without diacritics and in lower case, with the same length, so offsets carry over."""
    return text.translate(_FOLD)


class _LowerTable(dict[int, str]):
    """str.translate's table for lower, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = low = char.lower() if len(char.lower()) == 1 else char
        return low


_LOWER = _LowerTable()


def lower(text: str) -> str:
    """Lower case with the same length (characters whose lower case is longer keep their case)."""
    return text.translate(_LOWER)


def has_diacritics(text: str) -> bool:
    """True when some letter of the text carries a Vietnamese diacritic or is đ."""
    return any(fold_char(c) != c.lower() for c in text if c.isalpha())


def slugify(text: str, limit: int | None = 60) -> str:
    """A lowercase ASCII slug with single hyphens ("Bộ Tài chính" -> "bo-tai-chinh"), cut at a
    hyphen to at most `limit` characters (None: not cut)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(nfc(text))).strip("-")
    if limit is not None and len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "x"


def at_word_boundary(text: str, start: int, end: int) -> bool:
    """True when text[start:end] neither starts nor ends inside a word."""
    before = start == 0 or not WORD_CHAR.match(text[start - 1]) or not WORD_CHAR.match(text[start])
    after = end >= len(text) or not WORD_CHAR.match(text[end]) or not WORD_CHAR.match(text[end - 1])
    return before and after


def is_capitalised(word: str) -> bool:
    """True for a word that starts with an upper-case letter or a digit ("Bộ", "TT&TT", "4.0")."""
    return bool(word) and (word[0].isupper() or word[0].isdigit())
