"""SQL for back-office users and their one-time password links (``users``, ``password_resets``)."""

from __future__ import annotations

import msgspec
import sqlite_utils

from server.storage.sessions import delete_user_sessions

__all__ = [
    "ResetRow", "UserRow", "active_owners_besides", "active_users_besides", "delete_old_resets", "delete_user",
    "dealer_has_users", "disable_user", "email_taken", "set_role",
    "enable_user", "insert_reset", "insert_user", "reset_row", "set_lang", "set_password_hash",
    "use_reset_token", "user_by_dealer_email", "user_by_email", "user_by_id", "users_of_dealer",
    "void_resets", "LoginRow", "login_row",
]


class UserRow(msgspec.Struct, frozen=True, kw_only=True):
    """A ``users`` row without the password hash."""

    id: int
    dealer: str
    email: str
    name: str
    lang: str
    disabled_at: str | None
    role: str
    password_set: bool = True  # False until the invitation's (or the CLI's) set-password link is used


class LoginRow(msgspec.Struct, frozen=True, kw_only=True):
    """What a login checks: the user's id, password hash ("" before one is set) and whether they are disabled."""

    id: int
    password_hash: str
    disabled_at: str | None


class ResetRow(msgspec.Struct, frozen=True, kw_only=True):
    """A ``password_resets`` row, with whether its user is disabled now."""

    user_id: int
    expires_at: float
    used_at: float | None
    user_disabled_at: str | None


_SELECT = "SELECT id, dealer, email, name, lang, disabled_at, role, password_hash != '' AS password_set FROM users"


def _one(db: sqlite_utils.Database, sql: str, params: list[object]) -> dict[str, object] | None:
    """The first row of ``sql`` as a column name -> value dict, or None."""
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def _user(row: dict[str, object] | None) -> UserRow | None:
    # Not strict: SQLite answers the password_set comparison as 0 or 1.
    return None if row is None else msgspec.convert(row, UserRow, strict=False)


def user_by_id(db: sqlite_utils.Database, user_id: int) -> UserRow | None:
    """The user with ``user_id``, or None."""
    return _user(_one(db, f"{_SELECT} WHERE id = ?", [user_id]))


def user_by_email(db: sqlite_utils.Database, email: str) -> UserRow | None:
    """The user with this (normalised) e-mail, or None."""
    return _user(_one(db, f"{_SELECT} WHERE email = ?", [email]))


def user_by_dealer_email(db: sqlite_utils.Database, dealer: str, email: str) -> UserRow | None:
    """``dealer``'s user with this (normalised) e-mail, or None (another dealer's user is None too)."""
    return _user(_one(db, f"{_SELECT} WHERE email = ? AND dealer = ?", [email, dealer]))


def users_of_dealer(db: sqlite_utils.Database, dealer: str) -> list[UserRow]:
    """Every user of ``dealer``, by e-mail."""
    return [msgspec.convert(row, UserRow, strict=False)
            for row in db.query(f"{_SELECT} WHERE dealer = ? ORDER BY email", [dealer])]


def login_row(db: sqlite_utils.Database, email: str) -> LoginRow | None:
    """The login facts of the user with this (normalised) e-mail, or None."""
    row = _one(db, "SELECT id, COALESCE(password_hash, '') AS password_hash, disabled_at FROM users WHERE email = ?",
               [email])
    return None if row is None else msgspec.convert(row, LoginRow)


def email_taken(db: sqlite_utils.Database, email: str) -> bool:
    """True when some user (of any dealer) has this e-mail."""
    return db.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone() is not None


def active_users_besides(db: sqlite_utils.Database, dealer: str, user_id: int) -> int:
    """How many users of ``dealer`` other than ``user_id`` are not disabled."""
    row = db.execute("SELECT COUNT(*) FROM users WHERE dealer = ? AND disabled_at IS NULL AND id != ?",
                     [dealer, user_id]).fetchone()
    return int(row[0])


