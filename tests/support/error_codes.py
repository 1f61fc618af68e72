"""The error-code scanner: finds every domain error the server raises, with ``ast``, and checks its words.

A service raises a coded domain error (``server/services/errors.py``); the JSON API says it in
English from ``server/messages.py`` (the ``api`` catalog) and the back office in Dutch, English
and German from the ``admin`` family of the gettext catalogs (``server/admin/texts.py``).
A code missing from either is a KeyError on the first request that meets it, so
``tests/test_error_codes.py`` finds them all before any request does.

What counts as raising a code, read from the source without importing or running it:

* a call of a domain error class (``NotFound("quote.not_found")``, ``Conflict(...)``,
  ``Forbidden(...)``, ``TooMany("...", retry_after_s)``, ``Invalid([...], code="...")``,
  ``DomainError(...)``) or of ``FieldProblem(field=..., code=...)``, whether raised at once,
  kept in a list or returned; by name or as an attribute (``errors.NotFound(...)``);
* a call of a subclass of one of them defined anywhere in ``server/`` (its first argument, or
  ``code=``), and, when that subclass has its own ``__init__``, its ``super().__init__(...)``
  call there instead (the code is then fixed by the class);
* ``Invalid`` without a code raises its default (``"invalid"``).

* a call of a helper that hands one of its own parameters on as the code (``def problem(field,
  code, **params): return FieldProblem(field=field, code=code, params=params)``): each call
  of ``problem(...)`` is then the site, its code where the helper takes it (helpers of
  helpers too).

A code is a literal string, or a conditional expression whose branches are (``"a.b" if x else
"a.c"``), or what can be followed to literals without running anything: a variable the
function assigns literals to, a call of a function of server/ that returns literals (or
None), a lookup in a module-level dict of literals. Anything else is reported as not
literal, because no test could find its words.
The parameters are known when they are a literal dict (``{"min": 0}``), ``dict(min=0)`` or
absent; then each ``{placeholder}`` of the code's texts must be one of them.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["ERRORS_MODULE", "SIGNATURES", "CodeReport", "Raised", "Signature", "check_codes", "message_uses",
           "placeholders", "raised_codes", "sources_of"]


@dataclass(frozen=True)
class Signature:
    """Where a callable takes its code and parameters (position, keyword) and its default code.

    ``params_kwargs``: the parameters are the call's keyword arguments (a helper's ``**params``);
    ``params_unknown``: the call site cannot say them (a helper builds them itself);
    ``params_fixed``: the helper always passes these (``problem(field, code, min=lo, max=hi)``).
    """

    code_at: int | None
    params_at: int | None
    default: str | None = None
    code_kw: str = "code"
    params_kw: str | None = "params"
    params_kwargs: bool = False
    params_unknown: bool = False
    params_fixed: frozenset[str] | None = None


# The constructors of server/services/errors.py (tests/test_error_codes.py checks this table
# against their real signatures, so a change there cannot leave the scanner reading the wrong
# argument; a new class there without its own __init__ is found as a subclass and needs no
# row). FieldProblem is keyword-only.
SIGNATURES: dict[str, Signature] = {
    "DomainError": Signature(code_at=0, params_at=1),
    "NotFound": Signature(code_at=0, params_at=1),
    "Conflict": Signature(code_at=0, params_at=1),
    "Forbidden": Signature(code_at=0, params_at=1),
    "TooMany": Signature(code_at=0, params_at=2),
    "Invalid": Signature(code_at=1, params_at=2, default="invalid"),
    "FieldProblem": Signature(code_at=None, params_at=None),
}

# The module that defines the classes: its own calls pass codes through, they raise none.
ERRORS_MODULE = "server.services.errors"

_CODE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$")


@dataclass(frozen=True)
class Raised:
    """One place that raises (or builds) a domain error: its code(s) and the names of its parameters.

    ``codes`` is empty when the code is not a literal; ``params`` is None when the parameters
    are not literal either (their names cannot be known without running the code).
    """

    module: str
    line: int
    kind: str
    codes: tuple[str, ...]
    params: frozenset[str] | None
    source: str


@dataclass
class CodeReport:
    """What :func:`check_codes` found; every list is empty when each code has all its words."""

    not_literal: list[Raised] = field(default_factory=list)
    badly_named: list[tuple[str, str, int]] = field(default_factory=list)
    no_message: list[tuple[str, str, int]] = field(default_factory=list)
    no_words: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    unfilled: list[tuple[str, str, int, str, tuple[str, ...]]] = field(default_factory=list)
    unused_messages: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        """True when nothing is wrong."""
        return not (self.not_literal or self.badly_named or self.no_message or any(self.no_words.values())
                    or self.unfilled or self.unused_messages)


def placeholders(template: str) -> set[str]:
    """The names a ``str.format`` template fills in (``{min}``, ``{n:,}``, ``{a.b}`` -> ``a``; ``{}`` -> ``""``)."""
    names: set[str] = set()
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
            if spec:
                names |= placeholders(spec)
    return names


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal_codes(node: ast.expr | None) -> tuple[str, ...] | None:
    """The code(s) a code argument can be, or None when it is not written as a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_codes(node.body), _literal_codes(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def _literal_params(node: ast.expr | None) -> frozenset[str] | None:
    """The parameter names of a literal dict (or ``dict(a=...)``, or no parameters), else None."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return frozenset()
    if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                          for k in node.keys):
        return frozenset(str(k.value) for k in node.keys if isinstance(k, ast.Constant))
    if (isinstance(node, ast.Call) and _called_name(node.func) == "dict" and not node.args
            and all(k.arg for k in node.keywords)):
        return frozenset(k.arg for k in node.keywords if k.arg)
    return None


def _argument(call: ast.Call, at: int | None, keyword: str) -> tuple[bool, ast.expr | None]:
    """(known, node) of one argument: unknown when a ``*args``/``**kwargs`` could hold it."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return True, kw.value
    if at is not None and at < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[:at + 1]):
        return True, call.args[at]
    if any(kw.arg is None for kw in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
        return False, None
    return True, None


def _domain_classes(trees: Mapping[str, ast.Module]) -> tuple[dict[str, str], set[str]]:
    """Each domain error class name -> the base class whose signature it has, and those with their own __init__."""
    base_of = {name: name for name in SIGNATURES}
    own_init: set[str] = set()
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or node.name in base_of:
                    continue
                bases = [_called_name(b) for b in node.bases]
                known = next((base_of[b] for b in bases if b in base_of), None)
                if known is None:
                    continue
                base_of[node.name] = known
                grew = True
                if any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "__init__"
                       for n in node.body):
                    own_init.add(node.name)
    return base_of, own_init


