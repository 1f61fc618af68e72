"""The architecture checker: reads the project's source with ``ast`` and reports what breaks the design.

It checks four rules of /work/shared/docs/design.md ("Parts and the direction of imports"):

* no import cycle among project modules;
* ``renderer`` never imports ``server``;
* ``server.engine`` imports only the standard library, msgspec and itself;
* SQL statements live in ``server.storage`` (the test keeps an allowlist of the modules
  that still hold SQL until the services issue moves it).

Nothing is imported or executed: a module that cannot be imported (or would open a database
on import) is still checked. How imports are read:

* ``import a.b.c`` depends on ``a.b.c`` (or the longest prefix of it that is a project module);
* ``from a.b import c`` depends on ``a.b.c`` when that is a module, else on ``a.b``;
* relative imports are resolved against the importing module's package;
* the parent packages' ``__init__`` that Python also runs are *not* counted as edges: a
  package ``__init__`` that re-exports its submodules would otherwise look like a cycle with
  every submodule, which is harmless;
* imports inside functions count (a lazy import is the usual way to hide a cycle, not to
  remove it), and so do imports under ``if TYPE_CHECKING:`` by default: a type that a lower
  module needs from a higher one is still a dependency pointing the wrong way (today's
  ``documents.invoice`` -> ``backoffice.invoices`` cycle was one). ``check(...,
  type_checking_cycles=False)`` leaves them out of cycle detection only.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Import", "Report", "Rules", "check", "find_cycles", "module_imports", "project_modules",
           "sql_allowlist_drift", "sql_strings"]


@dataclass(frozen=True)
class Rules:
    """Which packages are the project and which hold the engine, the renderer and the SQL."""

    packages: tuple[str, ...] = ("server", "renderer")
    engine: str = "server.engine"
    engine_third_party: frozenset[str] = frozenset({"msgspec"})
    renderer: str = "renderer"
    server: str = "server"
    storage: str = "server.storage"


@dataclass(frozen=True)
class Import:
    """One import statement's dependency, resolved to a project module where it is one."""

    importer: str
    target: str
    line: int
    project: bool
    type_checking: bool


@dataclass
class Report:
    """Everything the checker found; each list is empty on a clean tree."""

    cycles: list[list[str]] = field(default_factory=list)
    renderer_imports_server: list[Import] = field(default_factory=list)
    engine_imports_foreign: list[Import] = field(default_factory=list)
    sql_outside_storage: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


# Upper-case keywords only: the project writes SQL in capitals, and a lower-case "select ... from"
# is far more likely to be English in a help text than a statement.
_SQL = re.compile(
    r"\bSELECT\b.+?\bFROM\b"
    r"|^\s*SELECT\s+\S"
    r"|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b"
    r"|\bREPLACE\s+INTO\b"
    r"|\bUPDATE\s+\S+\s+SET\b"
    r"|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(?:UNIQUE\s+|TEMP(?:ORARY)?\s+|VIRTUAL\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|\b(?:ALTER|DROP)\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|^\s*PRAGMA\s+[a-z_]+"  # anchored: help texts name pragmas too
    # A transaction statement is the whole string: "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK TO sp".
    r"|^\s*(?:BEGIN(?:\s+(?:IMMEDIATE|EXCLUSIVE|DEFERRED))?(?:\s+TRANSACTION)?|COMMIT|ROLLBACK(?:\s+TO\s+\w+)?"
    r"|VACUUM(?:\s+INTO\s+.+)?|SAVEPOINT\s+\w+)\s*;?\s*$"
    r"|\bWITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\(",
    re.DOTALL,
)


def project_modules(root: Path, rules: Rules = Rules()) -> dict[str, Path]:
    """Every module of the project's packages under ``root``, by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for package in rules.packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _resolve(name: str, known: Iterable[str]) -> str | None:
    """The longest prefix of ``name`` that is a project module, or None."""
    known = set(known)
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST, guarded: bool = False) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement anywhere in ``tree``, with whether it sits under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, guarded
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from _import_nodes(ast.Module(body=[child], type_ignores=[]), True)
            for child in node.orelse:
                yield from _import_nodes(ast.Module(body=[child], type_ignores=[]), guarded)
        else:
            yield from _import_nodes(node, guarded)


def module_imports(name: str, path: Path, known: set[str]) -> list[Import]:
    """What module ``name`` (at ``path``) imports; ``known`` is the set of project module names."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: list[Import] = []

    def add(target: str, node: ast.stmt, guarded: bool) -> None:
        resolved = _resolve(target, known)
        found.append(Import(name, resolved or target, node.lineno, resolved is not None, guarded))

    for node, guarded in _import_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node, guarded)
            continue
        if node.level:
            # from . import x / from ..a import b: climb level-1 packages above this module's package.
            base_parts = package.split(".") if package else []
            base_parts = base_parts[: len(base_parts) - (node.level - 1)] if node.level > 1 else base_parts
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        if base == "__future__":
            continue
        for alias in node.names:
            submodule = f"{base}.{alias.name}" if base else alias.name
            add(submodule if submodule in known else base, node, guarded)
    return found


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of two or more modules (or a module importing itself), as one cycle path.

    Tarjan's algorithm finds the groups; each is reported as a concrete loop through it
    (``a -> b -> a``), starting at its smallest name, so a failure reads as a path to cut.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.add(top)
                if top == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(_loop(group, graph) for group in groups)


def _loop(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, staying inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph.get(node, set()) & group):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return [start, start]  # unreachable for a real group


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants, which may describe SQL without holding any."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def sql_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals in ``path`` that read as SQL statements, with their line and first words.

    An f-string is read with each ``{...}`` as a placeholder, so ``f"SELECT {cols} FROM t"`` counts.
    """
    tree = ast.parse(path.read_text(), str(path))
    skip = _docstrings(tree)
    found: list[tuple[int, str]] = []
    inside_fstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstrings.update(id(v) for v in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                           for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in skip or id(node) in inside_fstrings:
                continue
            text = node.value
        else:
            continue
        if _SQL.search(text):
            found.append((node.lineno, " ".join(text.split())[:60]))
    return sorted(found)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def check(root: Path, rules: Rules = Rules(), type_checking_cycles: bool = True) -> Report:
    """Run every rule over the project under ``root`` and report what breaks them."""
    modules = project_modules(root, rules)
    known = set(modules)
    report = Report()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for imp in module_imports(name, path, known):
            if imp.project and imp.target != name and (type_checking_cycles or not imp.type_checking):
                graph[name].add(imp.target)
            top = imp.target.split(".")[0]
            if _within(name, rules.renderer) and _within(imp.target, rules.server):
                report.renderer_imports_server.append(imp)
            if _within(name, rules.engine) and not (
                _within(imp.target, rules.engine)
                or (not imp.project and (top in sys.stdlib_module_names or top in rules.engine_third_party))
            ):
                report.engine_imports_foreign.append(imp)
        if not _within(name, rules.storage):
            sql = sql_strings(path)
            if sql:
                report.sql_outside_storage[name] = sql
    report.cycles = find_cycles(graph)
    return report


def sql_allowlist_drift(report: Report, allowed: frozenset[str]) -> tuple[dict[str, list[tuple[int, str]]], list[str]]:
    """Modules outside storage holding SQL that ``allowed`` does not list, and listed ones that hold none.

    The first says where SQL spread; the second keeps the list honest, so it only ever shrinks.
    """
    gained = {name: found for name, found in sorted(report.sql_outside_storage.items()) if name not in allowed}
    emptied = sorted(name for name in allowed if name not in report.sql_outside_storage)
    return gained, emptied
