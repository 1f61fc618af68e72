"""Back-office logins: users, scrypt password hashes, login limits and one-time reset links.

Passwords are hashed with :func:`hashlib.scrypt` (a random 16-byte salt, n=2**14, r=8,
p=1), stored with their parameters as ``scrypt$n$r$p$salt$hash`` so the cost can be raised
later without locking anyone out, and compared in constant time. Reset tokens, like
session ids and API keys, are stored only as their SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
from datetime import UTC, datetime
from typing import NamedTuple

import sqlite_utils

from server.backoffice.audit import record
from server.intake.validate import plausible_email
from server.storage.db import write_transaction
from server.storage.login_throttle import clear_failures, count_failure, failures_of

__all__ = [
    "INVITE_TTL_S", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FREE_FAILURES", "LOGIN_MAX_DELAY_S", "LOGIN_WINDOW_S",
    "MIN_PASSWORD", "login_delay", "throttle_key",
    "RESET_TTL_S", "LoginResult", "User", "UserError", "authenticate", "check_password", "create_user", "find_user",
    "get_user", "hash_password", "invite_token", "list_users", "normalise_email", "reset_user", "set_disabled",
    "set_lang", "set_password", "start_reset", "use_reset", "verify_password",
]

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
LOGIN_WINDOW_S = 15 * 60
# Failures of one account from one address before delays start; the delays then double.
LOGIN_FREE_FAILURES = 5
LOGIN_MAX_DELAY_S = 3600
# A count with no failure for a day starts again.
LOGIN_FORGET_S = 86_400
LOGIN_FAILURES_PER_ADDRESS = 20
RESET_TTL_S = 3600
INVITE_TTL_S = 7 * 86_400
RESETS_PER_EMAIL_PER_HOUR = 3
LANGS = ("nl", "en")



class UserError(ValueError):
    """A user cannot be created or changed as asked (the message says why, in English).

    ``code`` is stable for the pages to translate: ``self``, ``last`` or ``unknown`` when
    disabling is refused, empty otherwise.
    """

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class User(NamedTuple):
    """A back-office login (never carries the password hash)."""

    id: int
    dealer: str
    email: str
    name: str
    lang: str
    disabled: bool

    @property
    def actor(self) -> str:
        """How the audit log and status history name this user."""
        return f"user:{self.email}"


class LoginResult(NamedTuple):
    """The outcome of a login attempt: the user, or why not (``retry_after`` when limited)."""

    user: User | None
    retry_after: int | None = None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` of ``password`` with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


# Checked when the e-mail is unknown, so a wrong address costs as much time as a wrong password.
_DUMMY = hash_password(secrets.token_urlsafe(16))


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; constant-time comparison, False for any malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8")[:MAX_PASSWORD * 4], salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), dklen=len(expected), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def normalise_email(email: str) -> str:
    """The e-mail as stored: trimmed and lower-cased."""
    return email.strip().lower()


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row_user(row: tuple) -> User:
    return User(id=int(row[0]), dealer=str(row[1]), email=str(row[2]), name=str(row[3]), lang=str(row[4]),
                disabled=row[5] is not None)


_SELECT = "SELECT id, dealer, email, name, lang, disabled_at FROM users"


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    """The user with ``user_id``, or None."""
    row = db.execute(f"{_SELECT} WHERE id = ?", [user_id]).fetchone()
    return _row_user(row) if row else None


def find_user(db: sqlite_utils.Database, email: str) -> User | None:
    """The user with this e-mail (any case), or None."""
    row = db.execute(f"{_SELECT} WHERE email = ?", [normalise_email(email)]).fetchone()
    return _row_user(row) if row else None


def list_users(db: sqlite_utils.Database, dealer: str) -> list[User]:
    """Every back-office user of ``dealer``, by e-mail."""
    return [_row_user(row) for row in db.execute(f"{_SELECT} WHERE dealer = ? ORDER BY email", [dealer]).fetchall()]


def set_disabled(db: sqlite_utils.Database, dealer: str, email: str, disabled: bool, actor: str,
                 by_user_id: int | None = None) -> User:
    """Disable (or enable again) ``dealer``'s user with ``email``; audit-logged.

    Disabling ends every session of the user at once and voids their unused reset links.
    Refused (:class:`UserError`) for a user of another dealer or none, for the acting user
    themself (``by_user_id``), and for the dealer's last active user, who could not be
    enabled again from the back office. Doing what is already done changes nothing.
    """
    email = normalise_email(email)[:254]
    with write_transaction(db):
        row = db.execute(f"{_SELECT} WHERE email = ? AND dealer = ?", [email, dealer]).fetchone()
        if row is None:
            raise UserError(f"No user {email} for dealer {dealer}", "unknown")
        user = _row_user(row)
        if user.disabled == disabled:
            return user
        if disabled:
            if by_user_id is not None and by_user_id == user.id:
                raise UserError("You cannot disable yourself", "self")
            others = db.execute("SELECT COUNT(*) FROM users WHERE dealer = ? AND disabled_at IS NULL AND id != ?",
                                [dealer, user.id]).fetchone()[0]
            if not others:
                raise UserError(f"{email} is the last active user of {dealer}; add or enable another first", "last")
            db.conn.execute("UPDATE users SET disabled_at = ? WHERE id = ?", (_now_iso(), user.id))
            db.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))
            db.conn.execute("UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                            (datetime.now(UTC).timestamp(), user.id))
        else:
            db.conn.execute("UPDATE users SET disabled_at = NULL WHERE id = ?", (user.id,))
        record(db, dealer, actor, "user.disable" if disabled else "user.enable", email)
    return user._replace(disabled=disabled)


def check_password(password: str) -> str | None:
    """Why ``password`` cannot be used (English), or None."""
    if len(password) < MIN_PASSWORD:
        return f"Expected a password of at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"Expected a password of at most {MAX_PASSWORD} characters"
    return None


def create_user(db: sqlite_utils.Database, dealer: str, email: str, name: str = "", lang: str = "nl",
                password: str | None = None) -> User:
    """A new login for ``dealer``; without ``password`` it cannot log in until a reset link is used."""
    email = normalise_email(email)
    if not plausible_email(email):
        raise UserError(f"Expected an e-mail address, got {email!r}")
    if lang not in LANGS:
        raise UserError(f"Expected a language of {', '.join(LANGS)}, got {lang!r}")
    if password is not None and (problem := check_password(password)):
        raise UserError(problem)
    stored = hash_password(password) if password is not None else ""
    with write_transaction(db):
        if db.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone():
            raise UserError(f"A user with e-mail {email} already exists")
        cursor = db.conn.execute(
            "INSERT INTO users (dealer, email, name, password_hash, lang, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (dealer, email, name.strip()[:200], stored, lang, _now_iso()))
    user = get_user(db, int(cursor.lastrowid or 0))
    assert user is not None
    return user


def set_password(db: sqlite_utils.Database, user_id: int, password: str) -> None:
    """Replace the password and end every session of the user."""
    if problem := check_password(password):
        raise UserError(problem)
    stored = hash_password(password)
    with write_transaction(db):
        db.conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (stored, user_id))
        db.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))


def set_lang(db: sqlite_utils.Database, user_id: int, lang: str) -> None:
    """The language the back office speaks to this user."""
    if lang not in LANGS:
        raise UserError(f"Expected a language of {', '.join(LANGS)}, got {lang!r}")
    with write_transaction(db):
        db.conn.execute("UPDATE users SET lang = ? WHERE id = ?", (lang, user_id))


def _bucket(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _limited(db: sqlite_utils.Database, bucket: str, limit: int, window_s: int, now: float) -> int | None:
    """Seconds to wait when ``bucket`` already holds ``limit`` hits in the current window, else None."""
    window = int(now) - int(now) % window_s
    row = db.execute("SELECT window_start, count FROM rate_limits WHERE bucket = ?", [bucket]).fetchone()
    if row is None or row[0] != window or row[1] < limit:
        return None
    return max(1, window + window_s - int(now))


def _count(db: sqlite_utils.Database, bucket: str, window_s: int, now: float) -> None:
    window = int(now) - int(now) % window_s
    db.conn.execute(
        "INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, 1) ON CONFLICT (bucket) DO UPDATE SET "
        "count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END, "
        "window_start = excluded.window_start", (bucket, window))


def throttle_key(secret: str, email: str, client: str) -> str:
    """The throttle row's key: an HMAC of account and address, so neither is stored as it is."""
    return hmac.new(secret.encode(), f"{normalise_email(email)[:254]}\0{client}".encode(), hashlib.sha256).hexdigest()


