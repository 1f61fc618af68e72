"""The ``venster`` command line (also ``python -m server``).

Every command lives in a module of this package with the same shape (``register(commands)``,
see :mod:`server.cli.registry`); ``COMMANDS`` lists them in the order ``venster --help``
shows them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from server.cli import backup, catalog, dealer, render, serve, users
from server.cli.registry import Commands
from server.engine.catalog import CatalogError
from server.settings import SettingsError

__all__ = ["COMMANDS", "main"]

# dealer opens the `venster dealer` family (and adds purge); users adds its login commands to it.
COMMANDS = (serve, catalog, render, dealer, users, backup)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="venster", description="Embeddable window configurator.")
    commands = Commands(parser)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (CatalogError, SettingsError) as exc:
        print(f"venster: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
