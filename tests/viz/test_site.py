"""`vdg site`: every internal link of the generated site resolves; the folder rules hold; real
headless Chromium renders a sample of pages with no external request, no console error and no
problem found by the accessibility checker (landmarks, text alternatives, labels, contrast)."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, run_vdg
from tests.viz.conftest import Page

MIC = "id/agency/mic.html"
A11Y = (Path(__file__).with_name("a11y_check.js")).read_text(encoding="utf-8")
SAMPLE = ["index.html", MIC, "id/sector/ict-sector.html", "id/indicator/revenue.html",
          "id/person/nguyen-manh-hung.html", "id/observation/ict-sector-revenue-2018.html", "dataset.html",
          "class/vdg-Ministry.html", "ontology/index.html", "graph.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sources_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    done = run_vdg("site", "-o", str(out), "--sources", str(sources_dir))
    assert done.returncode == 0, done.stderr.decode()
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, val in attrs:
            if name in ("href", "src") and val is not None:
                self.links.append(val)
            if name == "id" and val:
                self.ids.add(val)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 153  # every entity, the index, the class pages, the dataset page, the docs, the view
    parsed = {p: _parse(p) for p in pages}
    broken, external, checked = [], [], 0
    for page, found in parsed.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme == "data":
                continue
            if parts.scheme or parts.netloc:
                external.append(f"{page.relative_to(site)}: {link}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert checked > 2000
    assert broken == []
    assert external == []


def test_site_holds_pages_rdf_dumps_and_description(site: Path, built: Any) -> None:
    from rdflib import Graph

    mic = Graph().parse(site / "id/agency/mic.ttl", format="turtle")
    assert len(mic) > 10
    assert {f.name for f in (site / "dump").iterdir()} == {"vdg.ttl", "vdg.trig", "vdg.nt", "vdg.nq", "vdg.jsonld", "vdg.rdf"}
    assert (site / ".well-known" / "void").read_bytes() == (site / "void.ttl").read_bytes()
    assert len(Graph().parse(site / "dump/vdg.nt", format="nt")) == len(built.quads.triples())
    html = (site / MIC).read_text(encoding="utf-8")
    for quote in (str(q) for q in built.quads.union().objects(
            __import__("rdflib").URIRef("https://w3id.org/vdg/id/agency/mic"),
            __import__("rdflib").URIRef("https://w3id.org/vdg/ontology#quote"))):
        assert quote.replace("&", "&amp;") in html


def test_refuses_a_folder_it_does_not_own(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    done = run_vdg("site", "-o", str(out), "--no-quote-check")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "not empty" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temporary folder left behind


def test_bad_output_paths_are_one_line_and_exit_2(tmp_path: Path) -> None:
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    for out, says in ((tmp_path / "missing" / "site", "does not exist"), (afile, "not a folder")):
        done = run_vdg("site", "-o", str(out), "--no-quote-check")
        err = done.stderr.decode().strip()
        assert done.returncode == 2 and says in err and len(err.splitlines()) == 1
    assert afile.read_text(encoding="utf-8") == "x"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rewrites_its_own_site_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "site"
    runs = []
    for seed in ("1", "2"):
        done = run_vdg("site", "-o", str(out), "--no-quote-check", env={"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr.decode()
        runs.append(_files(out))
    assert (out / ".vdg-site").is_file() and (out / MIC).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert runs[0].keys() == runs[1].keys()
    assert [name for name in runs[0] if runs[0][name] != runs[1][name]] == []  # charts included


@pytest.fixture()
def chromium(browser: Any) -> Iterator[Page]:
    page = Page(browser)
    page.console: list[str] = []  # type: ignore[misc]
    page.page.on("console", lambda msg: page.console.append(msg.text) if msg.type == "error" else None)  # type: ignore[attr-defined]
    yield page
    page.context.close()


@pytest.mark.parametrize("rel", SAMPLE)
def test_page_renders_offline_and_passes_the_accessibility_check(chromium: Page, site: Path, rel: str) -> None:
    chromium.page.goto((site / rel).resolve().as_uri())
    result = chromium.page.evaluate(A11Y)
    assert result["problems"] == []
    assert result["checked"] > 5
    assert chromium.blocked == []
    assert chromium.errors == [] and chromium.console == []  # type: ignore[attr-defined]


def test_the_accessibility_check_finds_problems(chromium: Page, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><h1>T</h1><h3>skipped</h3><p style="color:#bbb">faint text</p>'
                   '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="9" height="9"><input id="q">'
                   '<svg width="10" height="10"></svg></body></html>', encoding="utf-8")
    chromium.page.goto(bad.as_uri())
    problems = " | ".join(chromium.page.evaluate(A11Y)["problems"])
    for expected in ("no lang", "<main>", "header or nav", "heading level", "img without alt", "contrast",
                     "without label", "svg without"):
        assert expected in problems


def test_charts_have_alt_text_that_states_the_figures(chromium: Page, site: Path) -> None:
    chromium.page.goto((site / "id/sector/ict-sector.html").resolve().as_uri())
    alts = chromium.page.eval_on_selector_all("figure img", "imgs => imgs.map(i => [i.alt, i.naturalWidth])")
    assert alts and all(width > 0 for _, width in alts)  # the SVG decoded and drew
    assert any("2018: 2,650,000,000,000,000" in alt for alt, _ in alts)


def test_search_on_the_index_leads_to_the_ministry(chromium: Page, site: Path) -> None:
    page = chromium.page
    page.goto((site / "index.html").resolve().as_uri())
    page.fill("#search", "bo thong tin")
    link = page.locator("#results").get_by_role("link", name="Bộ Thông tin và Truyền thông", exact=True)
    assert link.count() == 1
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(MIC)
    assert "Bộ Thông tin và Truyền thông" in page.locator("h1").text_content()
    assert page.locator("td.src blockquote").count() > 0
    assert chromium.blocked == [] and chromium.errors == []


def test_graph_view_links_each_node_to_its_page(chromium: Page, site: Path) -> None:
    page = chromium.page
    page.goto((site / "graph.html").resolve().as_uri())
    page.wait_for_function("window.vdg && window.vdg.drawn === true", timeout=30000)
    index = page.evaluate("JSON.parse(document.getElementById('vdg-data').textContent).nodes"
                          ".findIndex(n => n.iri === 'https://w3id.org/vdg/id/agency/mic')")
    page.evaluate(f"window.vdg.select({index}, false)")
    href = page.get_attribute("#vdg-panel a.page", "href")
    assert href == MIC and (site / href).is_file()
    assert chromium.blocked == [] and chromium.errors == []


_KILL_AT_SWAP = ("import os, signal, sys; import graph.cli.site_command as s; "
                 "s._swap = lambda tmp, out: os.kill(os.getpid(), signal.SIGKILL); "
                 "from graph.cli import main; sys.exit(main(sys.argv[1:]))")


def test_a_killed_run_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    """kill -9 with the new site written but not moved into place: the next run removes the leftover,
    but not a locked one (a run in progress) nor a folder of that name that is not ours."""
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", _KILL_AT_SWAP, "site", "-o", str(out), "--no-quote-check"],
                            capture_output=True, env=env, cwd=tmp_path, timeout=600)
    assert killed.returncode == -signal.SIGKILL
    [left] = [p for p in tmp_path.iterdir()]
    assert left.name.startswith(".site.tmp-") and (left / ".vdg-site").is_file() and not out.exists()
    foreign = tmp_path / ".site.tmp-foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    busy = tmp_path / ".site.tmp-busy"
    busy.mkdir()
    (busy / ".vdg-site").write_text("", encoding="utf-8")
    fd = os.open(busy, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        done = run_vdg("site", "-o", str(out), "--no-quote-check")
        assert done.returncode == 0, done.stderr.decode()
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.tmp-busy", ".site.tmp-foreign", "site"]
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine" and (out / ".vdg-site").is_file()