def _is_super_init(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call)
            and _called_name(func.value.func) == "super")


def _params_of(func: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[list[str], set[str], str | None]:
    """A function's positional parameter names (without self/cls), all its names, and its ``**`` name."""
    positional = [a.arg for a in func.args.posonlyargs + func.args.args]
    if positional and positional[0] in {"self", "cls"}:
        positional = positional[1:]
    named = set(positional) | {a.arg for a in func.args.kwonlyargs}
    return positional, named, func.args.kwarg.arg if func.args.kwarg else None


def _helpers(trees: Mapping[str, ast.Module], callables: dict[str, Signature]) -> set[int]:
    """Add to ``callables`` each function that hands its own parameter on as a code; ids of those inner calls."""
    forwarding: set[int] = set()
    grew = True
    while grew:
        grew = False
        for module, tree in trees.items():
            if module == ERRORS_MODULE:
                continue
            for func in ast.walk(tree):
                if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or func.name == "__init__":
                    continue
                positional, named, kwarg = _params_of(func)
                for call in ast.walk(func):
                    callee = _called_name(call.func) if isinstance(call, ast.Call) else None
                    if not isinstance(call, ast.Call) or callee not in callables or callee == func.name:
                        continue
                    inner = callables[callee]
                    _, code_node = _argument(call, inner.code_at, inner.code_kw)
                    if not (isinstance(code_node, ast.Name) and code_node.id in named):
                        continue
                    forwarding.add(id(call))
                    if func.name in callables:
                        continue
                    callables[func.name] = _helper_signature(call, inner, code_node.id, positional, named, kwarg)
                    grew = True
    return forwarding


def _helper_signature(call: ast.Call, inner: Signature, code: str, positional: list[str], named: set[str],
                      kwarg: str | None) -> Signature:
    """The signature of a helper whose ``call`` of ``inner`` hands on its parameter ``code``."""
    bare = Signature(code_at=positional.index(code) if code in positional else None, code_kw=code,
                     params_at=None, params_kw=None)
    spread = [k.value for k in call.keywords if k.arg is None]
    if inner.params_kwargs and spread and all(isinstance(v, ast.Name) and v.id == kwarg for v in spread):
        return replace(bare, params_kwargs=True)  # def f(field, code, **kw): return problem(field, code, **kw)
    if inner.params_unknown or (inner.params_kwargs and spread):
        return replace(bare, params_unknown=True)
    if inner.params_fixed is not None:
        return replace(bare, params_fixed=inner.params_fixed)
    if inner.params_kwargs:
        keys = frozenset(k.arg for k in call.keywords if k.arg and k.arg != inner.code_kw)
        return replace(bare, params_fixed=keys)
    _, params_node = _argument(call, inner.params_at, inner.params_kw or "")
    param = params_node.id if isinstance(params_node, ast.Name) else None
    if param is not None and param == kwarg:
        return replace(bare, params_kwargs=True)
    if param is not None and param in named:
        return replace(bare, params_at=positional.index(param) if param in positional else None, params_kw=param)
    literal = _literal_params(params_node)
    if literal is None:
        return replace(bare, params_unknown=True)
    return replace(bare, params_fixed=literal)


class _Codes:
    """Follows a code that is not written at the call, as far as the source says it without running.

    A name is followed to every value the enclosing function (else the module) assigns it; a
    call of a function of server/ to every value it returns (``token_code(...)`` returning
    ``"form_token.expired"`` or ``None``); ``TABLE.get(key, "x.y")`` and ``TABLE[key]`` to the
    values of a module-level dict of literals. ``None`` means no code (that branch raises
    nothing); anything else, or a chain deeper than a few steps, is not literal.
    """

    def __init__(self, trees: Mapping[str, ast.Module]) -> None:
        self.constants: dict[tuple[str, str], list[ast.expr]] = {}
        self.functions: dict[str, list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]] = {}
        self.scope: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for module, tree in trees.items():
            for statement in tree.body:
                for target, value in _assignments(statement):
                    self.constants.setdefault((module, target), []).append(value)
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions.setdefault(node.name, []).append((module, node))
                    for inner in ast.walk(node):
                        self.scope[id(inner)] = node  # ast.walk reaches inner functions later: innermost wins

    def codes(self, node: ast.expr, module: str, depth: int = 0) -> set[str] | None:
        """Every code ``node`` can be (None: cannot be known from the source)."""
        if depth > 6:
            return None
        if isinstance(node, ast.Constant):
            return {node.value} if isinstance(node.value, str) else set() if node.value is None else None
        if isinstance(node, ast.IfExp):
            return self._union([node.body, node.orelse], module, depth)
        if isinstance(node, ast.BoolOp):
            return self._union(node.values, module, depth)
        if isinstance(node, ast.Name):
            func = self.scope.get(id(node))
            local = [v for n in ast.walk(func) for t, v in _assignments(n) if t == node.id] if func else []
            values = local or self.constants.get((module, node.id), [])
            return self._union(values, module, depth) if values else None
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            return self._table(node.value.id, module, depth)
        if isinstance(node, ast.Call):
            func_node = node.func
            if (isinstance(func_node, ast.Attribute) and func_node.attr == "get"
                    and isinstance(func_node.value, ast.Name)):
                table = self._table(func_node.value.id, module, depth)
                fallback = self.codes(node.args[1], module, depth + 1) if len(node.args) > 1 else set()
                return None if table is None or fallback is None else table | fallback
            found: set[str] = set()
            defs = self.functions.get(_called_name(func_node) or "", [])
            for where, func in defs:
                returns = [r.value or ast.Constant(None) for r in ast.walk(func)
                           if isinstance(r, ast.Return) and self.scope.get(id(r)) is func]
                more = self._union(returns, where, depth) if returns else None
                if more is None:
                    return None
                found |= more
            return found if defs else None
        return None

    def _union(self, nodes: Iterable[ast.expr], module: str, depth: int) -> set[str] | None:
        found: set[str] = set()
        for n in nodes:
            more = self.codes(n, module, depth + 1)
            if more is None:
                return None
            found |= more
        return found

    def _table(self, name: str, module: str, depth: int) -> set[str] | None:
        values = self.constants.get((module, name), [])
        if len(values) != 1 or not isinstance(values[0], ast.Dict):
            return None
        return self._union(values[0].values, module, depth)


