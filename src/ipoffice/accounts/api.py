"""Accounts API: bearer tokens, the caller's identity, users, audit verification."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from ipoffice.accounts.schemas import AuditStatus, TokenIssued, TokenRequest, UserCreate, UserRead
from ipoffice.core import audit
from ipoffice.core.divisions import validate_division_code
from ipoffice.core.errors import InvalidInput, NotAuthenticated
from ipoffice.core.identity import (
    Principal,
    authenticate,
    do_create_user,
    do_issue_token,
    do_revoke_token,
)
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.parties.service import get_party
from ipoffice.settings import Settings
from ipoffice.web.access import DbSession, allow, public

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def user_read(user: User) -> UserRead:
    return UserRead(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=sorted(Role(r) for r in user.roles),
        party_id=user.party_id,
        region_code=user.region_code,
        is_active=user.is_active,
    )


@router.post(
    "/auth/token",
    response_model=TokenIssued,
    status_code=201,
    responses={401: {"description": "Wrong credentials"}, 429: {"description": "Locked out"}},
)
def issue_token(
    data: TokenRequest, request: Request, session: DbSession, _: Principal | None = public()
) -> TokenIssued | JSONResponse:
    """Exchange a username and password for a bearer token. Repeated failures for a username
    lock it out for a while (`IPOFFICE_LOGIN_MAX_FAILURES`, `IPOFFICE_LOGIN_LOCKOUT_MINUTES`)."""
    settings = cast(Settings, request.app.state.settings)
    user = authenticate(
        session, username=data.username, password=data.password, policy=settings.lockout
    )
    if user is None:
        # Answered, not raised, so the transaction commits and the failure is counted.
        error = NotAuthenticated("wrong username or password")
        return JSONResponse({"error": error.as_dict()}, status_code=error.status_code)
    token, plain = do_issue_token(
        session, user=user, name=data.name, lifetime=timedelta(days=settings.token_days)
    )
    return TokenIssued(token=plain, expires_at=token.expires_at)


@router.delete("/auth/token", status_code=204)
def revoke_token(request: Request, session: DbSession, principal: Principal = allow()) -> None:
    """Revoke the bearer token this request was made with."""
    header = request.headers.get("authorization", "")
    if not principal.via_token:
        raise InvalidInput("this request was not made with a bearer token", field="Authorization")
    do_revoke_token(session, principal=principal, plain=header[7:].strip())


@router.get("/me", response_model=UserRead)
def me(session: DbSession, principal: Principal = allow()) -> UserRead:
    user = session.get(User, principal.user_id)
    assert user is not None
    return user_read(user)


@router.get("/users", response_model=list[UserRead])
def list_users(session: DbSession, _: Principal = allow(Role.ADMINISTRATOR)) -> list[UserRead]:
    return [user_read(u) for u in session.scalars(select(User).order_by(User.username))]


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(
    data: UserCreate, session: DbSession, principal: Principal = allow(Role.ADMINISTRATOR)
) -> UserRead:
    if data.party_id is not None:
        get_party(session, data.party_id)
    region = validate_division_code(data.region_code) if data.region_code else None
    user = do_create_user(
        session,
        actor=principal.actor,
        username=data.username,
        display_name=data.display_name,
        password=data.password,
        roles=frozenset(data.roles),
        party_id=data.party_id,
        region_code=region,
    )
    return user_read(user)


@router.get("/audit/verify", response_model=AuditStatus)
def verify_audit(session: DbSession, _: Principal = allow(Role.ADMINISTRATOR)) -> AuditStatus:
    """Recompute the audit hash chain and report the first record that does not fit."""
    result = audit.verify(session)
    return AuditStatus(
        ok=result.ok,
        checked=result.checked,
        first_bad_seq=result.first_bad_seq,
        message=result.describe(),
    )
