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

import msgspec
import sqlite_utils

from server.services.audit import record
from server.services.devices import device_throttle_key, known_device, new_device_token
from server.services.errors import Conflict, FieldProblem, Invalid, NotFound
from server.services.intake_checks import plausible_email
from server.services.roles import OWNER, ROLES, STAFF, is_role
from server.storage import users
from server.storage.db import write_transaction
from server.storage.keyed_hash import keyed_hash
from server.storage.login_throttle import clear_failures, count_failure, failures_of, settle_failure
from server.storage.requests import hit_rate_limit

__all__ = [
    "INVITE_TTL_S", "LOGIN_ADDRESS_MAX_DELAY_S", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FREE_FAILURES",
    "LOGIN_MAX_DELAY_S", "MIN_PASSWORD", "login_delay",
    "RESET_TTL_S", "LoginResult", "User", "authenticate", "check_password", "create_user", "find_user",
    "get_user", "hash_password", "invite_token", "list_users", "normalise_email", "reset_user", "set_disabled",
    "set_lang", "set_password", "set_password_link", "start_reset", "use_reset", "verify_password",
    "colleague", "invite_user", "remove_user", "resend_invite", "set_role", "starting_role",
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
LANGS: tuple[str, ...] = ("nl", "en", "de")  # the back office's languages; a user chooses one


class User(msgspec.Struct, frozen=True, kw_only=True):
    """A back-office login (never carries the password hash)."""

    id: int
    dealer: str
    email: str
    name: str
    lang: str
    disabled: bool
    role: str = OWNER
    invited: bool = False  # no password yet: invited (or made by the CLI) and the link not used

    @property
    def actor(self) -> str:
        """How the audit log and status history name this user."""
        return f"user:{self.email}"


class LoginResult(NamedTuple):
    """The outcome of a login attempt: the user, or why not (``retry_after`` when limited).

    ``device`` is the known-device cookie value to set after a success. A named tuple, not a
    Struct: the throttle's tests compare results with plain ``(user, retry_after, device)``.
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


def _user(row: users.UserRow | None) -> User | None:
    if row is None:
        return None
    return User(id=row.id, dealer=row.dealer, email=row.email, name=row.name, lang=row.lang,
                disabled=row.disabled_at is not None, role=row.role, invited=not row.password_set)


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    """The user with ``user_id``, or None."""
    return _user(users.user_by_id(db, user_id))


def find_user(db: sqlite_utils.Database, email: str) -> User | None:
    """The user with this e-mail (any case), or None."""
    return _user(users.user_by_email(db, normalise_email(email)))


def list_users(db: sqlite_utils.Database, dealer: str) -> list[User]:
    """Every back-office user of ``dealer``, by e-mail."""
    return [user for row in users.users_of_dealer(db, dealer) if (user := _user(row)) is not None]


def set_disabled(db: sqlite_utils.Database, dealer: str, email: str, disabled: bool, actor: str,
                 by_user_id: int | None = None) -> User:
    """Disable (or enable again) ``dealer``'s user with ``email``; audit-logged.

    Disabling ends every session of the user at once and voids their unused reset links.
    Refused for a user of another dealer or none (:class:`NotFound`, ``user.not_found``: the
    same for both, so nobody learns whose address it is), for the acting user themself
    (``by_user_id``; :class:`Conflict` ``user.disable_self``), and for the dealer's last
    active owner: a dealer always keeps one, else nobody could manage users again
    (``user.last_active``). Doing what is already done changes nothing.
    """
    email = normalise_email(email)[:254]
    with write_transaction(db):
        user = _colleague(db, dealer, email)
        if user.disabled == disabled:
            return user
        if disabled:
            if by_user_id is not None and by_user_id == user.id:
                raise Conflict("user.disable_self")
            _keep_an_owner(db, user)
            users.disable_user(db, user.id, _now_iso(), datetime.now(UTC).timestamp())
        else:
            users.enable_user(db, user.id)
        record(db, dealer, actor, "user.disable" if disabled else "user.enable", email,
               before={"disabled": user.disabled}, after={"disabled": disabled})
    return msgspec.structs.replace(user, disabled=disabled)


def _colleague(db: sqlite_utils.Database, dealer: str, email: str) -> User:
    """``dealer``'s user with ``email`` (normalised), else :class:`NotFound` (another dealer's user too)."""
    user = _user(users.user_by_dealer_email(db, dealer, email))
    if user is None:
        raise NotFound("user.not_found", {"email": email, "dealer": dealer})
    return user


def colleague(db: sqlite_utils.Database, dealer: str, email: str) -> User:
    """``dealer``'s user with ``email`` (any case); :class:`NotFound` for none or another dealer's user."""
    return _colleague(db, dealer, normalise_email(email)[:254])


def _keep_an_owner(db: sqlite_utils.Database, user: User) -> None:
    """Refuse (``user.last_active``) when ``user`` is the dealer's last active owner and is about to stop being one.

    Only owners who can log in count (not disabled, a password set): an invitation not yet
    accepted keeps nobody able to manage the account.
    """
    if user.role == OWNER and not user.disabled and not users.active_owners_besides(db, user.dealer, user.id):
        raise Conflict("user.last_active", {"email": user.email, "dealer": user.dealer})


def _check_role(role: str) -> None:
    if not is_role(role):
        raise Invalid([FieldProblem(field="role", code="user.role_invalid",
                                    params={"roles": ", ".join(ROLES), "role": role[:20]})], code="user.invalid")


def starting_role(db: sqlite_utils.Database, dealer: str) -> str:
    """The role a new user gets when none is asked for: owner for a dealer's first user, staff after that."""
    return STAFF if users.dealer_has_users(db, dealer) else OWNER


