"""Every public link venster hands out (e-mails, the CLI, the embed snippet) starts here.

A link is built from ``VENSTER_PUBLIC_URL``, or in development from the host and port the
server listens on; never from a request's ``Host`` header, which anyone can set to their
own site and so harvest a homeowner's quote token or a user's reset token.
"""

from __future__ import annotations

from server.settings import Settings

__all__ = ["public_base"]


def public_base(settings: Settings) -> str:
    """The server's public base URL without a trailing slash."""
    if settings.public_url:
        return settings.public_url
    host = settings.host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 literal in a URL needs brackets
    return f"http://{host}:{settings.port}"
