"""The access log without secrets: quote and reset tokens in paths are redacted before a line is written.

A token in ``/q/<token>`` opens a homeowner's quote (and accepts it); one in
``/admin/reset/<token>`` sets a user's password. Whoever reads the log must not get either.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

__all__ = ["REDACTED", "RedactTokens", "access_log_config", "redact", "redact_root_handlers"]

REDACTED = "[redacted]"
# A path segment that carries a bearer secret: whatever follows these prefixes up to the next / or ?.
# A live-preview alias (/api/v1/dealers/p_...) shows a dealer's draft: its prefix stays, the rest goes.
_SECRET_SEGMENT = re.compile(r"(/q/|/admin/reset/|/api/v1/dealers/p_)[^/?#\s\"]+")


def redact(path: str) -> str:
    """``path`` with every token segment replaced by ``[redacted]``."""
    return _SECRET_SEGMENT.sub(lambda m: m.group(1) + REDACTED, path)


class RedactTokens(logging.Filter):
    """A filter for uvicorn's access records (args: client, method, path, HTTP version, status) and any other."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument (and any message or traceback text) in place; never drops a record."""
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.exc_info and not record.exc_text:
            # A traceback can quote a URL (an exception's message); the formatter uses exc_text when set.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def redact_root_handlers() -> None:
    """Put :class:`RedactTokens` on every handler of the root logger (once), so no error line carries a token.

    The handlers' filters, not the loggers', are the place: a record logged on ``venster.errors``
    propagates to the root's handlers without passing the root logger's own filters.
    """
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(RedactTokens())


def access_log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`RedactTokens` on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_tokens"] = {"()": "server.access_log.RedactTokens"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_tokens")
    return config
