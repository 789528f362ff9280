"""Running legal deadlines on applications, on the office's working-day calendar."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from ipoffice.app import create_app
from ipoffice.applications.models import Application
from ipoffice.applications.schemas import ApplicationCreate
from ipoffice.applications.service import do_change_status, do_file_application
from ipoffice.applications.workflow import Kind, Status
from ipoffice.core import audit
from ipoffice.core.identity import principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.settings import Settings
from ipoffice.trademarks.examination import do_announce_trademark
from ipoffice.trademarks.examination_schemas import AnnouncementCreate
from tests.conftest import Factory


def _announced_mark(db: Database, factory: Factory, announced: date) -> str:
    """A trademark preliminarily approved and announced on `announced`."""
    applicant = factory.party()
    examiner = factory.account(Role.EXAMINER)
    with db.session(write=True) as session:
        principal = principal_of(session.get(User, examiner.user_id))  # type: ignore[arg-type]
        application, _ = do_file_application(
            session,
            actor=audit.SYSTEM,
            principal=None,
            data=ApplicationCreate(
                kind=Kind.TRADEMARK, title="德瑞", nice_classes=[30], applicant_id=applicant
            ),
            filing_date=date(2026, 1, 5),
        )
        number = application.number
        steps = [Status.FORMALITY_EXAMINATION, Status.SUBSTANTIVE_EXAMINATION]
        for version, target in enumerate(steps, start=1):
            do_change_status(
                session,
                principal=principal,
                number=number,
                target=target,
                expected_version=version,
                on=date(2026, 2, 2),
            )
        announcement = AnnouncementCreate(
            issue_number="1900", announced_on=announced, expected_version=3
        )
        do_announce_trademark(
            session, principal=principal, number=number, data=announcement, today=announced
        )
    return number


def test_opposition_deadline_is_shown_with_its_source(
    client: TestClient, client_db: Database, api_factory: Factory
) -> None:
    # Announced 2026-06-28: 3 months end on 2026-09-28, a Monday working day.
    number = _announced_mark(client_db, api_factory, date(2026, 6, 28))
    deadlines = client.get(f"/api/v1/applications/{number}/status").json()["deadlines"]
    assert deadlines == [
        {
            "rule_id": "trademark.opposition",
            "label_zh": deadlines[0]["label_zh"],
            "label_en": deadlines[0]["label_en"],
            "start": "2026-06-28",
            "due": "2026-09-28",
            "moved_from": None,
            "source": "Trademark Law 2019 Art. 33",
            "problem": None,
        }
    ]
    page = client.get(f"/inquiry?number={number}")
    assert "2026-09-28" in page.text and "Trademark Law 2019 Art. 33" in page.text


def test_deadline_falling_on_national_day_moves_to_the_next_working_day(
    client: TestClient, client_db: Database, api_factory: Factory
) -> None:
    # Announced 2026-07-01: 3 months end on 2026-10-01, National Day; first working day 10-08.
    number = _announced_mark(client_db, api_factory, date(2026, 7, 1))
    deadline = client.get(f"/api/v1/applications/{number}/status").json()["deadlines"][0]
    assert (deadline["due"], deadline["moved_from"]) == ("2026-10-08", "2026-10-01")


def test_a_year_without_an_official_calendar_is_said_not_guessed(
    client: TestClient, client_db: Database, api_factory: Factory
) -> None:
    number = _announced_mark(client_db, api_factory, date(2026, 12, 1))
    deadline = client.get(f"/api/v1/applications/{number}/status").json()["deadlines"][0]
    assert deadline["due"] is None
    assert "2027" in deadline["problem"]


def test_an_office_adds_a_year_by_dropping_its_schedule_in_home(
    tmp_path: Path, factory: Factory, db: Database
) -> None:
    (tmp_path / "calendar").mkdir()
    schedule = {
        "year": 2027,
        "source": "TEST DATA, not the official 2027 schedule",
        "holidays": ["2027-03-01"],
        "makeup_workdays": [],
    }
    (tmp_path / "calendar" / "2027.json").write_text(json.dumps(schedule), encoding="utf-8")
    number = _announced_mark(db, factory, date(2026, 12, 1))
    app = create_app(Settings(home=tmp_path, database_url=db.url), migrate=False)
    with TestClient(app, base_url="https://testserver") as client:
        deadline = client.get(f"/api/v1/applications/{number}/status").json()["deadlines"][0]
    app.state.db.dispose()
    # 2027-03-01 is declared a holiday in the test schedule, so the period moves to 03-02.
    assert (deadline["due"], deadline["moved_from"]) == ("2027-03-02", "2027-03-01")
    with db.session(write=False) as session:
        assert session.query(Application).count() == 1
