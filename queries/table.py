"""A query answer as a text table for people: labels instead of IRIs, plain values, and columns cut to fit
the terminal (100 columns when the output is not a terminal)."""

from __future__ import annotations

import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Iterable

from graph.terms import Term
from ontology.namespaces import ID_IRI, PREFIXES, VDG_IRI, shorten

DEFAULT_WIDTH = 100
MIN_COLUMN = 8
READABLE = 16  # a column cut narrower than this (and narrower than its text) is not worth reading
GAP = "  "


def terminal_width() -> int:
    """The terminal's width when stdout is one, else DEFAULT_WIDTH."""
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def plain(term: Term | None) -> str:
    """A term as a person reads it: a literal's text, an individual's kind/slug, a vocabulary term's name."""
    if term is None:
        return ""
    if term.kind == "literal":
        return " ".join(term.value.split())  # one line per row: newlines and tabs become spaces
    if term.kind == "bnode":
        return "_:" + term.value
    for base in (ID_IRI, VDG_IRI):
        if term.value.startswith(base):
            return term.value[len(base):]
    return shorten(term.value, PREFIXES)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    if _width(text) <= width:
        return text + " " * (width - _width(text))
    out = ""
    for char in text:
        if _width(out + char) > width - 1:
            break
        out += char
    return out + "…" + " " * (width - 1 - _width(out))


def shown_columns(variables: list[str], hidden: Iterable[str] = ()) -> list[str]:
    """The columns worth showing: a column whose label column (`xLabel`) is in the answer gives way to it,
    and bound parameters (the same on every row) are left out."""
    skip = set(hidden)
    return [v for v in variables if v not in skip and f"{v}Label" not in variables]


def text_table(variables: list[str], rows: list[list[Term | None]], *, hidden: Iterable[str] = (),
               width: int | None = None) -> str:
    """Rows as an aligned text table no wider than `width`, or, when the columns would have to be cut below
    READABLE characters to fit, as one block of `column  value` lines per row (values wrapped, never cut)."""
    width = width or terminal_width()
    columns = shown_columns(variables, hidden) or variables
    index = {v: i for i, v in enumerate(variables)}
    cells = []
    for row in rows:
        line = []
        for name in columns:
            text = plain(row[index[name]])
            if not text and name.endswith("Label") and name[:-5] in index:  # no label: show the id
                text = plain(row[index[name[:-5]]])
            line.append(text)
        cells.append(line)
    natural = [max([_width(name)] + [_width(line[i]) for line in cells]) for i, name in enumerate(columns)]
    widths = list(natural)
    budget = width - len(GAP) * (len(columns) - 1)
    while sum(widths) > budget and max(widths) > MIN_COLUMN:
        widths[widths.index(max(widths))] -= 1
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    if sum(widths) > budget or any(w < min(n, READABLE) for w, n in zip(widths, natural)):
        return _blocks(columns, cells, width) + count + "\n"

    def render(line: list[str]) -> str:
        return GAP.join(_cut(text, w) for text, w in zip(line, widths)).rstrip()

    out = [render(columns), render(["-" * w for w in widths])] + [render(line) for line in cells]
    return "\n".join(out + [count]) + "\n"


def _blocks(columns: list[str], cells: list[list[str]], width: int) -> str:
    """One block per row: a rule with the row number, then `column  value` lines, values wrapped."""
    label = max(_width(name) for name in columns)
    out = []
    for number, line in enumerate(cells, 1):
        out.append(f"-[ {number} ]".ljust(min(width, 40), "-"))
        for name, text in zip(columns, line):
            if not text:
                continue
            wrapped = textwrap.wrap(text, max(20, width - label - len(GAP))) or [""]
            out.append(name.ljust(label) + GAP + wrapped[0])
            out.extend(" " * (label + len(GAP)) + rest for rest in wrapped[1:])
    return "\n".join(out) + "\n"
