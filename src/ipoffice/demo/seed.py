"""`ipoffice demo seed`: deterministic demo parties, users and applications.

Same seed, same data: the generator is a fixed-seed PRNG and every date is computed from
DEMO_TODAY, not from the clock, so two fresh machines show the same platform.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.applications.schemas import ApplicationCreate
from ipoffice.applications.service import do_change_status, do_file_application
from ipoffice.applications.workflow import (
    FINAL_STATUSES,
    Kind,
    Status,
    next_statuses,
    transition_for,
)
from ipoffice.core import audit
from ipoffice.core.calendar import default_calendar
from ipoffice.core.identifiers import org_code_check_char, uscc_check_char
from ipoffice.core.identity import Principal, do_create_user, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.demo import names
from ipoffice.demo.documents import seed_documents
from ipoffice.demo.marks import seed_marks
from ipoffice.demo.protection import seed_protection
from ipoffice.parties.models import Party
from ipoffice.parties.schemas import PartyCreate
from ipoffice.parties.service import do_create_party
from ipoffice.trademarks.examination import (
    do_announce_trademark,
    do_refuse_trademark,
    do_register_trademark,
)
from ipoffice.trademarks.examination_schemas import AnnouncementCreate, RefusalCreate

DEMO_SEED = 20260101
DEMO_TODAY = date(2026, 11, 20)
DEMO_PASSWORD = "demo-password-2026"
ORG_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    display_name: str


DEMO_USERS: list[DemoUser] = [
    DemoUser("applicant", Role.APPLICANT, "华瑞电子（申请人）"),
    DemoUser("agent", Role.AGENT, "张敏（代理师）"),
    DemoUser("examiner", Role.EXAMINER, "李强（审查员）"),
    DemoUser("officer", Role.ENFORCEMENT_OFFICER, "王芳（执法人员）"),
    DemoUser("evaluator", Role.ZONE_EVALUATOR, "陈静（评估人员）"),
    DemoUser("admin", Role.ADMINISTRATOR, "系统管理员"),
]


@dataclass(frozen=True)
class SeedReport:
    parties: int
    users: int
    applications: int
    documents: int = 0
    skipped: bool = False
    marks: int = 0
    dispute_cases: int = 0


def fake_uscc(rng: random.Random, region: str) -> str:
    """A well-formed code (enterprise, 91) with valid check characters; not a real entity's."""
    body = "".join(rng.choice(ORG_CODE_ALPHABET[:10]) for _ in range(8))
    org = body + org_code_check_char(body)
    first17 = "91" + region + org
    return first17 + uscc_check_char(first17)


def _company(rng: random.Random) -> PartyCreate:
    city_zh, city_en, region = rng.choice(names.CITIES)
    a, b = rng.sample(names.BRAND_SYLLABLES, 2)
    ind_zh, ind_en = rng.choice(names.INDUSTRIES)
    return PartyCreate(
        kind="organisation",
        name_zh=f"{city_zh}{a[0]}{b[0]}{ind_zh}有限公司",
        name_en=f"{city_en} {a[1]}{b[1].lower()} {ind_en} Co., Ltd.",
        uscc=fake_uscc(rng, region),
        region_code=region,
    )


def _person(rng: random.Random) -> PartyCreate:
    _city_zh, _city_en, region = rng.choice(names.CITIES)
    given = "".join(rng.choice(names.GIVEN) for _ in range(rng.choice((1, 2))))
    return PartyCreate(
        kind="person", name_zh=rng.choice(names.SURNAMES) + given, region_code=region
    )


def _parties(session: Session, rng: random.Random) -> tuple[list[Party], Party]:
    shapes: list[PartyCreate] = [_company(rng) for _ in range(24)]
    shapes += [
        PartyCreate(kind="organisation", name_zh=zh, name_en=en, region_code=code)
        for zh, en, code in names.UNIVERSITIES
    ]
    shapes += [
        PartyCreate(kind="organisation", name_en=n, country=("US", "DE", "GB", "US")[i])
        for i, n in enumerate(names.FOREIGN_COMPANIES)
    ]
    shapes += [_person(rng) for _ in range(8)]
    applicants = [do_create_party(session, actor=audit.SYSTEM, data=s) for s in shapes]
    agency = do_create_party(
        session,
        actor=audit.SYSTEM,
        data=PartyCreate(
            kind="organisation",
            is_agency=True,
            name_zh="北京华智知识产权代理有限公司",
            name_en="Beijing Huazhi IP Agency Co., Ltd.",
            uscc=fake_uscc(rng, "110108"),
            region_code="110108",
        ),
    )
    return applicants, agency