def set_role(db: sqlite_utils.Database, dealer: str, email: str, role: str, actor: str) -> User:
    """Give ``dealer``'s user with ``email`` another role; audit-logged with the role before and after.

    Refused for an unknown role (:class:`Invalid`, ``user.role_invalid``), a user of another
    dealer or none (``user.not_found``) and for demoting the dealer's last active owner, the
    acting owner themself included (``user.last_active``). The same role again changes nothing.
    The user's open sessions read the new role on their next request.
    """
    _check_role(role)
    email = normalise_email(email)[:254]
    with write_transaction(db):
        user = _colleague(db, dealer, email)
        if user.role == role:
            return user
        _keep_an_owner(db, user)
        users.set_role(db, user.id, role)
        record(db, dealer, actor, "user.role", email, before={"role": user.role}, after={"role": role})
    return msgspec.structs.replace(user, role=role)


def remove_user(db: sqlite_utils.Database, dealer: str, email: str, actor: str,
                by_user_id: int | None = None) -> User:
    """Remove ``dealer``'s user with ``email``: their sessions end at once and their one-time links stop working.

    The audit log and the status histories keep naming them by e-mail. Refused for a user of
    another dealer or none (``user.not_found``), for the acting user themself (``by_user_id``;
    :class:`Conflict` ``user.remove_self``, like disabling oneself) and for the dealer's last
    active owner (``user.last_active``).
    """
    email = normalise_email(email)[:254]
    with write_transaction(db):
        user = _colleague(db, dealer, email)
        if by_user_id is not None and by_user_id == user.id:
            raise Conflict("user.remove_self")
        _keep_an_owner(db, user)
        users.delete_user(db, user.id)
        record(db, dealer, actor, "user.remove", email,
               before={"role": user.role, "name": user.name, "disabled": user.disabled}, after=None)
    return user


def invite_user(db: sqlite_utils.Database, dealer: str, email: str, name: str, role: str, lang: str, actor: str,
                now: float) -> tuple[User, str]:
    """A new user of ``dealer`` with ``role`` and no password yet, and their one-time set-password token (7 days).

    Raises like :func:`create_user` (an implausible e-mail, an unknown language, an e-mail in
    use) and for an unknown role (``user.role_invalid``). Audit-logged with the role.
    """
    email = _checked_new(email, lang, role)
    with write_transaction(db):
        # One transaction: the user, the audit entry and the link exist together or not at all.
        if users.email_taken(db, email):
            raise Conflict("user.email_taken", {"email": email})
        user_id = users.insert_user(db, dealer, email, name.strip()[:200], "", lang, _now_iso(), role)
        record(db, dealer, actor, "user.invite", email, before=None,
               after={"role": role, "name": name.strip()[:200], "lang": lang})
        token = _insert_reset(db, user_id, now, INVITE_TTL_S)
    user = get_user(db, user_id)
    assert user is not None
    return user, token


def resend_invite(db: sqlite_utils.Database, dealer: str, email: str, actor: str, now: float) -> tuple[User, str]:
    """A fresh one-time set-password token (7 days) for ``dealer``'s invited user with ``email``; audit-logged.

    Every older unused link of the user dies (also one a disable/enable voided already). Refused
    for a user of another dealer or none (``user.not_found``), for one who has set a password
    (``user.not_invited``: they use "forgot password") and for a disabled one (``user.resend_disabled``:
    enable them first, their link would not work).
    """
    email = normalise_email(email)[:254]
    with write_transaction(db):
        user = _colleague(db, dealer, email)
        if not user.invited:
            raise Conflict("user.not_invited", {"email": email})
        if user.disabled:
            raise Conflict("user.resend_disabled", {"email": email})
        users.void_resets(db, user.id, now)
        token = _insert_reset(db, user.id, now, INVITE_TTL_S)
        record(db, dealer, actor, "user.invite_resend", email)
    return user, token


