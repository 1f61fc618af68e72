"""The ``venster`` command line (also ``python -m server``)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from server.engine.catalog import CatalogError
from server.settings import SettingsError, settings_from_env

__all__ = ["main"]


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.access_log import access_log_config
    from server.app import prepare
    from server.links import public_base
    from server.slow_clients import PROTOCOL as SLOW_CLIENT_PROTOCOL

    # Flags win over the environment; workers re-read the environment, so pass them there.
    overrides = {
        "VENSTER_HOST": args.host, "VENSTER_PORT": args.port, "VENSTER_WORKERS": args.workers,
        "VENSTER_DB": args.db, "VENSTER_CATALOGS": args.catalogs,
    }
    for key, value in overrides.items():
        if value is not None:
            os.environ[key] = str(value)
    settings = settings_from_env()
    # Migrations and the strict catalog check run once, before any worker starts.
    prepare(settings)
    if not settings.public_url and not _loopback(settings.host):
        print("venster: VENSTER_PUBLIC_URL is not set: links in e-mails point at "
              f"{public_base(settings)}; set it in production", file=sys.stderr)
    uvicorn.run(
        "server.app:app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level.lower(),
        log_config=access_log_config(),
        # Forwarded headers only from the proxies named in VENSTER_TRUSTED_PROXIES; uvicorn's
        # middleware then puts the real client in the ASGI scope for every consumer.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
        # Slow clients: deadlines for headers and bodies, idle keep-alive 5 s, an unfinished head at most 16 KiB.
        http=SLOW_CLIENT_PROTOCOL,
        timeout_keep_alive=KEEP_ALIVE_S,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
    )
    return 0


KEEP_ALIVE_S = 5
MAX_HEADER_BYTES = 16 * 1024


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="venster", description="Embeddable window configurator.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int)
    serve.add_argument("--db", type=Path)
    serve.add_argument("--catalogs", type=Path)
    serve.set_defaults(func=_serve)

    catalog = sub.add_parser("catalog", help="work with catalog files")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    check = catalog_sub.add_parser("check", help="report every problem of a catalog; exit 1 when any")
    check.add_argument("path", type=Path)
    check.set_defaults(func=_catalog_check)

    price = sub.add_parser("price", help="the itemised price of a configuration, with formulas")
    price.add_argument("catalog", type=Path)
    price.add_argument("config", type=Path, help="a configuration as JSON (the evaluate body)")
    price.add_argument("--lang", choices=["nl", "en", "de"])
    price.set_defaults(func=_price)

    draw = sub.add_parser("render", help="the drawing of a configuration as SVG, PNG or an A4 PDF sheet")
    draw.add_argument("config", type=Path, help="a configuration as JSON (the evaluate body)")
    draw.add_argument("--dealer", required=True, help="dealer slug: its catalog is CATALOGS/SLUG.toml")
    draw.add_argument("-o", "--output", type=Path, required=True, help="out.svg, out.png or out.pdf")
    draw.add_argument("--width", type=int, help="PNG width in pixels (default 800)")
    draw.add_argument("--view", choices=["inside", "outside"], help="default: the dealer's drawing convention")
    draw.add_argument("--lang", choices=["nl", "en", "de"])
    draw.add_argument("--catalogs", type=Path, help="catalog folder (default VENSTER_CATALOGS)")
    draw.set_defaults(func=_render)

    dealer = sub.add_parser("dealer", help="onboarding and access of a dealer")
    dealer_sub = dealer.add_subparsers(dest="dealer_command", required=True)
    add_key = dealer_sub.add_parser("add-key", help="print a new API key (shown once, stored hashed)")
    add_key.add_argument("slug")
    add_key.add_argument("--read-only", action="store_true")
    add_key.add_argument("--label", help="what the key is for, e.g. 'accounting'")
    add_key.set_defaults(func=lambda a: _dealer("add_key", a))
    revoke_key = dealer_sub.add_parser("revoke-key", help="revoke an API key by its prefix")
    revoke_key.add_argument("prefix")
    revoke_key.set_defaults(func=lambda a: _dealer("revoke", a))
    list_keys = dealer_sub.add_parser("keys", help="list a dealer's API keys by prefix")
    list_keys.add_argument("slug")
    list_keys.set_defaults(func=lambda a: _dealer("keys", a))
    init = dealer_sub.add_parser("init", help="a new dealer: starter catalog, first user and API key, embed snippet")
    init.add_argument("slug", help="the dealer's slug, e.g. kozijnen-jansen")
    init.add_argument("--name", help="the dealer's name as homeowners see it")
    init.add_argument("--email", required=True, help="the first back-office user, also where new requests are sent")
    init.add_argument("--languages", default="nl", help="comma-separated, the first is the default (nl,en,de)")
    init.add_argument("--vat", default="21", choices=["0", "9", "21"], help="VAT rate in percent (default 21)")
    init.add_argument("--origin", action="append", help="your website's origin, e.g. https://www.example.nl")
    init.set_defaults(func=lambda a: _dealer("init", a))
    from server.cli.users import add_user_parser, disable_user_parsers

    add_user_parser(dealer_sub)
    disable_user_parsers(dealer_sub)

    purge = sub.add_parser("purge", help="apply every dealer's retention period now")
    purge.set_defaults(func=lambda a: _dealer("purge", a))
    from server.cli.backup import add_backup_parsers

    add_backup_parsers(sub)
    return parser


def _catalog_check(args: argparse.Namespace) -> int:
    from server.cli.catalog import catalog_check

    return catalog_check(args)


def _price(args: argparse.Namespace) -> int:
    from server.cli.catalog import price

    return price(args)


def _render(args: argparse.Namespace) -> int:
    from server.cli.render import render

    return render(args)


def _dealer(name: str, args: argparse.Namespace) -> int:
    from server.cli import dealer as cli_dealer

    return int(getattr(cli_dealer, name)(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (CatalogError, SettingsError) as exc:
        print(f"venster: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
