"""Shared fixtures: a fresh database per test on SQLite and on a real PostgreSQL server.

Tests that take the `db_url` fixture (directly or through `app`/`client`) run twice, once per
backend. The PostgreSQL server is started once per session in a temporary directory on
loopback, and each test gets its own database cloned from a migrated template.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipoffice.app import create_app
from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.identity import do_create_user, do_issue_token
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.db.migrate import upgrade
from ipoffice.parties.schemas import PartyCreate
from ipoffice.parties.service import do_create_party
from ipoffice.settings import Settings
from ipoffice.testing.postgres import TemporaryPostgres

PASSWORD = "correct-horse-battery"
_counter = itertools.count()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[TemporaryPostgres]:
    server = TemporaryPostgres().start()
    template = Database(server.url("postgres"))
    server.execute("CREATE DATABASE ipoffice_template")
    template.dispose()
    migrated = Database(server.url("ipoffice_template"))
    upgrade(migrated.engine)
    migrated.dispose()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    if request.param == "sqlite":
        target = tmp_path / "ipoffice.db"
        shutil.copy(sqlite_template, target)
        yield f"sqlite:///{target}"
        return
    server: TemporaryPostgres = request.getfixturevalue("postgres_server")
    name = f"t{next(_counter)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE ipoffice_template")
    yield server.url(name)
    server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only, for tests of behaviour that does not depend on the backend."""
    target = tmp_path / "sqlite-only.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(home=tmp_path, database_url=db_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, migrate=False)
    with TestClient(app, base_url="https://testserver") as test_client:
        yield test_client
    app.state.db.dispose()


@dataclass
class Account:
    user_id: int
    username: str
    party_id: int | None
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Factory:
    """Builds parties and users straight through the services (no HTTP)."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def party(self, **fields: object) -> int:
        data = {"kind": "organisation", "name_zh": f"测试公司{next(_counter)}有限公司", **fields}
        with self.db.session(write=True) as session:
            return do_create_party(
                session, actor=audit.SYSTEM, data=PartyCreate.model_validate(data)
            ).id

    def account(self, role: Role, *, party_id: int | None = None, username: str = "") -> Account:
        if role in (Role.APPLICANT, Role.AGENT) and party_id is None:
            party_id = self.party(is_agency=role == Role.AGENT)
        username = username or f"{role.value.replace('_', '-')}{next(_counter)}"
        with self.db.session(write=True) as session:
            user = do_create_user(
                session,
                actor=audit.SYSTEM,
                username=username,
                display_name=username,
                password=PASSWORD,
                roles=frozenset({role}),
                party_id=party_id,
            )
            _token, plain = do_issue_token(
                session, user=user, name="test", lifetime=timedelta(days=1)
            )
            return Account(user.id, username, party_id, plain)


@pytest.fixture
def cal() -> WorkingDayCalendar:
    """The calendar with the package's data and the project's own overrides only."""
    return WorkingDayCalendar()


@pytest.fixture
def factory(db: Database) -> Factory:
    return Factory(db)


@pytest.fixture
def client_db(client: TestClient) -> Database:
    """The app's own Database, for tests that look behind the API."""
    database: Database = client.app.state.db  # type: ignore[attr-defined]
    return database


@pytest.fixture
def api_factory(client_db: Database) -> Factory:
    return Factory(client_db)
