"""One way to register a command: every module of server/cli with commands is in COMMANDS, each with register()."""

from __future__ import annotations

import argparse
import ast
import importlib
from pathlib import Path

from server.cli import COMMANDS, _parser

CLI = Path(__file__).resolve().parent.parent / "server" / "cli"
# The package's helpers: they add no command.
HELPERS = {"__init__", "registry", "failures"}


def test_every_command_module_registers_the_same_way_and_is_listed_once() -> None:
    modules = sorted(path.stem for path in CLI.glob("*.py") if path.stem not in HELPERS)
    assert sorted(module.__name__.rsplit(".", 1)[1] for module in COMMANDS) == modules
    for name in modules:
        assert callable(getattr(importlib.import_module(f"server.cli.{name}"), "register", None)), name


def test_no_module_builds_argparse_subcommands_by_hand() -> None:
    # add_subparsers / set_defaults(func=...) outside server/cli/registry.py would be a second way.
    for path in CLI.glob("*.py"):
        if path.stem == "registry":
            continue
        calls = {node.func.attr for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
        assert "add_subparsers" not in calls and "add_parser" not in calls, path.name


def _leaves(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [parser]
    return [leaf for sub in subs for child in sub.choices.values() for leaf in _leaves(child)]


def test_every_command_has_a_handler() -> None:
    leaves = _leaves(_parser())
    assert len(leaves) == 16  # serve, catalog check/import/export, price, render, 7 of dealer, purge, backup, restore
    assert all(callable(leaf.get_default("run")) for leaf in leaves)
