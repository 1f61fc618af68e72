"""The architecture checker: reads the project's source with ``ast`` and reports what breaks the design.

It checks the rules of /work/shared/docs/design.md ("Parts and the direction of imports" and
"Inside server/"):

* no import cycle among project modules;
* ``renderer`` never imports ``server``;
* ``server.engine`` imports only the standard library, msgspec and itself;
* SQL statements live in ``server.storage`` and nowhere else;
* the boundaries of the layout (:data:`BOUNDARIES`): the faces ``api``, ``admin``, ``pages``
  and ``cli`` never import each other; ``services`` never import a face, nor HTTP (Litestar,
  directly or through a root module of ``server/`` that reaches it); ``documents`` never
  import services or a face; ``notify`` never imports services or a face; ``storage`` imports nothing of
  ``server`` but itself and the root helpers that themselves import nothing above storage;
* the package directories of ``server/`` are exactly the designed ones (:func:`package_layout`);
* only ``server/links.py`` reads the ``Host`` header or ``request.base_url`` (:func:`host_reads`).

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

__all__ = ["Break", "Import", "Report", "Rules", "allowlist_drift", "check", "find_cycles", "host_reads",
           "module_imports", "package_layout", "project_modules", "sql_strings"]


@dataclass(frozen=True)
class Rules:
    """Which packages are the project and which hold the engine, the renderer and the SQL."""

    packages: tuple[str, ...] = ("server", "renderer")
    engine: str = "server.engine"
    engine_third_party: frozenset[str] = frozenset({"msgspec"})
    renderer: str = "renderer"
    server: str = "server"
    storage: str = "server.storage"
    services: str = "server.services"
    documents: str = "server.documents"
    notify: str = "server.notify"
    # The faces: each turns a caller's request into service calls; none may lean on another.
    faces: tuple[str, ...] = ("server.api", "server.admin", "server.pages", "server.cli")
    # What "HTTP" means for the services: the web framework, however it is reached.
    http: tuple[str, ...] = ("litestar",)
    # The package directories of server/ the design names; the optional ones may be absent.
    packages_of_server: frozenset[str] = frozenset({
        "admin", "api", "cli", "documents", "engine", "notify", "pages", "services", "storage"})
    optional_packages_of_server: frozenset[str] = frozenset({"i18n"})
    # The one module that may build a public link from the request (it does not: it reads settings).
    links: str = "server.links"


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
    boundary_breaks: list[Break] = field(default_factory=list)


@dataclass(frozen=True)
class Break:
    """One import that crosses a boundary of the layout: which rule, who imports what, and where."""

    rule: str
    importer: str
    target: str
    line: int

    @property
    def edge(self) -> tuple[str, str]:
        """The (importer, target) pair an allowlist names: lines move, edges stay."""
        return (self.importer, self.target)


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


# The boundaries of the layout, by the words a failure prints.
FACES_APART = "a face imports another face"
SERVICES_BELOW_FACES = "services import a face"
SERVICES_WITHOUT_HTTP = "services import HTTP"
DOCUMENTS_BELOW_SERVICES = "documents import services or a face"
NOTIFY_BELOW_SERVICES = "notify imports services or a face"
STORAGE_AT_THE_BOTTOM = "storage imports something above it"
BOUNDARIES = (FACES_APART, SERVICES_BELOW_FACES, SERVICES_WITHOUT_HTTP, DOCUMENTS_BELOW_SERVICES,
              NOTIFY_BELOW_SERVICES, STORAGE_AT_THE_BOTTOM)


def _root_modules(modules: dict[str, Path], rules: Rules) -> set[str]:
    """``server`` itself and each module directly in server/ (``server.errors``, ``server.links``, ...)."""
    prefix = rules.server + "."
    return {name for name, path in modules.items()
            if name == rules.server or (name.startswith(prefix) and "." not in name[len(prefix):]
                                        and path.name != "__init__.py")}


def _reaching(imports: dict[str, list[Import]], is_goal: Callable[[Import], bool]) -> set[str]:
    """The modules from which some chain of project imports ends in an import that ``is_goal``."""
    reached = {name for name, found in imports.items() if any(is_goal(i) for i in found)}
    grew = True
    while grew:
        grew = False
        for name, found in imports.items():
            if name not in reached and any(i.project and i.target in reached for i in found):
                reached.add(name)
                grew = True
    return reached


def _helpers_below_storage(imports: dict[str, list[Import]], roots: set[str], rules: Rules) -> set[str]:
    """The root modules whose own project imports (and theirs, and so on) stay inside storage and these."""
    helpers = set(roots)
    shrank = True
    while shrank:
        shrank = False
        for name in sorted(helpers):
            if any(i.project and i.target != name and not _within(i.target, rules.storage)
                   and i.target not in helpers for i in imports[name]):
                helpers.discard(name)
                shrank = True
    return helpers


def _boundary_breaks(imports: dict[str, list[Import]], roots: set[str], rules: Rules) -> list[Break]:
    """Every import that crosses one of :data:`BOUNDARIES`, once per rule, importer, target and line."""
    def face(name: str) -> str | None:
        return next((f for f in rules.faces if _within(name, f)), None)

    def is_http(imp: Import) -> bool:
        return not imp.project and imp.target.split(".")[0] in rules.http

    http_roots = _reaching(imports, is_http) & roots
    helpers = _helpers_below_storage(imports, roots, rules)
    found: set[Break] = set()
    for name, imps in imports.items():
        for imp in imps:
            target = imp.target
            rule: str | None = None
            if _within(name, rules.services) and (is_http(imp) or (imp.project and target in http_roots)):
                rule = SERVICES_WITHOUT_HTTP
            elif not imp.project:
                continue
            elif face(name) and face(target) and face(name) != face(target):
                rule = FACES_APART
            elif _within(name, rules.services) and face(target):
                rule = SERVICES_BELOW_FACES
            elif _within(name, rules.documents) and (face(target) or _within(target, rules.services)):
                rule = DOCUMENTS_BELOW_SERVICES
            elif _within(name, rules.notify) and (face(target) or _within(target, rules.services)):
                rule = NOTIFY_BELOW_SERVICES
            elif (_within(name, rules.storage) and _within(target, rules.server)
                  and not _within(target, rules.storage) and target not in helpers):
                rule = STORAGE_AT_THE_BOTTOM
            if rule:
                found.add(Break(rule, name, target, imp.line))
    return sorted(found, key=lambda b: (b.importer, b.line, b.target, b.rule))


def check(root: Path, rules: Rules = Rules(), type_checking_cycles: bool = True) -> Report:
    """Run every import and SQL rule over the project under ``root`` and report what breaks them."""
    modules = project_modules(root, rules)
    known = set(modules)
    report = Report()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    imports = {name: module_imports(name, path, known) for name, path in modules.items()}
    for name, path in modules.items():
        for imp in imports[name]:
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
    report.boundary_breaks = _boundary_breaks(imports, _root_modules(modules, rules), rules)
    return report


_Entry = TypeVar("_Entry", str, tuple[str, str])


def allowlist_drift(found: Iterable[_Entry], allowed: Iterable[_Entry]) -> tuple[list[_Entry], list[_Entry]]:
    """What was found that ``allowed`` does not list, and what it lists that is no longer found.

    For any allowlist of names or (importer, target) edges: the first says where a rule broke anew, the second keeps the
    list honest, so it only ever shrinks.
    """
    found_set, allowed_set = set(found), set(allowed)
    return sorted(found_set - allowed_set, key=str), sorted(allowed_set - found_set, key=str)


def package_layout(root: Path, rules: Rules = Rules()) -> tuple[list[str], list[str]]:
    """Stray directories of server/ (as paths from ``root``) and designed packages that are missing.

    A directory directly in server/ must be a designed package. Deeper down, a directory that
    holds a ``.py`` file is a stray package too (a module belongs in its package, not in a new
    one beside it); one without any is data (templates, static files) and is fine.
    """
    server = root / rules.server
    designed = rules.packages_of_server | rules.optional_packages_of_server
    stray: list[str] = []
    for path in sorted(p for p in server.rglob("*") if p.is_dir()):
        parts = path.relative_to(server).parts
        if any(part == "__pycache__" or part.startswith(".") for part in parts):
            continue
        if len(parts) == 1 and parts[0] not in designed:
            stray.append(path.relative_to(root).as_posix())
        elif len(parts) > 1 and parts[0] in designed and any(path.glob("*.py")):
            stray.append(path.relative_to(root).as_posix())
    # A namespace package (server/notify has no __init__.py) is a package all the same.
    missing = sorted(name for name in rules.packages_of_server if not any((server / name).glob("*.py")))
    return stray, missing


# Header names whose value is whatever the client sent as the server's address.
_HOST_HEADERS = frozenset({"host", "x-forwarded-host"})


def _is_headers(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "headers") or (
        isinstance(node, ast.Name) and node.id == "headers")


def _host_key(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.lower() in _HOST_HEADERS


def host_reads(root: Path, rules: Rules = Rules()) -> dict[str, list[tuple[int, str]]]:
    """Each server module but ``rules.links`` that reads the client's idea of our address, with line and code.

    Found: any ``.base_url`` attribute (Litestar's ``request.base_url`` is built from ``Host``),
    ``headers.get("host")`` (and ``getall``/``getone``, any case, ``X-Forwarded-Host`` too) and
    ``headers["host"]``. A public link built from those can be pointed at anyone's site.
    """
    found: dict[str, list[tuple[int, str]]] = {}
    for name, path in project_modules(root, rules).items():
        if not _within(name, rules.server) or name == rules.links:
            continue
        tree = ast.parse(path.read_text(), str(path))
        hits: list[tuple[int, str]] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "base_url":
                hits.append((node.lineno, ast.unparse(node)))
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in {"get", "getall", "getone"} and _is_headers(node.func.value)
                  and node.args and _host_key(node.args[0])):
                hits.append((node.lineno, ast.unparse(node)))
            elif isinstance(node, ast.Subscript) and _is_headers(node.value) and _host_key(node.slice):
                hits.append((node.lineno, ast.unparse(node)))
        if hits:
            found[name] = sorted(hits)
    return found
