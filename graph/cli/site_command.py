"""`vdg site -o DIR`: the graph as a static site (index with search and class legend, one page per
entity with its Turtle, N-Triples and JSON-LD beside it, the graph view linking to the pages, the
ontology docs, the dumps, the dataset description), for any static host and for file://.

The site is written into a new folder beside DIR (`.DIR.tmp-RANDOM`, locked while it is written) and
moved into place at the end, so a failed run leaves nothing half-written; a run killed outright leaves
that folder, and the next run removes it (only unlocked folders of that name that hold our marker).
DIR must be missing, empty, or a site this command wrote before (it holds the marker file .vdg-site);
anything else is refused, so nothing that is not ours is replaced."""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from graph.cli.common import EXIT_OK, UsageError, build_graph, say

if TYPE_CHECKING:
    from graph.quads import Quads
    from queries.resolver import Resolver
    from viz.pages import Pages

MARKER = ".vdg-site"


def check_target(out: Path) -> None:
    """Refuse an output path that is a file, or a non-empty folder without our marker."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"{out}: folder is not empty and was not written by `vdg site` (no {MARKER}); "
                         "choose a new or empty folder")
    if not out.parent.is_dir():
        raise UsageError(f"{out}: folder {out.parent} does not exist")


def _write(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@contextmanager
def _locked(folder: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on the folder (flock on its descriptor); without wait, yield whether it
    was free (False for a folder that is locked, gone or a symbolic link)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def sweep_leftovers(out: Path) -> list[Path]:
    """Remove what killed runs left beside out: unlocked `.OUT.tmp-*` folders holding our marker and
    `.OUT.old-*` folders holding a site of ours; return them."""
    removed = []
    for folder in sorted(out.parent.glob(f".{out.name}.tmp-*")) + sorted(out.parent.glob(f".{out.name}.old-*")):
        ours = folder / MARKER if ".tmp-" in folder.name[len(out.name) + 1:] else folder / "site" / MARKER
        with _locked(folder, wait=False) as free:
            if free and not folder.is_symlink() and ours.is_file():
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def _swap(tmp: Path, out: Path) -> None:
    """Put the finished site at out, removing the previous one (ours, or an empty folder)."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        with _locked(old):
            out.rename(old / "site")
            tmp.rename(out)
            shutil.rmtree(old)
    else:
        tmp.rename(out)


def publication(quads: Quads, endpoint: str | None = None, lang: str = "vi") -> tuple[Pages, dict[str, bytes]]:
    """The entity page maker and every other file of the site (path -> bytes) for a built dataset."""
    from graph.describe import describe, serialize_description
    from graph.entity import EntityIndex
    from graph.export import serialize
    from graph.formats import FORMATS
    from ontology.docs import render_html as ontology_html
    from ontology.namespaces import ID_IRI
    from viz.pages import Pages
    from viz.projection import project
    from viz.render import render_html
    from viz.site import site_files

    dumps = {fmt: serialize(quads, fmt) for fmt in FORMATS}
    description = describe(quads, dumps, endpoint)
    pages = Pages(EntityIndex(quads))
    view = render_html(project(quads.dataset), lang=lang, title="VDG", pages={"base": ID_IRI, "prefix": "id/"})
    return pages, site_files(pages, description, serialize_description(description), ontology_html(), view, dumps)


def resolver(quads: Quads, endpoint: str | None = None) -> Resolver:
    """What `vdg serve` mounts to answer /id/..., /ontology, /dataset, /.well-known/void and /dump/...:
    queries.resolver.Resolver over the pages and files of publication()."""
    from ontology.model import ontology_path
    from queries.resolver import Resolver

    pages, files = publication(quads, endpoint)
    return Resolver(page=pages.page, rdf=pages.index.rdf, files=files, ontology_rdf=ontology_path().read_bytes())


def resolver_for_nquads(nquads: Path, endpoint: str | None = None) -> Resolver:
    """resolver() over a dataset cached as N-Quads (what `vdg serve` holds: graph.cache.load_cached's file)."""
    import pyoxigraph as ox

    from graph.build import PREFIXES
    from graph.quads import Quads

    return resolver(Quads(ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS), PREFIXES), endpoint)


def cmd_site(args: argparse.Namespace) -> int:
    """Build the graph and write the static site to args.output."""
    from viz.site import entity_files

    out: Path = args.output
    check_target(out)
    quads = build_graph(args).quads
    start = time.perf_counter()
    pages, files = publication(quads, args.sparql_endpoint, args.lang)
    sweep_leftovers(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        with _locked(tmp):
            (tmp / MARKER).write_text("written by `vdg site`; the folder is replaced as a whole on the next run\n",
                                      encoding="utf-8")
            for rel, data in files.items():
                _write(tmp, rel, data)
            count = 0
            for rel, data in entity_files(pages):
                _write(tmp, rel, data)
                if rel.endswith(".html"):
                    count += 1
                    if count % 2000 == 0:
                        say(f"  {count} of {len(pages.entities)} entity pages")
            _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"wrote {out}: {count} entity pages, {len(files)} other files in {time.perf_counter() - start:.1f} s; "
        f"open {out / 'index.html'} or run: python3 -m http.server -d {out}")
    return EXIT_OK
