"""``venster render``: the drawing of a configuration as SVG, PNG or the A4 PDF sheet."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Literal

from renderer import MAX_PX, MIN_PX
from server.cli.catalog import read_configuration
from server.drawing import render_drawing, sheet_spec
from server.engine.evaluate import evaluate
from server.services.catalogs import load_catalog_file
from server.settings import settings_from_env

__all__ = ["render"]

_FORMATS: dict[str, Literal["svg", "png", "pdf"]] = {".svg": "svg", ".png": "png", ".pdf": "pdf"}


def render(args: argparse.Namespace) -> int:
    """Evaluate the configuration with the dealer's catalog and write its drawing; exit 1 on any problem."""
    out: Path = args.output
    fmt = _FORMATS.get(out.suffix.lower())
    if fmt is None:
        print(f"{out}: the file name must end in .svg, .png or .pdf", file=sys.stderr)
        return 2
    if args.width is not None and not MIN_PX <= args.width <= MAX_PX:
        print(f"--width: expected {MIN_PX}..{MAX_PX} pixels, got {args.width}", file=sys.stderr)
        return 2
    catalogs = args.catalogs or settings_from_env().catalogs_dir
    path = catalogs / f"{args.dealer}.toml"
    if not path.is_file():
        print(f"--dealer: no catalog {path}", file=sys.stderr)
        return 1
    loaded = load_catalog_file(path)
    config = read_configuration(args.config)
    if config is None:
        return 1
    lang = args.lang or loaded.catalog.dealer.languages[0]
    ev = evaluate(loaded.compiled, config, lang)
    if not ev.valid:
        for error in ev.errors:
            print(f"{args.config}: {error.field}: {error.message}", file=sys.stderr)
        return 1
    sheet = sheet_spec(loaded.catalog, ev.configuration, lang, date=date.today().isoformat()) if fmt == "pdf" else None
    body = render_drawing(loaded.compiled, ev.configuration, lang, fmt,
                          width_px=args.width, view=args.view, sheet=sheet)
    out.write_bytes(body)
    print(f"wrote {out} ({len(body):,} bytes)")
    return 0
