"""``venster serve``: migrations and the strict catalog check once, then uvicorn's workers."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

from server.cli.registry import Commands

__all__ = ["register", "serve"]


def register(commands: Commands) -> None:
    """Add ``venster serve``."""
    parser = commands.add("serve", serve, help="run the HTTP server")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--catalogs", type=Path)


def serve(args: argparse.Namespace) -> int:
    """Run the HTTP server (flags win over the environment)."""
    import uvicorn

    from server.access_log import access_log_config
    from server.app import prepare
    from server.links import public_base
    from server.settings import settings_from_env
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
