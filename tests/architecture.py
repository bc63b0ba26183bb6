"""The shape of grants/, read from its source with `ast`: which area imports which, imports
hidden inside functions, and the size of modules and functions. Used by
tests/test_architecture.py; `python -m tests.architecture [area ...]` prints what breaks the
rules (for the areas named, or all).

Areas are the sub-packages of grants/ (`core` is shared mechanisms, not an area). The areas
are layered: an area imports only areas below it in LAYERS, and core imports no area.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "grants"

# Lowest first. An area may import the areas listed before it, never those after it.
LAYERS = [
    "core", "documents", "auth", "organisers", "rules", "organisations", "procedures",
    "calls", "offers", "formal", "evaluation", "contracts", "taskreports", "controls",
    "settlements", "awards", "smallgrants", "procurement", "finance", "reminders", "history",
    "today", "admin",
    "public", "api",
]
# Top-level modules (and the demo package): the app factory, the command line and the demo
# wire every area together; they may import any area.
WIRING = {"__init__", "app", "cli", "models", "demo", "extensions"}

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


@dataclass(frozen=True)
class Import:
    source: str      # grants/<area>/<module>.py
    line: int
    area: str        # the importing area ("" for top-level modules)
    target: str      # the imported area (or top-level module)
    in_function: bool


def _area_of(path: Path) -> str:
    """The area of a module, "" for the wiring (top-level modules and the demo package)."""
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 and parts[0] not in WIRING else ""


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "grants":
            return [a.name for a in node.names]
        if node.module.startswith("grants."):
            return [node.module.split(".")[1]]
    if isinstance(node, ast.Import):
        return [a.name.split(".")[1] for a in node.names if a.name.startswith("grants.")]
    return []


def imports() -> list[Import]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {id(n) for f in ast.walk(tree)
                 if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                 for n in ast.walk(f) if isinstance(n, ast.Import | ast.ImportFrom)}
        for node in ast.walk(tree):
            for target in _targets(node):
                found.append(Import(str(path.relative_to(ROOT.parent)), node.lineno,
                                    _area_of(path), target, id(node) in inner))
    return found


def area_edges(found: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for imp in found:
        if imp.area and imp.target != imp.area and imp.target not in WIRING:
            edges[imp.area].add(imp.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one area (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return groups


def upward(found: list[Import]) -> list[Import]:
    """Imports of an area from an area above it (or not in LAYERS), core's included."""
    rank = {a: i for i, a in enumerate(LAYERS)}
    bad = []
    for imp in found:
        if not imp.area or imp.target == imp.area or imp.target in WIRING:
            continue
        if imp.target == "extensions":
            continue
        if rank.get(imp.target, len(LAYERS)) > rank.get(imp.area, -1):
            bad.append(imp)
    return bad


def hidden_imports(found: list[Import]) -> list[Import]:
    """Imports of grants modules inside functions."""
    return [i for i in found if i.in_function]


@dataclass(frozen=True)
class Size:
    source: str
    name: str
    lines: int


def sizes() -> tuple[list[Size], list[Size]]:
    """Modules over MAX_MODULE_LINES, functions over MAX_FUNCTION_LINES."""
    modules, functions = [], []
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(ROOT.parent))
        n = len(text.splitlines())
        if n > MAX_MODULE_LINES:
            modules.append(Size(rel, "", n))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    functions.append(Size(rel, node.name, length))
    return modules, functions


def report(areas: set[str] | None = None) -> list[str]:
    found = imports()

    def mine(source: str) -> bool:
        return areas is None or any(source.startswith(f"grants/{a}/") for a in areas)

    out = [f"cycle: {' <-> '.join(g)}" for g in cycles(area_edges(found))
           if areas is None or set(g) & areas]
    out += [f"upward: {i.source}:{i.line} {i.area} -> {i.target}" for i in upward(found)
            if mine(i.source)]
    out += [f"hidden import: {i.source}:{i.line} -> {i.target}" for i in hidden_imports(found)
            if mine(i.source)]
    modules, functions = sizes()
    out += [f"module: {s.source} {s.lines} lines" for s in modules if mine(s.source)]
    out += [f"function: {s.source} {s.name}() {s.lines} lines" for s in functions
            if mine(s.source)]
    return out


if __name__ == "__main__":
    problems = report(set(sys.argv[1:]) or None)
    print("\n".join(problems) or "nothing to report")
    print(f"{len(problems)} problems", file=sys.stderr)
