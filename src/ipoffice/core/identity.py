"""Users, roles, API bearer tokens and browser sessions.

Tokens and session ids are random 256-bit values shown once; only their SHA-256 digests are
stored, so a copy of the database does not let anyone log in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
)
from ipoffice.core.models import ApiToken, LoginFailure, User, UserRole, WebSession
from ipoffice.core.passwords import (
    MIN_PASSWORD_LENGTH,
    LockoutPolicy,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)
from ipoffice.core.roles import Role
from ipoffice.db.base import utcnow

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request."""

    user_id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    party_id: int | None
    region_code: str | None
    via_token: bool = False

    @property
    def actor(self) -> audit.Actor:
        return audit.Actor(id=self.user_id, name=self.username)

    def has_any(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)

    def require_any(self, roles: frozenset[Role], what: str) -> None:
        """Refuse `what` (e.g. "reviewing a finding") unless the caller holds one of `roles`."""
        if not self.has_any(roles):
            names = ", ".join(sorted(r.value for r in roles))
            raise PermissionDenied(f"{what} needs one of the roles: {names}")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def principal_of(user: User, *, via_token: bool = False) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=frozenset(Role(r) for r in user.roles),
        party_id=user.party_id,
        region_code=user.region_code,
        via_token=via_token,
    )


def do_create_user(
    session: Session,
    *,
    actor: audit.Actor,
    username: str,
    display_name: str,
    password: str,
    roles: frozenset[Role],
    party_id: int | None = None,
    region_code: str | None = None,
) -> User:
    """Create a user with its roles; the password is stored as an Argon2id hash."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise InvalidInput(
            "username must be 3-64 characters: lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            field="username",
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"password must have at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if not roles:
        raise InvalidInput("a user needs at least one role", field="roles")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"username {username!r} is already taken", field="username")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=hash_password(password),
        party_id=party_id,
        region_code=region_code,
        role_rows=[UserRole(role=r.value) for r in sorted(roles)],
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create_user",
        entity="user",
        entity_id=user.id,
        payload={"username": username, "roles": sorted(r.value for r in roles)},
    )
    return user


def authenticate(
    session: Session, *, username: str, password: str, policy: LockoutPolicy | None = None
) -> User | None:
    """The active user with these credentials, or None (same work either way). With a policy,
    failures are recorded and a username with too many recent failures is refused outright;
    the caller must commit even when None is returned, so the failure is kept."""
    name = username.strip().lower()
    if policy is not None:
        since = utcnow() - policy.window
        recent = session.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.username == name, LoginFailure.at > since)
        )
        if (recent or 0) >= policy.max_failures:
            minutes = int(policy.window.total_seconds() // 60)
            raise TooManyAttempts(
                f"too many failed logins for this username; try again in {minutes} minutes",
                field="username",
            )
    user = session.scalar(select(User).where(User.username == name))
    if user is None or not user.is_active:
        verify_password(dummy_hash(), password)
        user = None
    elif not verify_password(user.password_hash, password):
        user = None
    if user is None:
        if policy is not None:
            session.add(LoginFailure(username=name[:64]))
            session.flush()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def do_issue_token(
    session: Session, *, user: User, name: str, lifetime: timedelta
) -> tuple[ApiToken, str]:
    """A new bearer token; the plain value is returned once and never stored."""
    plain = "ipo_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name[:100] or "api",
        token_hash=digest(plain),
        expires_at=utcnow() + lifetime,
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor=audit.Actor(user.id, user.username),
        action="issue_token",
        entity="api_token",
        entity_id=token.id,
        payload={"name": token.name, "expires_at": token.expires_at},
    )
    return token, plain


def do_revoke_token(session: Session, *, principal: Principal, plain: str) -> None:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(plain)))
    if token is None or token.user_id != principal.user_id:
        raise NotFound("no such token for this user")
    token.revoked_at = utcnow()
    audit.record(
        session,
        actor=principal.actor,
        action="revoke_token",
        entity="api_token",
        entity_id=token.id,
        payload={},
    )


def user_for_token(session: Session, plain: str) -> User | None:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(plain)))
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        return None
    user = session.get(User, token.user_id)
    return user if user is not None and user.is_active else None


def do_start_session(session: Session, *, user: User, lifetime: timedelta) -> str:
    """Log a user in from a browser; returns the cookie value."""
    plain = secrets.token_urlsafe(32)
    row = WebSession(user_id=user.id, token_hash=digest(plain), expires_at=utcnow() + lifetime)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=audit.Actor(user.id, user.username),
        action="login",
        entity="web_session",
        entity_id=row.id,
        payload={},
    )
    return plain


def user_for_session(session: Session, plain: str) -> User | None:
    row = session.scalar(select(WebSession).where(WebSession.token_hash == digest(plain)))
    if row is None or row.ended_at is not None or row.expires_at <= utcnow():
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def do_end_session(session: Session, *, plain: str) -> None:
    row = session.scalar(select(WebSession).where(WebSession.token_hash == digest(plain)))
    if row is None or row.ended_at is not None:
        return
    row.ended_at = utcnow()
    audit.record(
        session,
        actor=audit.Actor(row.user_id, f"user:{row.user_id}"),
        action="logout",
        entity="web_session",
        entity_id=row.id,
        payload={},
    )
