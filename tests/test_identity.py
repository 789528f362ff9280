"""Passwords, tokens and sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ipoffice.core import audit
from ipoffice.core.errors import Conflict, InvalidInput
from ipoffice.core.identity import (
    authenticate,
    do_create_user,
    do_end_session,
    do_issue_token,
    do_start_session,
    user_for_session,
    user_for_token,
)
from ipoffice.core.models import ApiToken, AuditRecord, User
from ipoffice.core.passwords import hash_password, verify_password
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database


def test_passwords_are_argon2id() -> None:
    stored = hash_password("a long passphrase")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(stored, "a long passphrase")
    assert not verify_password(stored, "a long passphrasE")
    assert not verify_password("not-a-hash", "x")


def _user(db: Database, name: str = "examiner.li") -> int:
    with db.session(write=True) as session:
        return do_create_user(
            session,
            actor=audit.SYSTEM,
            username=name,
            display_name="李审查员",
            password="long-enough-password",
            roles=frozenset({Role.EXAMINER}),
        ).id


def test_create_and_authenticate(db: Database) -> None:
    _user(db)
    with db.session(write=True) as session:
        assert authenticate(session, username=" Examiner.Li ", password="long-enough-password")
        assert authenticate(session, username="examiner.li", password="wrong") is None
        assert authenticate(session, username="nobody", password="x") is None
        stored = session.scalar(select(User.password_hash))
        assert stored is not None and "long-enough-password" not in stored
    with pytest.raises(Conflict):
        _user(db)
    with db.session(write=True) as session, pytest.raises(InvalidInput, match="username"):
        do_create_user(
            session,
            actor=audit.SYSTEM,
            username="x",
            display_name="",
            password="long-enough-password",
            roles=frozenset({Role.EXAMINER}),
        )


def test_tokens_are_stored_as_digests_and_expire(db: Database) -> None:
    user_id = _user(db)
    with db.session(write=True) as session:
        user = session.get(User, user_id)
        assert user is not None
        _token, plain = do_issue_token(session, user=user, name="ci", lifetime=timedelta(days=1))
        _old, expired = do_issue_token(session, user=user, name="old", lifetime=timedelta(0))
    with db.session(write=False) as session:
        assert plain not in {t.token_hash for t in session.scalars(select(ApiToken))}
        found = user_for_token(session, plain)
        assert found is not None and found.id == user_id
        assert user_for_token(session, expired) is None
        assert user_for_token(session, "ipo_unknown") is None


def test_sessions_end_on_logout(db: Database) -> None:
    user_id = _user(db)
    with db.session(write=True) as session:
        user = session.get(User, user_id)
        assert user is not None
        cookie = do_start_session(session, user=user, lifetime=timedelta(hours=1))
    with db.session(write=False) as session:
        assert user_for_session(session, cookie) is not None
    with db.session(write=True) as session:
        do_end_session(session, plain=cookie)
    with db.session(write=False) as session:
        assert user_for_session(session, cookie) is None
        actions = list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.seq)))
    assert actions == ["create_user", "login", "logout"]
