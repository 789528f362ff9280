"""The protection demo: dispute cases in every state across three bureaus, clues between them,
credit records and typical cases, made through the services, the same on every machine."""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import select

from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.identity import do_create_user, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.demo.protection import seed_protection
from ipoffice.demo.seed import DEMO_PASSWORD, DEMO_SEED, DEMO_TODAY
from ipoffice.protection.case_models import DisputeCase
from ipoffice.protection.case_reports_query import case_report
from ipoffice.protection.case_service import list_cases
from ipoffice.protection.clue_models import ProtectionClue
from ipoffice.protection.credit_models import CreditListing
from ipoffice.protection.typical_models import TypicalCase


def _seed(url: str) -> list[tuple[str, str, str]]:
    db = Database(url)
    with db.session(write=True) as session:
        officer = do_create_user(
            session,
            actor=audit.SYSTEM,
            username="officer",
            display_name="王芳（执法人员）",
            password=DEMO_PASSWORD,
            roles=frozenset({Role.ENFORCEMENT_OFFICER}),
            region_code="440300",
        )
        made = seed_protection(
            session,
            random.Random(DEMO_SEED + 23),
            officer=officer,
            today=DEMO_TODAY,
            password=DEMO_PASSWORD,
        )
        assert (made.clues, made.credit_records, made.typical_cases) == (4, 3, 3)
    with db.session(write=False) as session:
        rows = session.execute(
            select(DisputeCase.number, DisputeCase.status, DisputeCase.received_on).order_by(
                DisputeCase.number
            )
        ).all()
        assert len(rows) == made.cases
    db.dispose()
    return [(n, s, d.isoformat()) for n, s, d in rows]


def test_demo_desks_are_realistic_and_deterministic(
    db_url: str, sqlite_url: str, cal: WorkingDayCalendar
) -> None:
    cases = _seed(db_url)
    assert cases == _seed(sqlite_url)
    db = Database(db_url)
    by_region = Counter(number.split("-")[1] for number, _s, _d in cases)
    assert set(by_region) == {"440300", "440100", "330100"} and by_region["440300"] >= 15
    statuses = {status for _n, status, _d in cases}
    assert {"received", "accepted", "handling", "suspended", "mediated", "decided"} <= statuses
    assert {"refused", "withdrawn"} <= statuses
    with db.session(write=False) as session:
        officer = principal_of(
            session.scalars(select(User).where(User.username == "officer")).one()
        )
        overdue, total = list_cases(
            session, officer, today=DEMO_TODAY, calendar=cal, flag="overdue"
        )
        assert total >= 2 and all(c.case.region_code == "440300" for c in overdue)
        clues = Counter(session.scalars(select(ProtectionClue.status)))
        assert clues == Counter({"handling": 1, "answered": 1, "sent": 2})
        assert len(session.scalars(select(CreditListing.id)).all()) == 3
        published = session.scalars(
            select(TypicalCase.id).where(TypicalCase.status == "published")
        ).all()
        assert len(published) == 2
        report = case_report(
            session, officer, region=None, first="2026-01", last="2026-10", today=DEMO_TODAY,
            calendar=cal,
        )  # fmt: skip
        totals = report.totals()
        assert sum(t.received for t in totals) >= 10 and sum(t.closed for t in totals) >= 5
        assert totals[-1].overdue >= 2 and totals[-1].open_at_end >= 5
        assert audit.verify(session).ok
    db.dispose()