def active_owners_besides(db: sqlite_utils.Database, dealer: str, user_id: int) -> int:
    """How many owners of ``dealer`` other than ``user_id`` can log in: not disabled and with a password set.

    An invited owner who never used their link cannot log in, so they do not keep the account managed.
    """
    row = db.execute("SELECT COUNT(*) FROM users WHERE dealer = ? AND disabled_at IS NULL AND role = 'owner' "
                     "AND COALESCE(password_hash, '') != '' AND id != ?", [dealer, user_id]).fetchone()
    return int(row[0])


def dealer_has_users(db: sqlite_utils.Database, dealer: str) -> bool:
    """True when ``dealer`` has at least one user (disabled ones count)."""
    return db.execute("SELECT 1 FROM users WHERE dealer = ? LIMIT 1", [dealer]).fetchone() is not None


def insert_user(db: sqlite_utils.Database, dealer: str, email: str, name: str, password_hash: str, lang: str,
                created_at: str, role: str = "owner") -> int:
    """Insert a user; returns its id. Call inside a write transaction."""
    cursor = db.conn.execute(
        "INSERT INTO users (dealer, email, name, password_hash, lang, created_at, role) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (dealer, email, name, password_hash, lang, created_at, role))
    return int(cursor.lastrowid or 0)


def set_role(db: sqlite_utils.Database, user_id: int, role: str) -> None:
    """Give the user another role; their sessions read it on the next request. Inside a write transaction."""
    db.conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, user_id))


def delete_user(db: sqlite_utils.Database, user_id: int) -> None:
    """Remove the user: their sessions and one-time links first, then the row. Inside a write transaction.

    Histories and the audit log name users by e-mail (``user:<email>``), so they keep naming them.
    """
    delete_user_sessions(db, user_id)
    db.conn.execute("DELETE FROM password_resets WHERE user_id = ?", (user_id,))
    db.conn.execute("DELETE FROM users WHERE id = ?", (user_id,))


def disable_user(db: sqlite_utils.Database, user_id: int, at: str, now: float) -> None:
    """Mark the user disabled, end their sessions and void their unused reset links. Inside a write transaction."""
    db.conn.execute("UPDATE users SET disabled_at = ? WHERE id = ?", (at, user_id))
    delete_user_sessions(db, user_id)
    void_resets(db, user_id, now)


def enable_user(db: sqlite_utils.Database, user_id: int) -> None:
    """Let a disabled user log in again. Inside a write transaction."""
    db.conn.execute("UPDATE users SET disabled_at = NULL WHERE id = ?", (user_id,))


def set_password_hash(db: sqlite_utils.Database, user_id: int, password_hash: str) -> None:
    """Store a new password hash and end every session of the user. Inside a write transaction."""
    db.conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))
    delete_user_sessions(db, user_id)


def set_lang(db: sqlite_utils.Database, user_id: int, lang: str) -> None:
    """The back office's language for the user. Inside a write transaction."""
    db.conn.execute("UPDATE users SET lang = ? WHERE id = ?", (lang, user_id))


def delete_old_resets(db: sqlite_utils.Database, before: float) -> None:
    """Forget reset links that expired before ``before``. Inside a write transaction."""
    db.conn.execute("DELETE FROM password_resets WHERE expires_at < ?", (before,))


def insert_reset(db: sqlite_utils.Database, token_hash: str, user_id: int, expires_at: float) -> None:
    """Store a reset link's token hash. Inside a write transaction."""
    db.conn.execute("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                    (token_hash, user_id, expires_at))


def reset_row(db: sqlite_utils.Database, token_hash: str) -> ResetRow | None:
    """The reset link with ``token_hash`` and whether its user is disabled, or None."""
    row = _one(db, "SELECT r.user_id, r.expires_at, r.used_at, u.disabled_at AS user_disabled_at "
                   "FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = ?", [token_hash])
    return None if row is None else msgspec.convert(row, ResetRow)


def use_reset_token(db: sqlite_utils.Database, token_hash: str, user_id: int, now: float) -> None:
    """Mark this link used and void every other unused link of the user. Inside a write transaction."""
    db.conn.execute("UPDATE password_resets SET used_at = ? WHERE token_hash = ?", (now, token_hash))
    void_resets(db, user_id, now)


def void_resets(db: sqlite_utils.Database, user_id: int, now: float) -> None:
    """Every unused reset link of the user dies. Inside a write transaction."""
    db.conn.execute("UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL", (now, user_id))
