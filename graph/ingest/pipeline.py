"""Run every extractor over one article and collect the candidates."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import DataError
from graph.ingest.agencies import extract_agencies
from graph.ingest.candidates import Candidate, render
from graph.ingest.events import extract_events
from graph.ingest.legal import extract_legal
from graph.ingest.linker import LINKED_KINDS, Gazetteer, Mention, find_mentions, load_gazetteer
from graph.ingest.observations import extract_observations
from graph.ingest.patterns import load_patterns
from graph.ingest.people import extract_people, posts_named
from graph.ingest.projects import extract_projects
from graph.ingest.sentences import split_sentences
from graph.ingest.spans import Context
from graph.ingest.text import nfc
from graph.loader import data_dir, load_kinds, load_records


@dataclass
class Ingested:
    """What one article yields: the candidates, and the graph's entities it names."""

    text: str
    source: str
    candidates: list[Candidate]
    mentions: dict[str, list[Mention]]
    posts: list[str] = field(default_factory=list)  # ids of every post named with its agency
    seconds: float = 0.0

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
    """Every id the curated data already uses."""
    folder = data or data_dir()
    ids: set[str] = set()
    for kind in load_kinds().values():
        path = folder / kind.file
        if path.exists():
            ids.update(str(r.get("id")) for r in load_records(path))
    return ids


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


def ingest(text: str, source: str, file_name: str, *, title: str | None = None, date: str | None = None,
           url: str | None = None, data: Path | None = None, gazetteer: Gazetteer | None = None) -> Ingested:
    """Propose the facts an NFC article states, each with its quote and offsets."""
    start = time.perf_counter()
    text = nfc(text)
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer(data)
    mentions = {kind: find_mentions(text, gazetteer, (kind,)) for kind in LINKED_KINDS}
    ctx = Context(text, source, split_sentences(text), gazetteer, load_patterns(), mentions,
                  taken_ids(data) | {source})
    ctx.candidates.append(_source_record(source, file_name, title, date, url))
    excluded = extract_legal(ctx)
    extract_people(ctx)
    extract_agencies(ctx)
    extract_projects(ctx)
    extract_events(ctx)
    extract_observations(ctx, excluded)
    posts = sorted({p.known or "" for p in posts_named(ctx)} - {""})
    return Ingested(text, source, ctx.candidates, ctx.mentions, posts, time.perf_counter() - start)
