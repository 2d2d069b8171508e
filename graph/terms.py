"""The one place RDF terms change form: rdflib <-> pyoxigraph, and both (and SPARQL JSON results) to the
engine-neutral `Term` that query answers carry. rdflib is imported only by the functions that need it
(`vdg query` on Oxigraph never loads it)."""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, cast

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ontology.namespaces import XSD_IRI

if TYPE_CHECKING:
    from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = XSD_IRI + "string"


class Term(NamedTuple):
    """An RDF term as results carry it, independent of the engine (a named tuple: results of a
    million rows make millions of them, and a tuple is made five times faster than a dataclass)."""

    kind: str  # "uri", "bnode" or "literal"
    value: str
    datatype: str | None = None
    lang: str | None = None

    def ntriples(self) -> str:
        """The term in N-Triples (and SPARQL) syntax, escaped."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        escaped = self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        return f'"{escaped}"^^<{self.datatype}>' if self.datatype else f'"{escaped}"'


def to_ox(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def ox_quad(s: Node, p: Node, o: Node, g: Node) -> ox.Quad:
    """The pyoxigraph quad for four rdflib terms (subject, predicate, object, graph name)."""
    return ox.Quad(cast(ox.NamedNode | ox.BlankNode, to_ox(s)), cast(ox.NamedNode, to_ox(p)), to_ox(o),
                   cast(ox.NamedNode | ox.BlankNode, to_ox(g)))


def value(term: object) -> str:
    """The IRI, blank-node id or lexical form of a pyoxigraph term ('' for the default graph or a quoted triple)."""
    return cast(str, getattr(term, "value", ""))


def to_rdflib(term: OxTerm | ox.Triple | ox.DefaultGraph) -> Node:
    """The rdflib term for a pyoxigraph term (TypeError for a quoted triple or the default graph)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if not isinstance(term, ox.Literal):
        raise TypeError(f"cannot convert {term!r}")
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:  # RDF 1.1: a simple literal; rdflib tells the two apart
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _literal(value: str, datatype: str | None, lang: str | None) -> Term:
    return Term("literal", value, None if lang or datatype == XSD_STRING else datatype, lang or None)


def from_ox(term: Any) -> Term | None:
    """The Term for a pyoxigraph term (None for an unbound variable)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    return _literal(term.value, term.datatype.value, term.language)


def from_rdflib(term: Any) -> Term | None:
    """The Term for an rdflib term (None for an unbound variable)."""
    from rdflib import BNode, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    return _literal(str(term), str(term.datatype) if term.datatype else None, term.language)


def from_json(cell: dict[str, str]) -> Term:
    """The Term for a cell of SPARQL 1.1 JSON results."""
    if cell["type"] == "uri":
        return Term("uri", cell["value"])
    if cell["type"] == "bnode":
        return Term("bnode", cell["value"])
    return _literal(cell["value"], cell.get("datatype"), cell.get("xml:lang"))


def term_to_ox(term: Term) -> OxTerm:
    """The pyoxigraph term for a Term."""
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def term_to_rdflib(term: Term) -> Node:
    """The rdflib term for a Term."""
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    return Literal(term.value, lang=term.lang, datatype=term.datatype)


def converter() -> Callable[[Any], Term | None]:
    """from_ox remembering the terms it has converted: answers repeat terms (classes, predicates,
    languages), and a lookup by pyoxigraph's own hash costs a tenth of a conversion."""
    memo: dict[Any, Term | None] = {}

    def convert(term: Any) -> Term | None:
        found = memo.get(term)
        if found is None:
            found = memo[term] = from_ox(term)
        return found

    return convert
