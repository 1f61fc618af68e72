"""``venster dealer add-user SLUG EMAIL [--role]`` (a back-office login) and ``disable-user`` / ``enable-user``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from server.cli.failures import refused
from server.cli.registry import Commands
from server.services.errors import DomainError

__all__ = ["add_user", "register", "set_disabled_cli"]


def register(commands: Commands) -> None:
    """Add ``add-user``, ``disable-user`` and ``enable-user`` to ``venster dealer``."""
    parser = commands.add(
        "add-user", add_user, group="dealer", help="create a back-office login; prints a one-time set-password link",
        description="Create a back-office login for the dealer SLUG. Prints a one-time link (valid 7 days) where "
                    "the user sets a password, or takes the password from standard input with --password-stdin.")
    parser.add_argument("slug", help="dealer slug: its catalog is CATALOGS/SLUG.toml")
    parser.add_argument("email")
    parser.add_argument("--name", default="", help="the user's name, shown in the back office and the history")
    parser.add_argument("--lang", choices=["nl", "en", "de"], default="nl",
                        help="language of the back office (default nl)")
    parser.add_argument("--role", choices=["owner", "staff", "read-only"], default=None,
                        help="what the user may do: owner (everything), staff (requests, contacts, quotes and "
                             "invoices, not prices, company details, settings, users or keys) or read-only "
                             "(changes nothing). Default: owner for the dealer's first user, staff otherwise")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input instead of printing a link")
    for name, disabled, what in (("disable-user", True, "disable a back-office login and end its sessions at once"),
                                 ("enable-user", False, "let a disabled back-office login log in again")):
        parser = commands.add(name, set_disabled_cli, group="dealer", help=what,
                              description=f"{what[0].upper()}{what[1:]}. The dealer's last active owner cannot be "
                                          "disabled.")
        parser.add_argument("slug", help="dealer slug")
        parser.add_argument("email")
        parser.set_defaults(disabled=disabled)


def set_disabled_cli(args: argparse.Namespace) -> int:
    """Disable or enable the user; exit 1 with a reason when refused."""
    from server.services.users import set_disabled
    from server.settings import settings_from_env
    from server.storage.db import connect, migrate

    db = connect(settings_from_env().db_path)
    try:
        migrate(db)
        try:
            user = set_disabled(db, args.slug, args.email, args.disabled, actor="cli")
        except DomainError as exc:
            return refused(exc)
    finally:
        db.conn.close()
    state = "disabled; their sessions have ended" if args.disabled else "enabled"
    print(f"user {user.email} of {user.dealer} {state}")
    return 0


def add_user(args: argparse.Namespace) -> int:
    """Create the user; print the link (or confirm the password was set). Exit 1 with a reason otherwise."""
    from server.services.catalogs import CatalogStore
    from server.services.users import create_user, invite_token, set_password_link, starting_role
    from server.settings import settings_from_env
    from server.storage.db import connect, migrate

    settings = settings_from_env()
    store = CatalogStore(settings.catalogs_dir, allow_private_webhooks=settings.webhook_allow_private)
    if store.get_file(args.slug) is None and not _in_database(settings.db_path, args.slug):
        print(f"venster: unknown dealer {args.slug!r}: no {settings.catalogs_dir / (args.slug + '.toml')}",
              file=sys.stderr)
        return 1
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    db = connect(settings.db_path)
    try:
        migrate(db)
        try:
            role = args.role or starting_role(db, args.slug)
            user = create_user(db, args.slug, args.email, name=args.name, lang=args.lang, password=password,
                               role=role)
        except DomainError as exc:
            return refused(exc)
        if password is not None:
            print(f"user {user.email} ({user.role}) created for dealer {user.dealer}; the password is set")
            return 0
        token = invite_token(db, user, time.time())
    finally:
        db.conn.close()
    from server.links import public_base

    base = public_base(settings)
    print(f"user {user.email} ({user.role}) created for dealer {user.dealer}")
    print("one-time link to set the password (valid 7 days, shown only now):")
    print(set_password_link(base, token))
    return 0


def _in_database(db_path: Path, slug: str) -> bool:
    """True when ``slug``'s catalog lives in the database (a dealer without a file)."""
    from server.services.catalog_versions import has_catalog
    from server.storage.db import connect, migrate

    db = connect(db_path)
    try:
        migrate(db)
        return has_catalog(db, slug)
    finally:
        db.conn.close()
