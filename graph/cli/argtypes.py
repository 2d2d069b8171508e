"""Argument types of the `vdg` command: each checks one value and refuses it with one line (exit 2).

argparse calls a type with the text given on the command line; an `argparse.ArgumentTypeError`
becomes ``vdg COMMAND: error: argument --NAME: MESSAGE`` and exit code 2, with no traceback.
"""

from __future__ import annotations

import argparse
import math
import urllib.parse
from pathlib import Path


def _number(text: str, kind: type) -> float | int:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {'an integer' if kind is int else 'a number'}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def seconds(text: str) -> float:
    """A timeout in seconds: a finite number above 0."""
    value = float(_number(text, float))
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a timeout must be more than 0 seconds")
    return value


def positive_int(text: str) -> int:
    """A whole number of 1 or more (rows, bytes, runs)."""
    value = int(_number(text, int))
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: must be 1 or more")
    return value


def count(text: str) -> int:
    """A whole number of 0 or more (a depth)."""
    value = int(_number(text, int))
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: must be 0 or more")
    return value


def port(text: str) -> int:
    """A TCP port: 1 to 65535."""
    value = int(_number(text, int))
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r}: a port is a number from 1 to 65535")
    return value


def http_url(text: str) -> str:
    """An http or https URL with a host (an endpoint)."""
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http:// or https:// URL with a host")
    if any(c.isspace() or ord(c) < 32 for c in text):
        raise argparse.ArgumentTypeError(f"{text!r}: a URL has no spaces or control characters")
    return text


def sparql_text(text: str) -> str:
    """Query text given with -e: not empty."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the SPARQL text is empty")
    if "\0" in text:
        raise argparse.ArgumentTypeError("the SPARQL text holds a NUL character")
    return text


def folder(text: str) -> Path:
    """An existing folder (--data, --sources)."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"folder {text} does not exist")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return path


def class_names(text: str) -> list[str]:
    """A comma-separated list of class names (local names such as Agency,Person): at least one."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError(f"{text!r}: give class names such as Agency,Person")
    return names