def _users(session: Session, applicant: Party, agency: Party) -> dict[Role, User]:
    links = {Role.APPLICANT: applicant.id, Role.AGENT: agency.id}
    regions = {Role.ENFORCEMENT_OFFICER: "440300", Role.ZONE_EVALUATOR: "320500"}
    users = {}
    for demo in DEMO_USERS:
        users[demo.role] = do_create_user(
            session,
            actor=audit.SYSTEM,
            username=demo.username,
            display_name=demo.display_name,
            password=DEMO_PASSWORD,
            roles=frozenset({demo.role}),
            party_id=links.get(demo.role),
            region_code=regions.get(demo.role),
        )
    return users


def _title(rng: random.Random, kind: Kind) -> tuple[str, str, list[int] | None]:
    if kind == Kind.TRADEMARK:
        a, b = rng.sample(names.BRAND_SYLLABLES, 2)
        suffix_zh, suffix_en = rng.choice(names.MARK_SUFFIXES)
        classes = sorted(rng.sample(range(1, 46), rng.choice((1, 1, 2, 3))))
        return f"{a[0]}{b[0]}{suffix_zh}", f"{a[1]}{b[1].lower()} {suffix_en}".strip(), classes
    if kind == Kind.DESIGN:
        zh, en = rng.choice(names.DESIGN_PRODUCTS)
        return zh, en.capitalize(), None
    feature_zh, feature_en = rng.choice(names.FEATURES)
    # Subjects with known technical features, so each gets claims and prior art.
    object_zh, object_en = rng.choice([o for o in names.OBJECTS if o[0] in names.ELEMENTS])
    suffixes = names.METHOD_SUFFIXES if kind == Kind.INVENTION else names.DEVICE_SUFFIXES
    suffix_zh, suffix_en = rng.choice(suffixes)
    zh = f"一种{feature_zh}{object_zh}{suffix_zh}"
    en = f"{feature_en.capitalize()} {object_en} {suffix_en}"
    return zh, en, None


# Typical months from one status to the next, to spread the demo's timelines realistically.
STEP_MONTHS: dict[Status, tuple[int, int]] = {
    Status.PRELIMINARY_EXAMINATION: (0, 1),
    Status.PUBLISHED: (4, 17),
    Status.SUBSTANTIVE_EXAMINATION: (1, 4),
    Status.GRANTED: (6, 14),
    Status.FORMALITY_EXAMINATION: (0, 1),
    Status.PRELIMINARY_APPROVAL: (3, 6),
    # After the 3-month opposition period, moved past a holiday at most by about a week.
    Status.REGISTERED: (4, 5),
}


def _advance(
    session: Session,
    rng: random.Random,
    examiner: Principal,
    number: str,
    kind: Kind,
    filed: date,
) -> None:
    """Walk the application along its workflow while the demo calendar allows."""
    current, on, version = Status.FILED, filed, 1
    while current not in FINAL_STATUSES:
        options = [s for s in next_statuses(kind, current) if s in STEP_MONTHS]
        if not options:
            break
        # Now and then an application is rejected instead of progressing.
        if rng.random() < 0.06:
            refusal = Status.REFUSED if kind == Kind.TRADEMARK else Status.REJECTED
            if refusal in next_statuses(kind, current):
                options = [refusal]
        target = options[0]
        low, high = STEP_MONTHS.get(target, (2, 8))
        on = on + timedelta(days=rng.randint(low * 30, high * 30 + 15))
        if on > DEMO_TODAY or rng.random() < 0.08:
            break
        _step(session, examiner, number, kind, current, target, version, on)
        current, version = target, version + 1


