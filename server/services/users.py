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

from server.services.audit import record
from server.services.devices import device_throttle_key, known_device, new_device_token
from server.services.intake_checks import plausible_email
from server.storage.db import write_transaction
from server.storage.keyed_hash import keyed_hash
from server.storage.login_throttle import clear_failures, count_failure, failures_of, settle_failure
from server.storage.requests import hit_rate_limit

__all__ = [
    "INVITE_TTL_S", "LOGIN_ADDRESS_MAX_DELAY_S", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FREE_FAILURES",
    "LOGIN_MAX_DELAY_S", "MIN_PASSWORD", "login_delay",
    "RESET_TTL_S", "LoginResult", "User", "UserError", "authenticate", "check_password", "create_user", "find_user",
    "get_user", "hash_password", "invite_token", "list_users", "normalise_email", "reset_user", "set_disabled",
    "set_lang", "set_password", "start_reset", "use_reset", "verify_password",
]

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# Failures of one account from one address before delays start; the delays then double.
LOGIN_FREE_FAILURES = 5
LOGIN_MAX_DELAY_S = 3600
# A count with no failure for a day starts again.
LOGIN_FORGET_S = 86_400
# Failures from one address over all accounts before its (short) delays start: a shared
# address (office or carrier NAT, no trusted proxy) must slow strangers, never lock anyone out.
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_ADDRESS_MAX_DELAY_S = 60
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
    """The outcome of a login attempt: the user, or why not (``retry_after`` when limited).

    ``device`` is the known-device cookie value to set after a success.
    """

    user: User | None
    retry_after: int | None = None
    device: str = ""


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


def login_delay(failures: int, base_s: float, free: int = LOGIN_FREE_FAILURES,
                cap_s: float = LOGIN_MAX_DELAY_S) -> float:
    """Seconds to wait after ``failures`` failures counted on one throttle key.

    The first ``free`` cost nothing; then ``base_s``, doubling with each further failure,
    at most ``cap_s``.
    """
    if failures < free or base_s <= 0:
        return 0.0
    return float(min(cap_s, base_s * 2 ** min(failures - free, 32)))


class _Limit(NamedTuple):
    """One throttle key an attempt is counted on, and how its failures turn into delays."""

    key: str
    free: int
    cap_s: float


def _limits(db: sqlite_utils.Database, email: str, client: str, user_id: int | None,
            device: str) -> tuple[list[_Limit], bool]:
    """The keys this attempt counts on, and whether it comes from a known device of the account.

    A known device counts only on its own (account, device) key; anyone else on (account,
    address) and on the address, whose delays stay short so a shared address never locks out.
    """
    nonce = known_device(db, device, user_id) if user_id is not None and device else None
    if nonce is not None:
        return [_Limit(device_throttle_key(db, user_id or 0, nonce), LOGIN_FREE_FAILURES, LOGIN_MAX_DELAY_S)], True
    return [_Limit(keyed_hash(db, "login", email, client), LOGIN_FREE_FAILURES, LOGIN_MAX_DELAY_S),
            _Limit(keyed_hash(db, "login-address", client), LOGIN_FAILURES_PER_ADDRESS,
                   LOGIN_ADDRESS_MAX_DELAY_S)], False


def authenticate(db: sqlite_utils.Database, email: str, password: str, client: str, now: float,
                 delay_s: float = 2.0, device: str = "") -> LoginResult:
    """Check a login; failures are throttled with growing delays, never a hard lock.

    ``client`` is the keyed hash of the address, ``device`` the known-device cookie (or "").
    Without a known device, failures count per (account, address) (``LOGIN_FREE_FAILURES``
    free, then doubling delays up to an hour) and per address over all accounts
    (``LOGIN_FAILURES_PER_ADDRESS`` free, then delays of at most ``LOGIN_ADDRESS_MAX_DELAY_S``,
    so strangers behind the same address slow the rightful user down briefly, never lock
    them out). A known device of the account counts only its own failures. A try within a
    delay is refused before the password is looked at.

    The attempt is counted as a failure under ``BEGIN IMMEDIATE`` before the password is
    checked, so parallel tries cannot all pass the same check; a success then takes it back.
    A success returns a device token for the cookie.
    """
    email = normalise_email(email)[:254]
    row = db.execute("SELECT id, password_hash, disabled_at FROM users WHERE email = ?", [email]).fetchone()
    limits, known = _limits(db, email, client, int(row[0]) if row else None, device)
    forget = now - LOGIN_FORGET_S
    with write_transaction(db):
        wait = 0.0
        for limit in limits:
            failures, last = failures_of(db, limit.key, forget)
            wait = max(wait, last + login_delay(failures, delay_s, limit.free, limit.cap_s) - now)
        if wait <= 0:
            for limit in limits:
                count_failure(db, limit.key, now, forget)
    if wait > 0:
        return LoginResult(user=None, retry_after=max(1, math.ceil(wait)))
    stored = str(row[1]) if row and row[1] else _DUMMY
    matches = verify_password(password[:MAX_PASSWORD], stored) and len(password) <= MAX_PASSWORD
    if not (matches and row is not None and bool(row[1]) and row[2] is None):
        return LoginResult(user=None)  # the failure was counted before the check
    with write_transaction(db):
        clear_failures(db, limits[0].key)
        # The address keeps its other failures (a success of one account must not wipe a
        # stranger's count); only this try's pending one is taken back.
        for limit in limits[1:]:
            settle_failure(db, limit.key)
    user = get_user(db, int(row[0]))
    return LoginResult(user=user, device=device if known else new_device_token(db, int(row[0])))


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
    # Keyed, so the counter cannot be turned back into the e-mail by hashing guesses.
    bucket = f"reset-email:{keyed_hash(db, 'reset-email', user.email)[:32]}"
    with write_transaction(db):
        if hit_rate_limit(db, bucket, RESETS_PER_EMAIL_PER_HOUR, 3600, now) is not None:
            return None
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
