"""Read numbers written the Vietnamese way ("2,65 triệu tỷ", "30.000", "50/173", "4.3 tỷ")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Longest first, so that "triệu tỷ" wins over "triệu".
SCALES: tuple[tuple[str, Decimal], ...] = (
    ("triệu tỷ", Decimal(10) ** 15),
    ("triệu tỉ", Decimal(10) ** 15),
    ("nghìn tỷ", Decimal(10) ** 12),
    ("nghìn tỉ", Decimal(10) ** 12),
    ("ngàn tỷ", Decimal(10) ** 12),
    ("tỷ", Decimal(10) ** 9),
    ("tỉ", Decimal(10) ** 9),
    ("triệu", Decimal(10) ** 6),
    ("nghìn", Decimal(10) ** 3),
    ("ngàn", Decimal(10) ** 3),
)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SCALE = re.compile(r"\s*(" + "|".join(re.escape(word) for word, _ in SCALES) + r")(?!\w)")
_FACTOR = dict(SCALES)


def parse_number(text: str) -> Decimal:
    """One number in Vietnamese notation: a dot before exactly three digits groups thousands,
    any other dot or a comma is the decimal mark.

    >>> parse_number("2,65"), parse_number("30.000"), parse_number("4.3")
    (Decimal('2.65'), Decimal('30000'), Decimal('4.3'))
    """
    parts = re.split(r"([.,])", text.strip())
    digits, seen_decimal = parts[0], False
    for sep, group in zip(parts[1::2], parts[2::2]):
        if sep == "." and len(group) == 3 and not seen_decimal:
            digits += group
        elif not seen_decimal:
            digits += "." + group
            seen_decimal = True
        else:
            raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(digits)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc


@dataclass(frozen=True)
class Number:
    """A number written in a text: its span (digits and any scale word), its value (scaled) and
    whether it was written as a whole number (no decimal mark)."""

    start: int
    end: int
    digits_end: int
    value: Decimal
    whole: bool


def numbers_in(text: str) -> list[Number]:
    """Every well-formed number of an NFC text with its span, multiplied by the scale word that
    follows it; offsets index the text as given.

    >>> [(n.start, n.end, n.value) for n in numbers_in("đạt 1,4 tỷ USD")]
    [(4, 10, Decimal('1400000000.0'))]
    """
    found = []
    for match in _NUMBER.finditer(text):
        try:
            value = parse_number(match.group())
        except ValueError:
            continue
        scale = _SCALE.match(text, match.end())
        end = match.end()
        if scale:
            value *= _FACTOR[scale.group(1)]
            end = scale.end()
        written = match.group()
        whole = "," not in written and all(len(group) == 3 for group in written.split(".")[1:])
        found.append(Number(match.start(), end, match.end(), value, whole))
    return found


def figures_in(text: str) -> list[Decimal]:
    """Every number written in the text, each multiplied by the scale word that follows it.

    >>> figures_in("khoảng 2,65 triệu tỷ đồng, 50/173")
    [Decimal('2650000000000000'), Decimal('50'), Decimal('173')]
    """
    return [number.value for number in numbers_in(unicodedata.normalize("NFC", text))]
