"""The `vdg` command line: the one package that ties ontology, graph, queries and viz together."""

from graph.cli.app import main, parser

__all__ = ["main", "parser"]
