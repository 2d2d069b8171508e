"""The static site around the entity pages: the index (search and class legend), one list page per
class, the dataset description page, and the pages' paths. Every link is relative; nothing loads
from the network. `vdg site` (graph/cli/site_command.py) writes what these functions return."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any, Iterator, Sequence

from graph.describe import Description
from graph.terms import value
from ontology.namespaces import VDG_IRI
from viz.escaping import bdi, visible_bidi
from viz.pages import Pages, page_path
from viz.render import PALETTE, json_for_script
from viz.templating import environment

HERE = Path(__file__).resolve().parent


def _frame(title: str, body: str, root: str = "", data: Any = None) -> str:
    script = (HERE / "assets" / "search.js").read_text(encoding="utf-8") if data is not None else ""
    return environment().get_template("site.html").render(
        title=title, body=body, root=root, css=(HERE / "assets" / "site.css").read_text(encoding="utf-8"),
        script=script, data_json=json_for_script(data) if data is not None else "")


def class_path(cls: str) -> str:
    """The site path of a class's list page ('class/vdg-Ministry.html')."""
    from ontology.namespaces import shorten

    return "class/" + shorten(cls).replace(":", "-") + ".html"


def members(pages: Pages) -> dict[str, list[str]]:
    """The entities of each class they are asserted to be in (classes sorted, members sorted)."""
    out: dict[str, list[str]] = defaultdict(list)
    for iri in pages.entities:
        for cls in pages.types(iri):
            out[cls].append(iri)
    return dict(sorted(out.items()))


def index_page(pages: Pages, classes: dict[str, list[str]], description: Description) -> str:
    """index.html: what the site is, a search over every entity, the class legend with counts."""
    rows = []
    for iri in pages.entities:
        labels = pages.labels(iri)
        types = pages.types(iri)
        alt = sorted(value(q.object) for q in pages.index.outgoing(iri) if q.predicate.value.endswith("core#altLabel"))
        rows.append([page_path(iri), labels["vi"], labels["en"], alt,
                     pages.labels(types[0])["en"] if types else ""])
    legend = []
    for i, (cls, items) in enumerate(classes.items()):
        labels = pages.labels(cls)
        legend.append(f'<li><span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}" aria-hidden="true"></span>'
                      f'<a href="{escape(class_path(cls))}">{bdi(labels["vi"])} / <span lang="en">{bdi(labels["en"])}</span></a>'
                      f" ({len(items)})</li>")
    body = (f'<h1><span lang="vi">{escape(description.title.get("vi", "VDG"))}</span><br>'
            f'<span lang="en" class="en">{escape(description.title.get("en", ""))}</span></h1>'
            f'<p lang="vi">{escape(description.description.get("vi", ""))}</p>'
            f'<p lang="en">{escape(description.description.get("en", ""))}</p>'
            f"<p>{len(pages.entities)} trang / pages · {description.triples} bộ ba / triples · "
            '<a href="graph.html">Đồ thị / Graph view</a> · <a href="ontology/index.html">Bản thể học / Ontology</a> · '
            '<a href="dataset.html">Mô tả bộ dữ liệu / Dataset description</a> · <a href="void.ttl">VoID (Turtle)</a></p>'
            '<form role="search" onsubmit="return false"><label for="search">Tìm / Search</label><br>'
            '<input id="search" name="q" type="search" autocomplete="off" placeholder="bo thong tin, MIC, revenue…">'
            '</form><p id="results-status" role="status"></p><ul id="results"></ul>'
            '<section aria-labelledby="h-classes"><h2 id="h-classes">Lớp / Classes</h2>'
            f'<ul class="legend">{"".join(legend)}</ul></section>')
    return _frame("VDG — Mục lục / Index", body, data=rows)


def class_page(pages: Pages, cls: str, items: list[str]) -> str:
    """class/<prefix>-<Class>.html: every member of one class, linked to its page."""
    labels = pages.labels(cls)
    lis = "".join(f'<li><a href="../{escape(page_path(i))}">{bdi(pages.labels(i)["vi"])}</a> — '
                  f'<span lang="en">{bdi(pages.labels(i)["en"])}</span></li>' for i in items)
    if cls.startswith(VDG_IRI):  # the ontology docs have an anchor for each vdg term
        local = cls[len(VDG_IRI):]
        term = f'<a href="../ontology/index.html#{escape(local)}">vdg:{escape(local)}</a>'
    else:
        term = f"<code>{escape(cls)}</code>"
    body = (f'<h1><span lang="vi">{bdi(labels["vi"])}</span><br><span lang="en" class="en">{bdi(labels["en"])}</span></h1>'
            f"<p>{term} · {len(items)}</p><ul>{lis}</ul>")
    return _frame(f"{visible_bidi(labels['vi'])} / {visible_bidi(labels['en'])} · VDG", body, root="../")


