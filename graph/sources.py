"""Where the source documents' text lives, and reading it for quote checks."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

ENV_VAR = "VDG_SOURCES"


def default_sources_dir() -> Path | None:
    """$VDG_SOURCES, else ``../shared/sources`` beside the checkout; None when neither exists."""
    candidates = []
    if os.environ.get(ENV_VAR):
        candidates.append(Path(os.environ[ENV_VAR]))
    candidates.append(Path(__file__).resolve().parent.parent.parent / "shared" / "sources")
    for path in candidates:
        if path.is_dir():
            return path
    return None


def read_text(path: Path) -> str:
    """The document's text, NFC-normalised so that quotes compare exactly."""
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def contains(text: str, quote: str) -> bool:
    """True when the quote is an exact substring of the (NFC) text."""
    return unicodedata.normalize("NFC", quote) in text


# A quote of a web page is short: at most two sentences and 400 characters (issue 15, item 3).
MAX_QUOTE_CHARS = 400
MAX_QUOTE_SENTENCES = 2
# a sentence ends at . ! ? or … followed by a space and a capital (or an opening quote mark)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?\s+(?=[\"“‘(]?[A-ZÀ-Ỹ0-9])")


def quote_too_long(quote: str) -> str | None:
    """Why a quote of a web page is longer than the project allows, or None when it is short enough.

    >>> quote_too_long("Một câu. Hai câu.") is None
    True
    >>> quote_too_long("Một. Hai. Ba.")
    'has 3 sentences (at most 2)'
    """
    if len(quote) > MAX_QUOTE_CHARS:
        return f"has {len(quote)} characters (at most {MAX_QUOTE_CHARS})"
    sentences = len(_SENTENCE_END.findall(quote.strip())) + 1
    if sentences > MAX_QUOTE_SENTENCES:
        return f"has {sentences} sentences (at most {MAX_QUOTE_SENTENCES})"
    return None
