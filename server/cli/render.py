"""``venster render``: the drawing of a configuration as SVG, PNG or the A4 PDF sheet."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Literal

from server.cli.registry import Commands

__all__ = ["register", "render"]


def register(commands: Commands) -> None:
    """Add ``venster render``."""
    draw = commands.add("render", render, help="the drawing of a configuration as SVG, PNG or an A4 PDF sheet")
    draw.add_argument("config", type=Path, help="a configuration as JSON (the evaluate body)")
    draw.add_argument("--dealer", required=True, help="dealer slug: its catalog is CATALOGS/SLUG.toml")
    draw.add_argument("-o", "--output", type=Path, required=True, help="out.svg, out.png or out.pdf")
    draw.add_argument("--width", type=int, help="PNG width in pixels (default 800)")
    draw.add_argument("--view", choices=["inside", "outside"], help="default: the dealer's drawing convention")
    draw.add_argument("--lang", choices=["nl", "en", "de"])
    draw.add_argument("--catalogs", type=Path, help="catalog folder (default VENSTER_CATALOGS)")


_FORMATS: dict[str, Literal["svg", "png", "pdf"]] = {".svg": "svg", ".png": "png", ".pdf": "pdf"}


def render(args: argparse.Namespace) -> int:
    """Evaluate the configuration with the dealer's catalog and write its drawing; exit 1 on any problem."""
    # The renderer (cairo) loads only for this command, not for every `venster` start.
    from renderer import MAX_PX, MIN_PX
    from server.cli.catalog import read_configuration
    from server.drawing import render_drawing, sheet_spec
    from server.engine.evaluate import evaluate
    from server.i18n.engine_words import say
    from server.services.catalogs import load_catalog_file
    from server.settings import settings_from_env

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
            print(f"{args.config}: {error.field}: {say(error.message, lang, loaded.catalog.dealer.length_units)}",
                  file=sys.stderr)
        return 1
    sheet = sheet_spec(loaded.catalog, ev.configuration, lang, date=date.today().isoformat()) if fmt == "pdf" else None
    body = render_drawing(loaded.compiled, ev.configuration, lang, fmt,
                          width_px=args.width, view=args.view, sheet=sheet)
    out.write_bytes(body)
    print(f"wrote {out} ({len(body):,} bytes)")
    return 0
