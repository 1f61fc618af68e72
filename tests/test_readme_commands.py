"""Every ``venster`` command is in the README: in the feature list and in the command-line table."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from server.cli import _parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command as its words (``("dealer", "disable-user")``)."""
    found: list[tuple[str, ...]] = []
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*prefix, name)) or [(*prefix, name)]
    return found


def _mentions(text: str, word: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text) is not None


def test_the_feature_list_and_the_command_table_name_every_command() -> None:
    commands = _commands(_parser())
    assert ("dealer", "disable-user") in commands and ("backup",) in commands  # the walk finds nested ones
    bullet = README[README.index("- **Command line**:"):]
    bullet = bullet[:re.search(r"\n(?:- |\n)", bullet).start()]  # type: ignore[union-attr]
    table = "\n".join(line for line in README.splitlines() if line.startswith("| `venster "))
    assert [c for c in commands if not _mentions(bullet, c[-1])] == [], bullet
    assert [c for c in commands if not _mentions(table, c[-1])] == []
