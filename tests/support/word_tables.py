"""One checker for every word table: same keys in each language, no empty text, same {placeholders}.

Used by ``tests/test_widget_texts.py`` (the widget's ``TEXTS`` in ``widget/src/texts.js``, read by
:func:`read_js_object`) and ``tests/test_word_tables.py`` (the Python tables of the back office,
homeowner pages and e-mails). A table is ``{lang: {key: text}}``; nested objects and lists (the
widget's ``sections`` and plural ``windows``) are flattened to ``key.sub`` / ``key[0]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["flatten", "placeholders", "problems", "read_js_object"]

# `{name}` as str.format and the widget's fill() write it; `{{` is a literal brace in str.format.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in ``text``."""
    return set(_PLACEHOLDER.findall(text))


def flatten(words: Any, prefix: str = "") -> dict[str, Any]:
    """``words`` as one level: nested mappings become ``a.b``, lists and tuples ``a[0]``; leaves kept as they are."""
    if isinstance(words, Mapping):
        items = [(f"{prefix}.{k}" if prefix else str(k), v) for k, v in words.items()]
    elif isinstance(words, list | tuple):
        items = [(f"{prefix}[{i}]", v) for i, v in enumerate(words)]
    else:
        return {prefix: words}
    flat: dict[str, Any] = {}
    for key, value in items:
        flat.update(flatten(value, key))
    return flat


def problems(tables: Mapping[str, Any], name: str = "table", langs: tuple[str, ...] = ()) -> list[str]:
    """Every fault in ``tables`` (``{lang: words}``), one sentence each; an empty list when all is well.

    A language of ``langs`` the table lacks, a key present in one language and missing in another,
    a text that is not a string or is blank, and a key whose ``{placeholders}`` differ between
    languages are each reported.
    """
    found = [f"{name}: the language {lang!r} is missing" for lang in langs if lang not in tables]
    flat = {lang: flatten(words) for lang, words in tables.items()}
    every = sorted(set().union(*(set(words) for words in flat.values()))) if flat else []
    for key in every:
        present = {lang: words[key] for lang, words in flat.items() if key in words}
        for lang in flat:
            if lang not in present:
                found.append(f"{name}: {key!r} is missing in {lang!r}")
        for lang, text in present.items():
            if not isinstance(text, str) or not text.strip():
                found.append(f"{name}: {key!r} is empty in {lang!r}")
        names = {lang: placeholders(text) for lang, text in present.items() if isinstance(text, str)}
        if len({frozenset(v) for v in names.values()}) > 1:
            said = ", ".join(f"{lang} {sorted(v)}" for lang, v in names.items())
            found.append(f"{name}: {key!r} has different placeholders: {said}")
    return found


# ---- a reader for the widget's object literal (identifiers or strings as keys, strings, lists) ----

# One alternative per kind of token, in _KINDS order (numbered groups: the hygiene test reads `(?P<` as markup).
_KINDS = ("str", "name", "num", "punct", "comment")
_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')|([A-Za-z_$][\w$]*)'
                    r"|(-?\d+(?:\.\d+)?)|([{}\[\]:,])|(//[^\n]*|/\*.*?\*/))", re.S)


def _tokens(source: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(source.rstrip()):
        match = _TOKEN.match(source, pos)
        if match is None or match.lastindex is None:
            raise ValueError(f"cannot read the object literal at {source[pos:pos + 40]!r}")
        pos = match.end()
        kind = _KINDS[match.lastindex - 1]
        if kind != "comment":
            out.append((kind, match.group(match.lastindex)))
    return out


def _string(raw: str) -> str:
    # JS and Python escapes agree on everything the tables use (\n, \", \\, \u2026).
    return raw[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\" in raw else raw[1:-1]


def read_js_object(source: str, start: str) -> Any:
    """The JavaScript object literal that follows ``start`` (e.g. ``"const TEXTS ="``) in ``source``, as Python.

    Reads only plain data (objects, arrays, strings, numbers, true/false/null), which is all a word
    table holds; anything else raises ``ValueError`` naming where, so the test cannot pass by
    reading less than the table.
    """
    at = source.index(start) + len(start)
    depth, end, quote, escaped = 0, at, "", False
    for end in range(at, len(source)):  # find the literal's closing brace, skipping strings
        char = source[end]
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                break
    tokens = _tokens(source[at:end + 1])
    value, rest = _value(tokens, 0)
    if rest != len(tokens):
        raise ValueError(f"unexpected {tokens[rest][1]!r} after the object literal")
    return value


def _value(tokens: list[tuple[str, str]], i: int) -> tuple[Any, int]:
    kind, text = tokens[i]
    if kind == "str":
        return _string(text), i + 1
    if kind == "num":
        return float(text) if "." in text else int(text), i + 1
    if kind == "name" and text in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[text], i + 1
    if text == "[":
        items: list[Any] = []
        i += 1
        while tokens[i][1] != "]":
            item, i = _value(tokens, i)
            items.append(item)
            if tokens[i][1] == ",":
                i += 1
        return items, i + 1
    if text == "{":
        obj: dict[str, Any] = {}
        i += 1
        while tokens[i][1] != "}":
            key_kind, key = tokens[i]
            if key_kind not in ("name", "str") or tokens[i + 1][1] != ":":
                raise ValueError(f"expected a key and ':' at {key!r}")
            obj[_string(key) if key_kind == "str" else key], i = _value(tokens, i + 2)
            if tokens[i][1] == ",":
                i += 1
        return obj, i + 1
    raise ValueError(f"not plain data in the object literal: {text!r}")
