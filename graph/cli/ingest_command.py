"""`vdg ingest`: propose sourced facts from a new article, or check a reviewed candidate file."""

from __future__ import annotations

import argparse

from graph.cli.common import EXIT_OK, UsageError, output, say


def cmd_ingest(args: argparse.Namespace) -> int:
    """Propose sourced facts from a new article, or check a reviewed candidate file."""
    from graph.sources import default_sources_dir

    if args.check is not None:
        from graph.ingest.review import check_reviewed

        if args.article_file is not None:
            raise UsageError("give the article with --article when you --check a file")
        sources = args.sources or default_sources_dir()
        if sources is None:
            raise UsageError("--check needs the source texts: --sources DIR or $VDG_SOURCES")
        from graph.errors import DataError
        from graph.ingest.review import ReviewFailed
        from ontology.reasoner import ReasonerError

        try:
            reviewed = check_reviewed(args.check, sources, args.article, args.data).build
        except ReasonerError as exc:
            raise UsageError(str(exc)) from None
        except ReviewFailed as exc:  # every fault, one a line, then the verdict
            for fault in exc.faults:
                say(fault)
            raise DataError(f"{len(exc.faults)} fault{'s' if len(exc.faults) != 1 else ''} (listed above)",
                            args.check) from None
        say(f"{args.check}: ok, builds with the curated data and passes the shapes, rules and reasoner: "
            f"{reviewed.records} records, {reviewed.quotes_checked} quotes checked against {sources}")
        return EXIT_OK
    if args.article_file is None or args.source_id is None:
        raise UsageError("give ARTICLE.txt and --source-id ID (or --check FILE)")
    from graph.ingest.pipeline import check_source_id, ingest, long_work, read_article

    try:
        check_source_id(args.source_id, args.data)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.date is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date!r}: use YYYY-MM-DD") from None
    text = read_article(args.article_file)
    result = ingest(text, args.source_id, args.article_file.name, title=args.title, date=args.date, url=args.url,
                    data=args.data, progress=long_work(text))
    counts: dict[str, int] = {}
    for candidate in result.candidates:
        counts[candidate.kind] = counts.get(candidate.kind, 0) + 1
    say(f"{args.article_file}: {len(result.candidates)} candidates ("
        + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + f") in {result.seconds:.2f} s")
    output(result.yaml(args.article_file.name).encode("utf-8"), args.output)
    return EXIT_OK


