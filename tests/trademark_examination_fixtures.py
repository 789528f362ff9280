"""Helpers of the trademark examination tests: a trademark brought to a given stage through
the services, and the principals of the people involved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ipoffice.applications.schemas import ApplicationCreate
from ipoffice.applications.service import do_change_status, do_file_application, get_by_number
from ipoffice.applications.workflow import Kind, Status
from ipoffice.core import audit
from ipoffice.core.identity import Principal, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.trademarks.examination import do_announce_trademark
from ipoffice.trademarks.examination_schemas import AnnouncementCreate
from tests.conftest import Account, Factory


def principal(db: Database, account: Account) -> Principal:
    with db.session(write=False) as session:
        user = session.get(User, account.user_id)
        assert user is not None
        return principal_of(user)


@dataclass
class Cast:
    """The people of a trademark case: its applicant, an examiner, a third party, an agent."""

    applicant: Account
    examiner: Account
    third_party: Account
    agent: Account
    applicant_p: Principal
    examiner_p: Principal
    third_party_p: Principal
    agent_p: Principal


def cast(db: Database, factory: Factory) -> Cast:
    applicant = factory.account(Role.APPLICANT)
    examiner = factory.account(Role.EXAMINER)
    third = factory.account(Role.APPLICANT)
    agent = factory.account(Role.AGENT)
    return Cast(
        applicant,
        examiner,
        third,
        agent,
        principal(db, applicant),
        principal(db, examiner),
        principal(db, third),
        principal(db, agent),
    )


def mark_in_examination(
    db: Database,
    people: Cast,
    *,
    filing: date = date(2026, 1, 5),
    title: str = "瑞澜",
    classes: tuple[int, ...] = (9, 35),
) -> str:
    """A trademark of `people.applicant` in substantive examination; returns its number."""
    with db.session(write=True) as session:
        application, _ = do_file_application(
            session,
            actor=audit.SYSTEM,
            principal=None,
            data=ApplicationCreate(
                kind=Kind.TRADEMARK,
                title=title,
                nice_classes=list(classes),
                applicant_id=people.applicant.party_id,
            ),
            filing_date=filing,
        )
        number = application.number
        for version, target in enumerate(
            [Status.FORMALITY_EXAMINATION, Status.SUBSTANTIVE_EXAMINATION], start=1
        ):
            do_change_status(
                session,
                principal=people.examiner_p,
                number=number,
                target=target,
                expected_version=version,
                on=filing,
            )
    return number


def version(db: Database, number: str) -> int:
    with db.session(write=False) as session:
        return get_by_number(session, number).version


def announced_mark(
    db: Database, people: Cast, announced: date, *, issue: str = "1890", **kwargs: object
) -> str:
    """A trademark preliminarily approved and announced on `announced`."""
    number = mark_in_examination(db, people, **kwargs)  # type: ignore[arg-type]
    with db.session(write=True) as session:
        do_announce_trademark(
            session,
            principal=people.examiner_p,
            number=number,
            data=AnnouncementCreate(issue_number=issue, announced_on=announced, expected_version=3),
            today=announced,
        )
    return number
