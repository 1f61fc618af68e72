"""Babel extraction methods for the word families (``pybabel extract -F server/i18n/babel.cfg``).

A family is read as a mapping (``t["key"]``, ``t.get("key", ...)``, ``t.key`` in a template,
``fmt("key", ...)`` in the back office's templates), so Babel's own extractors, which look for
``gettext("...")`` calls, do not see the keys. These two read each file's syntax tree instead
(Jinja's parser for templates, ``ast`` for Python) and yield ``family.key`` for every key
written as a literal. ``babel.cfg`` says which names stand for which family in which files
(``names = t:admin w:document``). A key built at run time (``t.get(f"status_{s}", s)``) is not
extracted; ``tests/i18n/test_catalogs.py`` holds every language to the same keys instead.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from jinja2 import Environment, nodes

__all__ = ["extract_python_words", "extract_template_words"]

# (line, function name, message, comments), as Babel's extraction methods yield them.
Found = tuple[int, str | None, str, list[str]]


def _families(options: Mapping[str, Any]) -> dict[str, str]:
    """``names = t:admin w:document`` as ``{"t": "admin", "w": "document"}``."""
    pairs = (item.split(":", 1) for item in str(options.get("names", "")).split())
    return {name: family for name, family in pairs}


def _calls(options: Mapping[str, Any]) -> dict[str, str]:
    """``calls = fmt:admin``: functions whose first argument is a key of the family."""
    pairs = (item.split(":", 1) for item in str(options.get("calls", "")).split())
    return {name: family for name, family in pairs}


def extract_template_words(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                           options: Mapping[str, Any]) -> Iterator[Found]:
    """Every literal key of a family in a Jinja template: ``t.key``, ``t["key"]``, ``t.get("key")``, ``fmt("key")``."""
    source = fileobj.read().decode(str(options.get("encoding", "utf-8")))
    families, calls = _families(options), _calls(options)
    tree = Environment(extensions=["jinja2.ext.do"]).parse(source)
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call)):
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name in families:
            if node.attr != "get":
                yield node.lineno, None, f"{families[node.node.name]}.{node.attr}", []
        elif isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name in families:
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                yield node.lineno, None, f"{families[node.node.name]}.{node.arg.value}", []
        elif isinstance(node, nodes.Call) and node.args and isinstance(node.args[0], nodes.Const):
            key = node.args[0].value
            target = node.node
            if isinstance(target, nodes.Name) and target.name in calls and isinstance(key, str):
                yield node.lineno, None, f"{calls[target.name]}.{key}", []
            elif (isinstance(target, nodes.Getattr) and target.attr == "get" and isinstance(target.node, nodes.Name)
                  and target.node.name in families and isinstance(key, str)):
                yield node.lineno, None, f"{families[target.node.name]}.{key}", []


def _family_of(value: ast.expr, families: Mapping[str, str], calls: Mapping[str, str]) -> str | None:
    """The family ``value`` stands for: a configured name (``t``) or a configured function's call (``texts(lang)``)."""
    if isinstance(value, ast.Name):
        return families.get(value.id)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return calls.get(value.func.id)
    return None


def extract_python_words(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                         options: Mapping[str, Any]) -> Iterator[Found]:
    """Every literal key of a family in Python: ``t["key"]``, ``t.get("key", ...)`` and ``texts(lang)["key"]``."""
    tree = ast.parse(fileobj.read())
    families, calls = _families(options), _calls(options)
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and isinstance(node.slice.value, str):
            family = _family_of(node.value, families, calls)
            if family:
                yield node.lineno, None, f"{family}.{node.slice.value}", []
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and isinstance(node.func.value, ast.Name) and node.func.value.id in families and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, None, f"{families[node.func.value.id]}.{node.args[0].value}", []