def login_delay(failures: int, base_s: float) -> float:
    """Seconds an account must wait from one address after ``failures`` failures there.

    The first ``LOGIN_FREE_FAILURES`` cost nothing; then ``base_s``, doubling with each
    further failure, at most ``LOGIN_MAX_DELAY_S``.
    """
    if failures < LOGIN_FREE_FAILURES or base_s <= 0:
        return 0.0
    return float(min(LOGIN_MAX_DELAY_S, base_s * 2 ** min(failures - LOGIN_FREE_FAILURES, 32)))


def authenticate(db: sqlite_utils.Database, email: str, password: str, client: str, now: float,
                 secret: str = "", delay_s: float = 2.0) -> LoginResult:
    """Check a login; failures are throttled per (account, client address), and per address overall.

    After ``LOGIN_FREE_FAILURES`` failures of one account from one address, a further try
    from there within the growing delay is refused before the password is even looked at.
    The throttle is per address so that an attacker elsewhere cannot lock the rightful
    user out; a success clears that account's count for that address.
    """
    email = normalise_email(email)[:254]
    pair = throttle_key(secret, email, client)
    forget = now - LOGIN_FORGET_S
    failures, last = failures_of(db, pair, forget)
    wait = last + login_delay(failures, delay_s) - now
    if wait > 0:
        return LoginResult(user=None, retry_after=max(1, math.ceil(wait)))
    by_address = _bucket("login-addr", client)
    wait_address = _limited(db, by_address, LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_S, now)
    if wait_address is not None:
        return LoginResult(user=None, retry_after=wait_address)
    row = db.execute("SELECT id, password_hash, disabled_at FROM users WHERE email = ?", [email]).fetchone()
    stored = str(row[1]) if row and row[1] else _DUMMY
    matches = verify_password(password[:MAX_PASSWORD], stored) and len(password) <= MAX_PASSWORD
    ok = matches and row is not None and bool(row[1]) and row[2] is None
    if ok:
        if failures:
            with write_transaction(db):
                clear_failures(db, pair)
        return LoginResult(user=get_user(db, int(row[0])))
    with write_transaction(db):
        count_failure(db, pair, now, forget)
        _count(db, by_address, LOGIN_WINDOW_S, now)
    return LoginResult(user=None)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_reset(db: sqlite_utils.Database, email: str, now: float) -> tuple[User, str] | None:
    """A one-time reset token for the user with ``email`` (valid one hour), or None.

    None also when the address asked for too many links this hour: the caller answers the
    same either way, so nobody learns which addresses exist.
    """
    user = find_user(db, email)
    if user is None or user.disabled:
        return None
    bucket = _bucket("reset-email", user.email)
    with write_transaction(db):
        if _limited(db, bucket, RESETS_PER_EMAIL_PER_HOUR, 3600, now) is not None:
            return None
        _count(db, bucket, 3600, now)
        token = _insert_reset(db, user.id, now, RESET_TTL_S)
    return user, token


