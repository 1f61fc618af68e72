"""How a command module adds its commands: the one shape every ``server/cli`` module follows.

Each command module has ``register(commands: Commands) -> None``, which adds its parsers
with :meth:`Commands.add` (the handler given as ``run``; ``main`` calls ``args.run(args)``)
and, for a family such as ``venster dealer ...``, opens it once with :meth:`Commands.group`
so that other modules may add to it by name. Handlers import what they need when they run,
so ``venster --help`` loads no renderer and no database code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

__all__ = ["Commands", "Handler"]

Handler = Callable[[argparse.Namespace], int]


class Commands:
    """The ``venster`` subcommands, and their groups (``catalog``, ``dealer``) by name."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self._top = parser.add_subparsers(dest="command", required=True)
        self._groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}

    def group(self, name: str, *, help: str, dest: str) -> None:
        """Open the command family ``venster NAME ...`` (its subcommand lands in ``args.<dest>``)."""
        parser = self._top.add_parser(name, help=help)
        self._groups[name] = parser.add_subparsers(dest=dest, required=True)

    def add(self, name: str, run: Handler, *, group: str | None = None, **parser_args: Any) -> argparse.ArgumentParser:
        """Add the command ``venster [GROUP] NAME`` handled by ``run``; returns its parser for the arguments."""
        target = self._top if group is None else self._groups[group]
        parser = target.add_parser(name, **parser_args)
        parser.set_defaults(run=run)
        return parser
