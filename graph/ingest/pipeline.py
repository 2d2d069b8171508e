"""Run every extractor over one article and collect the candidates."""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import DataError
from graph.ingest.agencies import extract_agencies
from graph.ingest.areas import extract_areas
from graph.ingest.candidates import Candidate, render
from graph.ingest.events import extract_events
from graph.ingest.legal import extract_legal
from graph.ingest.linker import LINKED_KINDS, Gazetteer, Mention, load_gazetteer, mentions_by_kind
from graph.ingest.observations import extract_observations
from graph.ingest.patterns import load_patterns
from graph.ingest.people import extract_people, posts_named
from graph.ingest.projects import extract_projects
from graph.ingest.registry import add_wordings
from graph.ingest.sentences import split_sentences
from graph.ingest.spans import Context
from graph.ingest.text import nfc
from graph.loader import data_dir, load_folder, load_kinds


@dataclass
class Ingested:
    """What one article yields: the candidates, and the graph's entities it names."""

    text: str
    source: str
    candidates: list[Candidate]
    mentions: dict[str, list[Mention]]
    posts: list[str] = field(default_factory=list)  # ids of every post named with its agency
    seconds: float = 0.0
    abstained: list[tuple[int, int, str]] = field(default_factory=list)  # figures left out: span, why

    def linked(self, kind: str) -> list[str]:
        """Ids of known entities of a kind that the article names, sorted."""
        return sorted({m.entry.id for m in self.mentions.get(kind, [])})

    def proposed(self, kind: str) -> list[Candidate]:
        """The candidate records of a kind."""
        return [c for c in self.candidates if c.kind == kind]

    def yaml(self, file_name: str) -> str:
        """The candidate file."""
        header = [
            f"vdg ingest: candidate facts from {file_name} (source '{self.source}'), for review.",
            "Quotes and offsets refer to the article's text in Unicode NFC (an NFD file is normalised first).",
            "Review: check each record against its quote; fix it, or delete it; then delete its 'candidate' block.",
            "The builder refuses any record that still has a 'candidate' block. Check with:",
            f"  vdg ingest --check THIS_FILE --article {file_name}",
            "then move the file into graph/data/ and the article into the source texts folder.",
        ]
        linked = [f"  {kind} {id_}" for kind in LINKED_KINDS for id_ in self.linked(kind)]
        if linked:
            header += ["", "Already in the graph and named by the article (linked, not repeated):", *linked]
        if self.abstained:
            header += ["", "Figures left out, unsure what they measure (add them by hand if the article says it):",
                       *(f"  [{a}, {b}] {why}" for a, b, why in self.abstained)]
        return render(self.candidates, header)


def read_article(path: Path) -> str:
    """The article's text in NFC; DataError for text that is not UTF-8 or is empty."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
    if not text.strip():
        raise DataError("the article is empty", path)
    return nfc(text)


def taken_ids(data: Path | None = None) -> set[str]:
    """Every id the curated data already uses, in every data file of the folder (reviewed `vdg
    ingest` files included)."""
    return {str(r.get("id")) for _, r, _ in load_folder(data or data_dir(), load_kinds())}


SOURCE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_source_id(source: str, data: Path | None = None) -> None:
    """Refuse (ValueError, one line) a source id that is no slug or that the data already uses."""
    if not SOURCE_ID.fullmatch(source):
        raise ValueError(f"--source-id {source!r}: use lowercase ASCII letters, digits and single hyphens")
    if source in taken_ids(data):
        raise ValueError(f"--source-id {source!r} is already an id in the curated data ({data or data_dir()}): "
                         "choose a new one")


def _source_record(source: str, file_name: str, title: str | None, date: str | None, url: str | None) -> Candidate:
    label = title or file_name
    record: dict[str, object] = {"id": source, "type": "SourceDocument",
                                 "label": {"vi": f"Bài báo: {label}", "en": f"Article: {label}"}}
    if title:
        record["title"] = title
    record.update({"fileName": file_name, "language": "vi"})
    if url:
        record["url"] = url
    if date:
        record["published"] = dt.date.fromisoformat(date).isoformat()
    return Candidate("source", record, 0, 0, 1.0, "source", "the article itself: put its text in the source texts folder")


# From this many characters on (about 60 pages), `vdg ingest` shows its progress on stderr.
LONG_ARTICLE = 200_000


def long_work(text: str) -> Callable[[str], None] | None:
    """A progress printer (to stderr) for a long article, None for a short one."""
    if len(text) < LONG_ARTICLE:
        return None
    return lambda message: print(f"vdg ingest: {message}", file=sys.stderr, flush=True)


def ingest(text: str, source: str, file_name: str, *, title: str | None = None, date: str | None = None,
           url: str | None = None, data: Path | None = None, gazetteer: Gazetteer | None = None,
           progress: Callable[[str], None] | None = None) -> Ingested:
    """Propose the facts an NFC article states, each with its quote and offsets; `progress`, if
    given, hears each step as it ends. Time and memory grow linearly with the article's length."""
    start = time.perf_counter()
    text = nfc(text)

    def step(name: str) -> None:
        if progress is not None:
            progress(f"{name} ({len(ctx.candidates) if ctx else 0} candidates, {time.perf_counter() - start:.1f} s)")

    ctx: Context | None = None
    if progress is not None:
        progress(f"reading {len(text):,} characters")
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer(data)
    add_wordings(gazetteer)
    mentions = mentions_by_kind(text, gazetteer)
    step("names of the graph found")
    curated = taken_ids(data)
    ctx = Context(text, source, split_sentences(text), gazetteer, load_patterns(), mentions,
                  curated | {source}, curated=frozenset(curated))
    step(f"{len(ctx.sentences):,} sentences")
    ctx.candidates.append(_source_record(source, file_name, title, date, url))
    excluded = extract_legal(ctx)
    step("legal documents")
    extract_people(ctx)
    step("people and posts")
    extract_agencies(ctx)
    extract_areas(ctx)
    extract_projects(ctx)
    extract_events(ctx)
    step("agencies, projects and events")
    extract_observations(ctx, excluded)
    step("figures")
    posts = sorted({p.known or "" for p in posts_named(ctx)} - {""})
    return Ingested(text, source, ctx.candidates, ctx.mentions, posts, time.perf_counter() - start, ctx.abstained)
