"""Checks that belong to one kind of record, beyond what the ontology's domains and ranges say."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from graph.numbers import figures_in


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def check_observation(record: dict[str, Any], quotes: list[str]) -> str | None:
    """The reason an observation is inconsistent, or None.

    A figure gives either `value`, or both `minValue` and `maxValue`, or (stated ambiguously) two
    or more `possibleValue` readings with an editorial note that says why; its `statedValue` is
    part of a quote; the numbers it records appear in the stated wording, unless it is marked
    `corrected` with an editorial note.
    """
    has_value = "value" in record
    has_range = "minValue" in record or "maxValue" in record
    readings = record.get("possibleValue")
    if readings is not None:
        if has_value or has_range:
            return "an ambiguous figure gives its 'possibleValue' readings and no 'value', 'minValue' or 'maxValue'"
        if not isinstance(readings, list) or len(set(map(str, readings))) < 2:
            return "'possibleValue' lists two or more different readings of an ambiguous figure"
        if not record.get("editorialNote"):
            return "an ambiguous figure needs an 'editorialNote' that explains the readings"
    elif has_value == has_range:
        return "an observation gives either 'value' or both 'minValue' and 'maxValue' (or 'possibleValue' readings)"
    if has_range and not ("minValue" in record and "maxValue" in record):
        return "a range needs both 'minValue' and 'maxValue'"
    if has_range and _number(record["minValue"]) is not None and _number(record["maxValue"]) is not None:
        if _number(record["minValue"]) > _number(record["maxValue"]):  # type: ignore[operator]
            return "'minValue' is greater than 'maxValue'"
    stated = str(record.get("statedValue", ""))
    if stated and not any(stated in q for q in quotes):
        return f"statedValue {stated!r} is not part of any of its quotes"
    if record.get("corrected") is True:
        if not record.get("editorialNote"):
            return "a corrected figure needs an 'editorialNote' that explains the correction"
        return None
    written = figures_in(stated)
    for key in ("value", "minValue", "maxValue", "outOf"):
        if key in record:
            number = _number(record[key])
            if number is not None and number not in written:
                shown = ", ".join(str(w) for w in written) or "none"
                return (f"{key} {record[key]} does not agree with statedValue {stated!r} "
                        f"(numbers read there: {shown}); mark it 'corrected: true' with a note if it fixes a misprint")
    return None


# The type of a structured source (DESIGN.md §3); the shapes ask it for vdg:packageName and vdg:packageVersion.
PACKAGE_DATASET = "PackageDataset"
# What a web source (a record with a `url`) must say about itself (issue 15, item 3).
WEB_SOURCE_FIELDS = ("publisher", "title", "retrieved")


def check_source(record: dict[str, Any], quotes: list[str]) -> str | None:
    """The reason a source record is incomplete, or None: a web page (a record with `url`) names its
    publisher, title and the date it was retrieved, and its publication date, or, where the page
    shows none, an `editorialNote` that says so (a date is never guessed); a package dataset (a
    structured source) has no text file and no web page; any other source names its text file."""
    if record.get("type") == PACKAGE_DATASET:
        extra = [name for name in ("fileName", "url") if name in record]
        if extra:
            return f"a package dataset has no {extra[0]!r}: its facts cite record codes of the package"
        missing = [name for name in ("packageName", "packageVersion") if name not in record]
        if missing:
            return f"a package dataset needs {', '.join(repr(m) for m in missing)}"
        return None
    if "fileName" not in record:
        return "missing required property 'fileName' (the file of the source's text)"
    if "url" not in record:
        return None
    url = str(record["url"])
    if not url.startswith(("https://", "http://")):
        return f"url {url!r} is not a web address (http:// or https://)"
    missing = [name for name in WEB_SOURCE_FIELDS if name not in record]
    if missing:
        return f"a web source needs {', '.join(repr(m) for m in missing)} (it has a 'url')"
    if "published" not in record and not record.get("editorialNote"):
        return "a web source needs 'published', or an 'editorialNote' saying the page shows no date"
    return None


CHECKS: dict[str, Callable[[dict[str, Any], list[str]], str | None]] = {
    "observation": check_observation,
    "source": check_source,
}
