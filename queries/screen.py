"""Read SPARQL query text before any parser does: bound its nesting, and for the endpoint refuse
SERVICE, updates and FROM of graphs outside the store.

The scan is built on the SPARQL 1.1 grammar's own terminals (section 19.8): a comment runs from
`#` to the next CR or LF and nothing else; IRIREF is `<` ([^<>"{}|^`\\] minus #x00-#x20, or a
codepoint escape)* `>`; the four string forms with their escapes; prefixed names with PLX escapes
(`ex:a\\#b` is one name, not a name and a comment). Whatever the scan cannot read as one of those
is read one character at a time, so an odd character can only make it read more text, never less.

`SERVICE` is looked for in three readings of the text and refused when any of them sees it: the
grammar's reading; one where `<` never opens an IRI (in an expression `?a<?b&&?c>?d` it is an
operator, and a `'` or `#` after it opens a string or a comment that the grammar's reading does not
see); and the text with its codepoint escapes (`\\u0053`) replaced, as section 19.2 says a
parser may do first. A keyword is matched as a part of a word, so `SERVICEex:x`, which Oxigraph
reads as `SERVICE ex:x`, is refused too.

Examples
--------
>>> screen("SELECT * FROM <https://w3id.org/vdg/graph/a> WHERE { ?s ?p ?o }", {"https://w3id.org/vdg/graph/a"})
DatasetClause(default=['https://w3id.org/vdg/graph/a'], named=[])
>>> try:
...     screen("SELECT * WHERE { # x\\rSERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", set())
... except Refused as exc:
...     print(exc.status, exc)
400 SERVICE (federated query) is not allowed on this endpoint
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from queries.catalogue import QueryError

MAX_DEPTH = 64  # brackets plus pending unary operators; parse time grows with the square of nesting
MAX_OPERATORS = 256  # OPTIONAL, MINUS and UNION in one query: each makes the algebra one level deeper
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"})
UPDATE_MESSAGE = "SPARQL Update is not allowed: this endpoint is read-only"
SERVICE_MESSAGE = "SERVICE (federated query) is not allowed on this endpoint"

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\."  # the grammar allows \t \b \n \r \f \" \' \\ (and Oxigraph \u): any other fails to parse
_IRIREF = r"<(?:[^<>\"{}|^`\\\x00-\x20]|" + _UCHAR + r")*>"
_STRINGS = (r"'''(?:(?:'|'')?(?:[^'\\]|" + _ECHAR + r"))*'''"
            r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ECHAR + r'))*"""'
            r"|'(?:[^'\\\n\r]|" + _ECHAR + r")*'"
            r'|"(?:[^"\\\n\r]|' + _ECHAR + r')*"')
