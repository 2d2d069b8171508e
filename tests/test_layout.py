"""The import picture: no cycle between modules, no import against the flow
ontology <- graph <- queries, viz (only graph.cli and graph.bench tie them), no private name across modules."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ontology", "graph", "queries", "viz")
TIES = ("graph.cli", "graph.bench")  # the command line and the measurements may import every package


def _module(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(root: Path = ROOT) -> dict[str, set[tuple[str, str]]]:
    """module -> {(imported module, imported name or '')}, every import statement (lazy ones too)."""
    found: dict[str, set[tuple[str, str]]] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            module = _module(path, root)
            edges = found.setdefault(module, set())
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    edges.update((alias.name, "") for alias in node.names if alias.name.split(".")[0] in PACKAGES)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    if node.module.split(".")[0] in PACKAGES:
                        edges.update((node.module, alias.name) for alias in node.names)
    return found


def _layer(module: str) -> str:
    if any(module == tie or module.startswith(tie + ".") for tie in TIES):
        return "cli"
    return module.split(".")[0]


ALLOWED = {"ontology": {"ontology"}, "graph": {"ontology", "graph"}, "queries": {"ontology", "graph", "queries"},
           "viz": {"ontology", "graph", "viz"}, "cli": {"ontology", "graph", "queries", "viz", "cli"}}


def _against_the_flow(root: Path = ROOT) -> list[str]:
    return sorted(f"{module} imports {target}" for module, edges in _imports(root).items() for target, _ in edges
                  if _layer(target) not in ALLOWED[_layer(module)])


def test_imports_follow_the_flow() -> None:
    assert _against_the_flow() == []


def test_no_import_cycle() -> None:
    graph = nx.DiGraph()
    for module, edges in _imports().items():
        graph.add_node(module)
        for target, name in edges:
            # `from package import submodule` depends on the submodule, not on the package's __init__
            sub = f"{target}.{name}"
            graph.add_edge(module, sub if (ROOT / (sub.replace(".", "/") + ".py")).is_file() else target)
    cycles = list(nx.simple_cycles(graph))
    assert cycles == []


def test_no_private_name_across_modules() -> None:
    private = sorted(f"{module} imports {target}.{name}" for module, edges in _imports().items()
                     for target, name in edges if name.startswith("_") and target != module)
    assert private == []


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    """The rule is not vacuous: a lazy import of viz inside queries, and of queries inside graph, are caught."""
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    (tmp_path / "queries" / "page.py").write_text("def f():\n    from viz.render import render_html\n")
    (tmp_path / "graph" / "build.py").write_text("import queries.engines\n")
    (tmp_path / "graph" / "cli").mkdir()
    (tmp_path / "graph" / "cli" / "app.py").write_text("from viz.render import render_html\n")
    assert _against_the_flow(tmp_path) == ["graph.build imports queries.engines", "queries.page imports viz.render"]