def _checked_new(email: str, lang: str, role: str) -> str:
    """The normalised e-mail of a new user, after checking it, ``lang`` and ``role`` (:class:`Invalid`)."""
    email = normalise_email(email)
    if not plausible_email(email):
        raise Invalid([FieldProblem(field="email", code="user.email_invalid", params={"email": email})],
                      code="user.invalid")
    _check_lang(lang)
    _check_role(role)
    return email


def check_password(password: str) -> None:
    """Raise :class:`Invalid` (field ``password``) when ``password`` is too short or too long to be used."""
    if len(password) < MIN_PASSWORD:
        raise Invalid([FieldProblem(field="password", code="user.password_short", params={"min": MIN_PASSWORD})],
                      code="user.invalid")
    if len(password) > MAX_PASSWORD:
        raise Invalid([FieldProblem(field="password", code="user.password_long", params={"max": MAX_PASSWORD})],
                      code="user.invalid")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise Invalid([FieldProblem(field="lang", code="user.lang_invalid",
                                    params={"langs": ", ".join(LANGS), "lang": lang})], code="user.invalid")


def create_user(db: sqlite_utils.Database, dealer: str, email: str, name: str = "", lang: str = "nl",
                password: str | None = None, role: str = OWNER) -> User:
    """A new login for ``dealer`` with ``role``; without ``password`` it cannot log in until a reset link is used.

    Raises :class:`Invalid` for an implausible e-mail, an unknown language or role or an
    unusable password, :class:`Conflict` (``user.email_taken``) when the e-mail has a login already.
    """
    email = _checked_new(email, lang, role)
    if password is not None:
        check_password(password)
    stored = hash_password(password) if password is not None else ""
    with write_transaction(db):
        if users.email_taken(db, email):
            raise Conflict("user.email_taken", {"email": email})
        user_id = users.insert_user(db, dealer, email, name.strip()[:200], stored, lang, _now_iso(), role)
    user = get_user(db, user_id)
    assert user is not None
    return user


def set_password(db: sqlite_utils.Database, user_id: int, password: str) -> None:
    """Replace the password and end every session of the user (:class:`Invalid` for an unusable one)."""
    check_password(password)
    stored = hash_password(password)
    with write_transaction(db):
        users.set_password_hash(db, user_id, stored)


def set_lang(db: sqlite_utils.Database, user_id: int, lang: str) -> None:
    """The language the back office speaks to this user."""
    _check_lang(lang)
    with write_transaction(db):
        users.set_lang(db, user_id, lang)


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
    login = users.login_row(db, email)
    limits, known = _limits(db, email, client, login.id if login else None, device)
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
    stored = login.password_hash if login and login.password_hash else _DUMMY
    matches = verify_password(password[:MAX_PASSWORD], stored) and len(password) <= MAX_PASSWORD
    if not (matches and login is not None and login.password_hash and login.disabled_at is None):
        return LoginResult(user=None)  # the failure was counted before the check
    with write_transaction(db):
        clear_failures(db, limits[0].key)
        # The address keeps its other failures (a success of one account must not wipe a
        # stranger's count); only this try's pending one is taken back.
        for limit in limits[1:]:
            settle_failure(db, limit.key)
    user = get_user(db, login.id)
    return LoginResult(user=user, device=device if known else new_device_token(db, login.id))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_password_link(base_url: str, token: str) -> str:
    """The back-office page where a set-password or reset token is used (the CLI prints it, the reset mail sends it)."""
    return f"{base_url.rstrip('/')}/admin/reset/{token}"


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
    users.delete_old_resets(db, now - 86_400)
    users.insert_reset(db, _token_hash(token), user_id, now + ttl_s)
    return token


def _live(reset: users.ResetRow | None, now: float) -> bool:
    # A disabled user's link is dead even if it was sent before they were disabled.
    return reset is not None and reset.used_at is None and reset.expires_at >= now and reset.user_disabled_at is None


def reset_user(db: sqlite_utils.Database, token: str, now: float) -> User | None:
    """The user a still valid, unused reset token belongs to, or None."""
    reset = users.reset_row(db, _token_hash(token[:200]))
    if reset is None or not _live(reset, now):
        return None
    user = get_user(db, reset.user_id)
    return None if user is None or user.disabled else user


def use_reset(db: sqlite_utils.Database, token: str, password: str, now: float) -> User | None:
    """Set a new password with a reset token (once); ends every session of the user. None when the token is no good.

    Raises :class:`Invalid` for a password that cannot be used (the token stays valid).
    """
    check_password(password)
    stored = hash_password(password)
    digest = _token_hash(token[:200])
    with write_transaction(db):
        reset = users.reset_row(db, digest)
        if reset is None or not _live(reset, now):
            return None
        # Every other link of this user dies too: one reset per e-mailed batch.
        users.use_reset_token(db, digest, reset.user_id, now)
        users.set_password_hash(db, reset.user_id, stored)
    return get_user(db, reset.user_id)
