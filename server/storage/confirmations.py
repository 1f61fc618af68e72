"""SQL for counting homeowner confirmation e-mails per recipient and day.

The recipient is stored only as a keyed hash (see ``server.services.confirmations``), so
this table holds no address; rows of past days are dropped as new ones are counted.
"""

from __future__ import annotations

import sqlite_utils

__all__ = ["take_confirmation"]


def take_confirmation(db: sqlite_utils.Database, recipient_hash: str, day: str, limit: int) -> bool:
    """Count one confirmation to ``recipient_hash`` on ``day``; False (nothing counted) once ``limit`` is reached.

    Call inside the caller's write transaction, so the count and the mail's job land together.
    """
    db.conn.execute("DELETE FROM confirmation_counts WHERE day < ?", (day,))
    row = db.execute("SELECT count FROM confirmation_counts WHERE recipient_hash = ? AND day = ?",
                     [recipient_hash, day]).fetchone()
    if row is not None and row[0] >= limit:
        return False
    db.conn.execute("INSERT INTO confirmation_counts (recipient_hash, day, count) VALUES (?, ?, 1) "
                    "ON CONFLICT (recipient_hash, day) DO UPDATE SET count = count + 1", (recipient_hash, day))
    return True