def invite_token(db: sqlite_utils.Database, user: User, now: float, ttl_s: int = INVITE_TTL_S) -> str:
    """A one-time set-password token for a new user (the CLI prints it as a link); valid ``ttl_s``."""
    with write_transaction(db):
        return _insert_reset(db, user.id, now, ttl_s)


def _insert_reset(db: sqlite_utils.Database, user_id: int, now: float, ttl_s: int) -> str:
    token = secrets.token_urlsafe(32)
    db.conn.execute("DELETE FROM password_resets WHERE expires_at < ?", (now - 86_400,))
    db.conn.execute("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                    (_token_hash(token), user_id, now + ttl_s))
    return token


def reset_user(db: sqlite_utils.Database, token: str, now: float) -> User | None:
    """The user a still valid, unused reset token belongs to, or None."""
    row = db.execute("SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = ?",
                     [_token_hash(token[:200])]).fetchone()
    if row is None or row[2] is not None or row[1] < now:
        return None
    user = get_user(db, int(row[0]))
    return None if user is None or user.disabled else user


def use_reset(db: sqlite_utils.Database, token: str, password: str, now: float) -> User | None:
    """Set a new password with a reset token (once); ends every session of the user. None when the token is no good.

    Raises :class:`UserError` for a password that cannot be used (the token stays valid).
    """
    if problem := check_password(password):
        raise UserError(problem)
    stored = hash_password(password)
    digest = _token_hash(token[:200])
    with write_transaction(db):
        row = db.execute("SELECT r.user_id, r.expires_at, r.used_at, u.disabled_at FROM password_resets r "
                         "JOIN users u ON u.id = r.user_id WHERE r.token_hash = ?", [digest]).fetchone()
        # A disabled user's link is dead even if it was sent before they were disabled.
        if row is None or row[2] is not None or row[1] < now or row[3] is not None:
            return None
        user_id = int(row[0])
        db.conn.execute("UPDATE password_resets SET used_at = ? WHERE token_hash = ?", (now, digest))
        # Every other link of this user dies too: one reset per e-mailed batch.
        db.conn.execute("UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                        (now, user_id))
        db.conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (stored, user_id))
        db.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
    return get_user(db, user_id)
