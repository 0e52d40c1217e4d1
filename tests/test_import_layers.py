"""The package's import layers, read from the source with ``ast`` (nothing is imported).

The graph has an edge A → B when module A imports module B anywhere in its
body (imports inside functions count: a lazy import hides a circle, it does
not remove it). Checked: no circle inside ``derek.read`` or ``derek.web``;
``derek.corpus`` and ``derek.web`` reach the NLP stages only through
``derek.pipeline``; no module in ``derek.evaluate`` over 400 lines and no
function there over 80.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "derek"

Graph = dict[str, set[str]]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported(node: ast.AST, package: str, known: set[str]) -> set[str]:
    """The modules of ``known`` that one import statement names."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in known}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:
        base_parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(base_parts + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    out = set()
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        out.add(sub if sub in known else base)  # a submodule, or a name defined in the module itself
    return {m for m in out if m in known}


def import_graph(root: Path) -> Graph:
    """Module → the modules of the same tree it imports (``root`` is the folder holding the package)."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    known = set(files)
    graph: Graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = set().union(*(_imported(n, package, known) for n in ast.walk(tree))) - {name}
    return graph


def cycles(graph: Graph, inside: str) -> list[list[str]]:
    """The import circles among the modules of package ``inside`` (strongly connected parts, Tarjan)."""
    nodes = sorted(n for n in graph if n == inside or n.startswith(inside + "."))
    members = set(nodes)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v] & members):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in nodes:
        if v not in index:
            visit(v)
    return found


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(SRC)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# the checker itself, on small packages written for the test: (files, package, circles expected)
CHECKER_CASES = [
    ({"p/__init__.py": "", "p/a.py": "from .b import x\n", "p/b.py": "def f():\n    from .a import y\n"},
     "p", [["p.a", "p.b"]]),
    ({"p/__init__.py": "", "p/a.py": "from . import b\n", "p/b.py": "import p.c\n", "p/c.py": "from p.a import z\n"},
     "p", [["p.a", "p.b", "p.c"]]),
    ({"p/__init__.py": "from .a import x\n", "p/a.py": "from .b import x\n", "p/b.py": "x = 1\n"}, "p", []),
    ({"p/__init__.py": "", "p/q/__init__.py": "", "p/q/a.py": "from ..r import x\n",
      "p/r.py": "from .q.a import y\n"}, "p.q", []),
    ({"p/__init__.py": "", "p/q/__init__.py": "", "p/q/a.py": "from ..r import x\n",
      "p/r.py": "from .q.a import y\n"}, "p", [["p.q.a", "p.r"]]),
]


@pytest.mark.parametrize(("files", "package", "expected"), CHECKER_CASES)
def test_the_cycle_finder_on_small_packages(tmp_path: Path, files: dict[str, str], package: str,
                                            expected: list[list[str]]) -> None:
    _write(tmp_path, files)
    assert cycles(import_graph(tmp_path), package) == expected


@pytest.mark.parametrize("package", ["derek.read", "derek.web"])
def test_no_import_circle_inside(graph: Graph, package: str) -> None:
    assert any(n.startswith(package + ".") for n in graph), f"{package} has no modules: wrong path?"
    assert cycles(graph, package) == []


@pytest.mark.parametrize("package", ["derek.corpus", "derek.web"])
def test_reaches_the_nlp_stages_only_through_the_pipeline(graph: Graph, package: str) -> None:
    wrong = {
        f"{mod} → {dep}"
        for mod, deps in graph.items()
        if mod == package or mod.startswith(package + ".")
        for dep in deps
        if dep == "derek.nlp" or dep.startswith("derek.nlp.")
    }
    assert wrong == set()


EVALUATE = PACKAGE / "evaluate"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def test_evaluate_modules_are_small() -> None:
    files = sorted(EVALUATE.rglob("*.py"))
    assert len(files) > 5
    long = {str(p.relative_to(EVALUATE)): n for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_evaluate_functions_are_short() -> None:
    long = {}
    for path in sorted(EVALUATE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(EVALUATE)}:{node.name}"] = n
    assert long == {}