def dataset_page(d: Description, root: str = "") -> str:
    """dataset.html: the dataset description for people (the same facts as void.ttl)."""
    def table(head: tuple[str, str], rows: Sequence[tuple[str, str]]) -> str:
        cells = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
        return (f'<table><thead><tr><th scope="col">{head[0]}</th><th scope="col">{head[1]}</th></tr></thead>'
                f"<tbody>{cells}</tbody></table>")

    facts = [("Phiên bản / Version", escape(d.version or "—")),
             ("Giấy phép / Licence", escape(d.licence or "—")),
             ("Nhà xuất bản / Publisher", escape(d.publisher or "—")),
             ("Cập nhật / Modified", escape(d.modified or "— (no source gives a publication date)")),
             ("Thời gian / Temporal coverage", escape(" – ".join(d.temporal)) if d.temporal else "—"),
             ("Bộ ba / Triples", str(d.triples)), ("Thực thể / Entities", str(d.entities)),
             ("Điểm truy vấn SPARQL / SPARQL endpoint", escape(d.endpoint) if d.endpoint else "—")]
    dists = [(f'<a href="{root}dump/{escape(x.file)}">{escape(x.file)}</a>', f"{escape(x.media_type)}, {x.size} bytes")
             for x in d.distributions]
    sources = [(f'<a href="{root}{escape(page_path(s))}">{bdi(labels.get("vi", s))}</a>', bdi(labels.get("en", "")))
               for s, labels in d.sources.items()]
    body = (f'<h1><span lang="vi">{escape(d.title.get("vi", ""))}</span><br>'
            f'<span lang="en" class="en">{escape(d.title.get("en", ""))}</span></h1>'
            f'<p lang="vi">{escape(d.description.get("vi", ""))}</p><p lang="en">{escape(d.description.get("en", ""))}</p>'
            f'<p>VoID + DCAT: <a href="{root}void.ttl">void.ttl</a></p>'
            + table(("", ""), facts)
            + '<h2>Bản phân phối / Distributions</h2>' + table(("Tệp / File", "Kiểu, kích thước / Type, size"), dists)
            + '<h2>Nguồn / Sources</h2>' + table(("vi", "en"), sources)
            + '<h2>Đồ thị có tên / Named graphs</h2>' + table(("IRI", "Bộ ba / Triples"),
                                                                [(escape(g), str(n)) for g, n in d.graphs.items()])
            + '<h2>Lớp / Classes</h2>' + table(("Lớp / Class", "Thực thể / Entities"),
                                               [(escape(c), str(n)) for c, n in d.classes.items()])
            + '<h2>Thuộc tính / Properties</h2>' + table(("Thuộc tính / Property", "Bộ ba / Triples"),
                                                         [(escape(p), str(n)) for p, n in d.properties.items()]))
    return _frame("VDG — Mô tả bộ dữ liệu / Dataset description", body, root=root)


def site_files(pages: Pages, description: Description, void_ttl: bytes, ontology_html: str, graph_html: str,
               dumps: dict[str, bytes]) -> dict[str, bytes]:
    """Every file of the site but the entity pages and their RDF (see entity_files): path -> bytes."""
    from graph.formats import FORMATS

    classes = members(pages)
    files = {"index.html": index_page(pages, classes, description).encode("utf-8"),
             "dataset.html": dataset_page(description).encode("utf-8"),
             "void.ttl": void_ttl,
             ".well-known/void": void_ttl,
             "ontology/index.html": ontology_html.encode("utf-8"),
             "graph.html": graph_html.encode("utf-8")}
    for cls, items in classes.items():
        files[class_path(cls)] = class_page(pages, cls, items).encode("utf-8")
    for fmt, data in dumps.items():
        files["dump/vdg" + FORMATS[fmt][0]] = data
    return files


def entity_files(pages: Pages) -> Iterator[tuple[str, bytes]]:
    """Each entity's page and its Turtle, N-Triples and JSON-LD beside it: (path, bytes)."""
    from graph.entity import ENTITY_FORMATS

    for iri in pages.entities:
        path = page_path(iri)
        html = pages.page(iri)
        assert html is not None
        yield path, html.encode("utf-8")
        stem = path[: -len(".html")]
        for fmt, (_, _, suffix) in ENTITY_FORMATS.items():
            data = pages.index.rdf(iri, fmt)
            assert data is not None
            yield stem + suffix, data
