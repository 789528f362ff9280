"""The demo data is deterministic; the CLI commands work and report errors plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from ipoffice.applications.models import Application
from ipoffice.cli import app as cli
from ipoffice.core import audit
from ipoffice.db.engine import Database
from ipoffice.demo.seed import DEMO_USERS, seed
from ipoffice.settings import get_settings

MIGRATIONS = Path(__file__).resolve().parent.parent / "src/ipoffice/db/migrations/versions"


def snapshot(url: str) -> list[tuple[str, str, str, str]]:
    db = Database(url)
    with db.session(write=False) as session:
        rows = session.execute(
            select(
                Application.number, Application.title, Application.status, Application.kind
            ).order_by(Application.number)
        ).all()
    db.dispose()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_demo_seed_is_deterministic_and_idempotent(db_url: str, sqlite_url: str) -> None:
    for url in (db_url, sqlite_url):
        database = Database(url)
        with database.session(write=True) as session:
            report = seed(session, applications=40)
        assert (report.applications, report.users) == (40, len(DEMO_USERS))
        with database.session(write=True) as session:
            assert seed(session).skipped
        with database.session(write=False) as session:
            assert audit.verify(session).ok
        database.dispose()
    first, second = snapshot(db_url), snapshot(sqlite_url)
    assert first == second
    assert len(first) == 40
    kinds = {row[3] for row in first}
    assert kinds == {"invention", "utility_model", "design", "trademark"}
    assert any("一种" in row[1] for row in first)


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IPOFFICE_HOME", str(tmp_path))
    monkeypatch.delenv("IPOFFICE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_upgrade_seed_verify_and_tamper(cli_home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    latest = max(p.name[:4] for p in MIGRATIONS.glob("0*.py"))
    assert f"revision {latest}" in result.output
    result = runner.invoke(cli, ["demo", "seed", "--applications", "12"])
    assert result.exit_code == 0, result.output
    assert "12 applications" in result.output
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output
    db = Database(f"sqlite:///{cli_home / 'ipoffice.db'}")
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_records_no_update"))
        conn.execute(text("UPDATE audit_records SET actor = 'mallory' WHERE seq = 7"))
    db.dispose()
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert "broken at record 7" in result.output


def test_cli_users_create_reports_errors_plainly(cli_home: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(
        cli, ["users", "create", "chief", "--role", "administrator", "--password", "long-enough-pw"]
    )
    assert ok.exit_code == 0, ok.output
    dup = runner.invoke(
        cli, ["users", "create", "chief", "--role", "examiner", "--password", "long-enough-pw"]
    )
    assert dup.exit_code == 2
    assert "already taken" in dup.output
    short = runner.invoke(
        cli, ["users", "create", "other", "--role", "examiner", "--password", "short"]
    )
    assert short.exit_code == 2 and "at least 10" in short.output
