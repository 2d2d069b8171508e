"""Where the source documents' text lives, and reading it for quote checks."""

from __future__ import annotations

import os
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