def _step(
    session: Session,
    examiner: Principal,
    number: str,
    kind: Kind,
    current: Status,
    target: Status,
    version: int,
    on: date,
) -> None:
    """One status change, by the action that keeps its record where the workflow names one."""
    transition = transition_for(kind, current, target)
    if transition is None or transition.action is None:
        do_change_status(
            session,
            principal=examiner,
            number=number,
            target=target,
            expected_version=version,
            on=on,
        )
    elif target == Status.PRELIMINARY_APPROVAL:
        # Gazette issues are weekly; the demo numbers them by week from 2022.
        issue = str(1780 + (on - date(2022, 1, 1)).days // 7)
        data = AnnouncementCreate(issue_number=issue, announced_on=on, expected_version=version)
        do_announce_trademark(
            session, principal=examiner, number=number, data=data, today=DEMO_TODAY
        )
    elif target == Status.REFUSED:
        refusal = RefusalCreate(
            scope="whole",
            grounds=["art11"],
            reasons="该商标缺乏显著特征。/ The mark lacks distinctive character.",
            decided_on=on,
            notice_dispatched_on=on,
            expected_version=version,
        )
        do_refuse_trademark(
            session, principal=examiner, number=number, data=refusal, today=DEMO_TODAY
        )
    elif target == Status.REGISTERED:
        do_register_trademark(
            session,
            principal=examiner,
            number=number,
            expected_version=version,
            on=on,
            calendar=default_calendar(),
        )
    else:
        raise ValueError(f"the demo has no step for {transition.action}")


def seed(session: Session, *, applications: int = 240, marks: int | None = None) -> SeedReport:
    """Fill an empty platform with demo data; a second run changes nothing. The trademark
    register gets `marks` marks (default: twice the applications, at most 300)."""
    if session.scalar(select(User.id).where(User.username == "admin")) is not None:
        return SeedReport(0, 0, 0, skipped=True)
    rng = random.Random(DEMO_SEED)
    applicants, agency = _parties(session, rng)
    users = _users(session, applicants[0], agency)
    examiner = principal_of(users[Role.EXAMINER])
    agent = principal_of(users[Role.AGENT])
    kinds = (
        [Kind.INVENTION] * 5 + [Kind.UTILITY_MODEL] * 3 + [Kind.DESIGN] * 2 + [Kind.TRADEMARK] * 3
    )
    span = (DEMO_TODAY - date(2022, 1, 1)).days
    filings = sorted(
        (date(2022, 1, 1) + timedelta(days=rng.randint(0, span)), i) for i in range(applications)
    )
    for filed, _i in filings:
        kind = rng.choice(kinds)
        applicant = rng.choice(applicants)
        title, title_en, classes = _title(rng, kind)
        foreign = applicant.country != "CN"
        data = ApplicationCreate(
            kind=kind,
            title=title_en if foreign else title,
            title_en=None if foreign else title_en,
            lang="en" if foreign else "zh",
            applicant_id=applicant.id,
            nice_classes=classes,
            priority_date=filed - timedelta(days=rng.randint(30, 170))
            if foreign and kind != Kind.TRADEMARK
            else None,
        )
        via_agent = foreign or rng.random() < 0.5
        application, _ = do_file_application(
            session,
            actor=agent.actor if via_agent else audit.SYSTEM,
            principal=agent if via_agent else None,
            data=data,
            filing_date=filed,
        )
        _advance(session, rng, examiner, application.number, kind, filed)
    documents = seed_documents(session, rng)
    # Its own generator, so the register does not shift the data seeded before it.
    entered = seed_marks(
        session,
        random.Random(DEMO_SEED + 11),
        examiner=examiner,
        applicants=[a for a in applicants if a.name_zh],
        today=DEMO_TODAY,
        count=marks if marks is not None else min(300, 2 * applications),
    )
    protection = seed_protection(
        session,
        random.Random(DEMO_SEED + 23),
        officer=users[Role.ENFORCEMENT_OFFICER],
        today=DEMO_TODAY,
        password=DEMO_PASSWORD,
    )
    return SeedReport(
        parties=len(applicants) + 1,
        users=len(users),
        applications=applications,
        documents=len(documents),
        marks=entered,
        dispute_cases=protection.cases,
    )
