"""HTML documentation of the VDG ontology: one self-contained index.html (no CDN, no script)
listing every class and property with its Vietnamese and English labels, comment, superclasses
or superproperties, domain and range, with an anchor per term."""

from __future__ import annotations

from html import escape
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS
from rdflib.term import Node

from ontology.model import load_ontology
from ontology.namespaces import ONTOLOGY_IRI, VDG
from ontology.namespaces import PREFIXES as NAMESPACES

PREFIXES = {iri: f"{name}:" for name, iri in NAMESPACES.items() if name not in ("id", "graph", "rdf", "rdfs")}

STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1{font-size:1.6rem}h2{border-bottom:2px solid #ccc;margin-top:2.5rem}h3{margin:0;font-size:1.1rem}
section.term{border:1px solid #ddd;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.2rem .8rem;margin:.5rem 0 0}dt{color:#555}dd{margin:0}
code{background:#f4f4f4;padding:0 .25rem;border-radius:3px}nav ul{columns:3;font-size:.9rem}
.vi{font-style:italic}"""


def _name(node: Node) -> str:
    text = str(node)
    for base, prefix in PREFIXES.items():
        if text.startswith(base):
            return prefix + text[len(base):]
    return text


def _ref(graph: Graph, node: Node) -> str:
    """A term as HTML: a link to its anchor for vdg terms, 'A or B' for an owl:unionOf."""
    union = graph.value(node, OWL.unionOf)
    if union is not None:
        return " or ".join(_ref(graph, m) for m in Collection(graph, union))
    if isinstance(node, URIRef) and str(node).startswith(str(VDG)):
        local = str(node)[len(str(VDG)):]
        return f'<a href="#{escape(local)}"><code>vdg:{escape(local)}</code></a>'
    if isinstance(node, URIRef):
        return f'<code title="{escape(str(node))}">{escape(_name(node))}</code>'
    return "<em>(anonymous class)</em>"


def _label(graph: Graph, term: Node, lang: str) -> str:
    return next((str(o) for o in graph.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == lang), "")


def _texts(graph: Graph, term: Node, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(term, prop) if isinstance(o, Literal))


def _section(graph: Graph, term: URIRef, rows: list[tuple[str, list[Node]]]) -> str:
    local = str(term)[len(str(VDG)):]
    vi, en = _label(graph, term, "vi"), _label(graph, term, "en")
    parts = [f'<section class="term" id="{escape(local)}">',
             f"<h3><code>vdg:{escape(local)}</code> — {escape(en)} / <span class=\"vi\" lang=\"vi\">{escape(vi)}</span></h3>",
             "<dl>", f"<dt>IRI</dt><dd><code>{escape(str(term))}</code></dd>",
             f'<dt>label (en)</dt><dd lang="en">{escape(en)}</dd>',
             f'<dt>label (vi)</dt><dd lang="vi">{escape(vi)}</dd>']
    for comment in _texts(graph, term, RDFS.comment) + _texts(graph, term, SKOS.definition):
        parts.append(f"<dt>comment</dt><dd>{escape(comment)}</dd>")
    for title, nodes in rows:
        if nodes:
            parts.append(f"<dt>{escape(title)}</dt><dd>{', '.join(_ref(graph, n) for n in nodes)}</dd>")
    parts += ["</dl>", "</section>"]
    return "\n".join(parts)


def _sorted(nodes: object) -> list[Node]:
    return sorted(set(nodes), key=str)  # type: ignore[call-overload]


def render_html(graph: Graph | None = None) -> str:
    """The ontology documentation as one HTML page."""
    graph = graph if graph is not None else load_ontology().graph
    classes = sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(VDG)))
    props = sorted(p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in graph.subjects(RDF.type, kind)
                   if isinstance(p, URIRef) and str(p).startswith(str(VDG)))
    individuals = sorted(i for i in graph.subjects(RDF.type, OWL.NamedIndividual)
                         if isinstance(i, URIRef) and str(i).startswith(str(VDG)))
    title_en, title_vi = _label(graph, ONTOLOGY_IRI, "en"), _label(graph, ONTOLOGY_IRI, "vi")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title_en)}</title><style>{STYLE}</style></head><body><main>",
           f'<h1>{escape(title_en)}<br><span class="vi" lang="vi">{escape(title_vi)}</span></h1>',
           f"<p><code>{escape(str(ONTOLOGY_IRI))}</code></p>"]
    out += [f"<p>{escape(c)}</p>" for c in _texts(graph, ONTOLOGY_IRI, RDFS.comment)]
    for heading, terms in (("Classes", classes), ("Properties", props), ("Vocabulary", individuals)):
        out.append(f'<nav><h2 id="index-{heading.lower()}">{heading} ({len(terms)})</h2><ul>')
        out += [f'<li><a href="#{escape(str(t)[len(str(VDG)):])}">vdg:{escape(str(t)[len(str(VDG)):])}</a></li>'
                for t in terms]
        out.append("</ul></nav>")
    out.append("<h2>Classes</h2>")
    for c in classes:
        out.append(_section(graph, c, [
            ("superclasses", _sorted(graph.objects(c, RDFS.subClassOf))),
            ("equivalent to", [n for n in graph.objects(c, OWL.equivalentClass) if isinstance(n, URIRef)]),
            ("disjoint with", _sorted(graph.objects(c, OWL.disjointWith))),
            ("subclasses", _sorted(s for s in graph.subjects(RDFS.subClassOf, c) if isinstance(s, URIRef)))]))
    out.append("<h2>Properties</h2>")
    for p in props:
        kinds: list[Node] = [t for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.FunctionalProperty,
                             OWL.TransitiveProperty, OWL.SymmetricProperty) if (p, RDF.type, t) in graph]
        out.append(_section(graph, p, [
            ("type", kinds), ("domain", _sorted(graph.objects(p, RDFS.domain))),
            ("range", _sorted(graph.objects(p, RDFS.range))),
            ("superproperties", _sorted(graph.objects(p, RDFS.subPropertyOf))),
            ("inverse of", _sorted(graph.objects(p, OWL.inverseOf)))]))
    out.append("<h2>Vocabulary</h2>")
    for i in individuals:
        out.append(_section(graph, i, [("type", _sorted(t for t in graph.objects(i, RDF.type) if t != OWL.NamedIndividual))]))
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def write_docs(folder: Path, graph: Graph | None = None) -> Path:
    """Write index.html into the folder (created if missing) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.html"
    path.write_text(render_html(graph), encoding="utf-8")
    return path