def _assignments(node: ast.AST) -> list[tuple[str, ast.expr]]:
    """(name, value) of an assignment statement to plain names."""
    if isinstance(node, ast.Assign):
        return [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return [(node.target.id, node.value)]
    return []


def _site(module: str, call: ast.Call, kind: str, signature: Signature, follow: _Codes) -> Raised:
    """What one call raises: its code(s) and the names of its parameters, where the source says them."""
    known, code_node = _argument(call, signature.code_at, signature.code_kw)
    codes = _literal_codes(code_node) if known and code_node is not None else None
    if codes is None and known and code_node is not None:
        followed = follow.codes(code_node, module)
        codes = tuple(sorted(followed)) if followed else None
    if known and code_node is None and signature.default is not None:
        codes = (signature.default,)
    params: frozenset[str] | None
    if signature.params_unknown:
        params = None
    elif signature.params_fixed is not None:
        params = signature.params_fixed
    elif signature.params_kwargs:
        params = (None if any(k.arg is None for k in call.keywords)
                  else frozenset(k.arg for k in call.keywords if k.arg and k.arg != signature.code_kw))
    else:
        params_known, params_node = _argument(call, signature.params_at, signature.params_kw or "")
        params = _literal_params(params_node) if params_known else None
    return Raised(module, call.lineno, kind, codes or (), params, ast.unparse(call)[:100])


def _raised_in(module: str, tree: ast.Module, callables: Mapping[str, Signature], own_init: set[str],
               forwarding: set[int], follow: _Codes) -> Iterable[Raised]:
    # The calls of each class body's super().__init__ belong to that class.
    super_calls: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in own_init:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _is_super_init(inner):
                    super_calls[id(inner)] = node.name
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in forwarding:
            continue
        kind = super_calls.get(id(node)) or _called_name(node.func)
        if kind is None or kind not in callables or (kind in own_init and id(node) not in super_calls):
            continue
        yield _site(module, node, kind, callables[kind], follow)


def raised_codes(sources: Mapping[str, str]) -> list[Raised]:
    """Every domain error built in ``sources`` (module name -> source text), in module and line order."""
    trees = {module: ast.parse(text, module) for module, text in sources.items()}
    base_of, own_init = _domain_classes(trees)
    callables = {name: SIGNATURES[base] for name, base in base_of.items()}
    forwarding = _helpers(trees, callables)
    follow = _Codes(trees)
    found = [r for module, tree in trees.items() if module != ERRORS_MODULE
             for r in _raised_in(module, tree, callables, own_init, forwarding, follow)]
    return sorted(found, key=lambda r: (r.module, r.line, r.kind))


def message_uses(sources: Mapping[str, str]) -> set[str]:
    """Codes passed as a literal to ``message(...)`` (the API's own use of a MESSAGES entry)."""
    used: set[str] = set()
    for module, text in sources.items():
        for node in ast.walk(ast.parse(text, module)):
            if (isinstance(node, ast.Call) and _called_name(node.func) == "message" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                used.add(node.args[0].value)
    return used


def sources_of(root: Path, package: str = "server") -> dict[str, str]:
    """The text of every module of ``package`` under ``root``, by dotted name."""
    found: dict[str, str] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path.read_text()
    return found


def check_codes(raised: Iterable[Raised], messages: Mapping[str, str], words: Mapping[str, Mapping[str, str]],
                also_used: Iterable[str] = ()) -> CodeReport:
    """Check each raised code against the API's ``messages`` and each language's ``words``.

    ``also_used`` are codes used without being raised (``message("...")`` calls); the default
    codes of :data:`SIGNATURES` count as used too, since any ``Invalid([...])`` may raise one.
    """
    report = CodeReport(no_words={lang: [] for lang in words})
    defaults = {s.default for s in SIGNATURES.values() if s.default}
    used = set(also_used) | defaults
    for r in raised:
        if not r.codes:
            report.not_literal.append(r)
        for code in r.codes:
            used.add(code)
            where = (code, r.module, r.line)
            if not _CODE.match(code) and code not in defaults:
                report.badly_named.append(where)
            texts = []
            if code in messages:
                texts.append(("messages", messages[code]))
            else:
                report.no_message.append(where)
            for lang, table in words.items():
                if code in table:
                    texts.append((lang, table[code]))
                else:
                    report.no_words[lang].append(where)
            if r.params is None:
                continue
            for source, text in texts:
                missing = placeholders(text) - r.params
                if missing:
                    report.unfilled.append((code, r.module, r.line, source, tuple(sorted(missing))))
    report.unused_messages = sorted(set(messages) - used)
    return report