_COMMENT = r"#[^\r\n]*"
_PN_CHARS = r"\w\-\u00b7\u0300-\u036f\u203f\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_PNAME = rf"(?:\w(?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:(?:{_PN_LOCAL})?"
_REST = r"[?$]\w+|@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\w+|&&|\|\||\^\^|\S"

_GRAMMAR = re.compile("|".join((_COMMENT, _IRIREF, _STRINGS, _PNAME, _REST)))
_NO_IRIS = re.compile("|".join((_COMMENT, _STRINGS, _PNAME, _REST)))
_IRI_SHAPED = re.compile(r"<[^<>\"{}|^`\x00-\x20]*>")
_CODEPOINT = re.compile(_UCHAR)

_OPEN, _CLOSE = "({[", ")}]"
_OPERAND_END = re.compile(r"[?$\w<\"')\]}]")  # after these, + and - are binary


class Refused(QueryError):
    """Query text the endpoint will not run; `status` is the HTTP status that answers it."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class DatasetClause:
    """The graphs a query names with FROM (`default`) and FROM NAMED (`named`), as IRIs."""

    default: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = int(match.group()[2:], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group()

    return _CODEPOINT.sub(one, text)


def _significant(pattern: re.Pattern[str], text: str) -> list[str]:
    return [t for t in pattern.findall(text) if not t.startswith("#")]


def check_shape(text: str) -> None:
    """Raise Refused when the query is nested deeper than MAX_DEPTH or chains more than MAX_OPERATORS
    OPTIONAL/MINUS/UNION: such text overflows the parser's stack (SIGSEGV) or takes minutes to plan."""
    _check_shape(_significant(_GRAMMAR, text))


def _check_shape(tokens: list[str]) -> None:
    stack: list[int] = []  # pending unary operators of each open bracket
    pending = total = operators = 0
    previous = ""
    for token in tokens:
        if token in _OPEN:
            stack.append(pending)
            total += pending
            pending = 0
        elif token in _CLOSE:
            total -= stack.pop() if stack else 0
            pending = 0
        elif token == "!" or token == "^" or (token in "+-" and not _OPERAND_END.match(previous or " ")):
            pending += 1
        else:
            pending = 0
            if token.upper() in ("OPTIONAL", "MINUS", "UNION"):
                operators += 1
                if operators > MAX_OPERATORS:
                    raise Refused(f"query has more than {MAX_OPERATORS} OPTIONAL, MINUS and UNION; split it")
        if len(stack) + total + pending > MAX_DEPTH:
            raise Refused(f"query nested deeper than {MAX_DEPTH} levels (brackets and unary operators); simplify it")
        previous = token


def _names_service(token: str) -> bool:
    if token[0] in "<\"'?$@":
        return False
    if ":" in token:  # a prefixed name: the parser reads `SERVICEex:x` as SERVICE ex:x, never the local part
        token = token.partition(":")[0]
    return "SERVICE" in token.upper() or "service" in token.casefold()


def _service_as_operator_reads(text: str) -> bool:
    """SERVICE in the reading where `<` is always the less-than operator. A SERVICE inside an IRI-shaped
    span `<...>` counts only where the parser could run it: the span closes an expression with `)`
    before the word, and a `#` after it turns the rest of the line into a comment (`FILTER(?a<1)SERVICE?x#>`
    then `{}` on the next line); without those, what follows the word inside the span is neither space
    nor `{`, so no SERVICE clause can be formed there. This keeps `<http://x/service#>` usable."""
    spans = [(m.start(), m.end()) for m in _IRI_SHAPED.finditer(text)]
    starts = [start for start, _ in spans]
    for match in _NO_IRIS.finditer(text):
        token = match.group()
        if token.startswith("#") or not _names_service(token):
            continue
        k = bisect.bisect_right(starts, match.start()) - 1
        if k >= 0 and match.end() <= spans[k][1]:
            start, end = spans[k]
            if ")" not in text[start:match.start()] or "#" not in text[match.end():end]:
                continue
        return True
    return False


def screen(text: str, graphs: set[str]) -> DatasetClause:
    """Check query text for the endpoint and return its dataset clause.

    Raises Refused: 403 for an update, 400 for SERVICE in any reading of the text, for nesting beyond
    the bounds of check_shape, and for FROM / FROM NAMED of a graph not in `graphs`.
    """
    tokens = _significant(_GRAMMAR, text)
    for reading in (tokens, _significant(_GRAMMAR, _unescape(text))):
        if any(_names_service(t) for t in reading):
            raise Refused(SERVICE_MESSAGE)
    if _service_as_operator_reads(text):
        raise Refused(SERVICE_MESSAGE)
    _check_shape(tokens)
    prefixes: dict[str, str] = {}
    dataset = DatasetClause()
    for i, token in enumerate(tokens):
        upper = token.upper()
        if upper in UPDATE_WORDS:
            raise Refused(UPDATE_MESSAGE, 403)
        if upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].startswith("<"):
            prefixes[tokens[i + 1].rstrip(":")] = _unescape(tokens[i + 2][1:-1])
        elif upper == "FROM":
            j = i + 1
            named = j < len(tokens) and tokens[j].upper() == "NAMED"
            j += 1 if named else 0
            target = tokens[j] if j < len(tokens) else ""
            if target.startswith("<"):
                iri = _unescape(target[1:-1])
            elif ":" in target and target[0] not in "?$\"'":
                prefix, _, local = target.partition(":")
                iri = prefixes.get(prefix, "\0") + re.sub(r"\\(.)", r"\1", local)
            else:
                raise Refused("FROM must name a graph by its IRI")
            if iri not in graphs:
                raise Refused(f"FROM <{iri}>: not a graph of this store; only its own named graphs can be used")
            (dataset.named if named else dataset.default).append(iri)
    return dataset
