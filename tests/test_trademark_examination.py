"""Trademark examination and proceedings through the services, on both backends: announce,
oppose, serve, answer, decide, register; refuse and review; late, duplicate, stale and
unauthorised attempts change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from ipoffice.applications.models import ApplicationEvent
from ipoffice.applications.service import get_by_number
from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar, YearSchedule
from ipoffice.core.errors import (
    CalendarNotCovered,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from ipoffice.core.models import AuditRecord
from ipoffice.db.engine import Database
from ipoffice.trademarks import proceedings
from ipoffice.trademarks.examination import (
    do_announce_trademark,
    do_record_notice_receipt,
    do_refuse_trademark,
    do_register_trademark,
)
from ipoffice.trademarks.examination_models import TrademarkProceeding, TrademarkRefusal
from ipoffice.trademarks.examination_schemas import (
    AnnouncementCreate,
    AnswerCreate,
    CloseRequest,
    DecisionCreate,
    ExtensionCreate,
    GoodsItem,
    NoticeReceipt,
    OppositionCreate,
    RefusalCreate,
    ReviewCreate,
    ServiceRecord,
)
from ipoffice.trademarks.examination_views import dossier, examination_queue
from ipoffice.trademarks.proceedings import do_file_opposition, do_request_review, get_proceeding
from ipoffice.trademarks.proceedings_actions import (
    do_answer_opposition,
    do_close_proceeding,
    do_decide_proceeding,
    do_extend_proceeding,
    do_serve_opposition,
)
from ipoffice.trademarks.tm_workflow import Outcome, ProceedingStatus
from tests.conftest import Factory
from tests.trademark_examination_fixtures import (
    Cast,
    announced_mark,
    cast,
    mark_in_examination,
    version,
)

CAL = WorkingDayCalendar()
STATEMENT = "被异议商标与异议人在先注册的第9类“瑞澜”商标构成类似商品上的近似商标。"


def _oppose(db: Database, people: Cast, number: str, today: date) -> TrademarkProceeding:
    with db.session(write=True) as session:
        return do_file_opposition(
            session,
            principal=people.third_party_p,
            data=OppositionCreate(
                application_number=number,
                grounds=["art30"],
                statement=STATEMENT,
                earlier_right="第12345678号“瑞澜”商标（第9类）",
            ),
            today=today,
            calendar=CAL,
        )


def _pversion(db: Database, pid: int) -> int:
    with db.session(write=False) as session:
        row = session.get(TrademarkProceeding, pid)
        assert row is not None
        return row.version


def _status(db: Database, number: str) -> str:
    with db.session(write=False) as session:
        return get_by_number(session, number).status


def _events(db: Database, number: str) -> list[tuple[str, bool]]:
    with db.session(write=False) as session:
        app = get_by_number(session, number)
        return [(e.code, e.public) for e in app.events]


def _decide(
    db: Database, people: Cast, pid: int, outcome: Outcome, on: date, **extra: object
) -> TrademarkProceeding:
    with db.session(write=True) as session:
        return do_decide_proceeding(
            session,
            principal=people.examiner_p,
            proceeding_id=pid,
            data=DecisionCreate(
                outcome=outcome,
                decided_on=on,
                reasons="经审查，理由成立。",
                expected_version=_pversion(db, pid),
                **extra,  # type: ignore[arg-type]
            ),
            today=on,
            calendar=CAL,
        )


def test_opposition_refused_then_registered_on_review(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 3, 6))
    assert _status(db, number) == "preliminary_approval"
    pid = _oppose(db, people, number, date(2026, 4, 1)).id

    with db.session(write=True) as session:
        served = do_serve_opposition(
            session,
            principal=people.examiner_p,
            proceeding_id=pid,
            data=ServiceRecord(served_on=date(2026, 4, 10), expected_version=1),
            today=date(2026, 4, 10),
        )
        assert served.status == "served"
    with db.session(write=True) as session:
        answered = do_answer_opposition(
            session,
            principal=people.applicant_p,
            proceeding_id=pid,
            data=AnswerCreate(answer="两商标呼叫、含义不同。", expected_version=2),
            today=date(2026, 5, 8),
            calendar=CAL,
        )
        assert answered.answered_on == date(2026, 5, 8)
    decided = _decide(db, people, pid, Outcome.REGISTRATION_REFUSED, date(2026, 9, 1))
    assert decided.status == "decided" and decided.outcome == "registration_refused"
    assert _status(db, number) == "refused"

    with db.session(write=False) as session:
        refusal = session.scalars(select(TrademarkRefusal)).one()
        assert (refusal.stage, refusal.scope) == ("opposition", "whole")
        rid = refusal.id
    with db.session(write=True) as session:
        review = do_request_review(
            session,
            principal=people.applicant_p,
            data=ReviewCreate(refusal_id=rid, statement="请求撤销不予注册决定。"),
            today=date(2026, 9, 10),
            calendar=CAL,
        )
        assert (review.kind, review.status) == ("non_registration_review", "requested")
        review_id = review.id
    _decide(db, people, review_id, Outcome.REVERSED, date(2026, 11, 2))
    assert _status(db, number) == "registered"

    public = [code for code, is_public in _events(db, number) if is_public]
    assert public == [
        "filed",
        "formality_started",
        "substantive_started",
        "preliminary_approval",
        "opposition_filed",
        "opposition_decided",
        "registration_refused",
        "review_requested",
        "review_decided",
        "registered",
    ]
    assert ("opposition_served", False) in _events(db, number)
    with db.session(write=False) as session:
        actions = session.scalars(select(AuditRecord.action).order_by(AuditRecord.seq)).all()
        assert actions[-6:] == [
            "file_opposition",
            "serve_opposition",
            "answer_opposition",
            "decide_proceeding",
            "request_review",
            "decide_proceeding",
        ]
        assert audit.verify(session).ok


def test_late_duplicate_and_own_oppositions_are_refused(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    # Announced 2026-05-06: the period ends 2026-08-06 (a Thursday).
    number = announced_mark(db, people, date(2026, 5, 6))
    with pytest.raises(Conflict, match="ended on 2026-08-06") as late:
        _oppose(db, people, number, date(2026, 8, 7))
    assert late.value.code == "late_filing"
    _oppose(db, people, number, date(2026, 8, 6))
    with pytest.raises(Conflict, match="already filed on 2026-08-06") as twice:
        _oppose(db, people, number, date(2026, 8, 6))
    assert twice.value.code == "duplicate_proceeding"
    with db.session(write=True) as session, pytest.raises(InvalidInput, match="its own mark"):
        do_file_opposition(
            session,
            principal=people.applicant_p,
            data=OppositionCreate(application_number=number, grounds=["art4"], statement="x"),
            today=date(2026, 6, 1),
            calendar=CAL,
        )
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(TrademarkProceeding)) == 1


def test_an_opposition_needs_an_announced_mark_and_an_earlier_right(
    db: Database, factory: Factory
) -> None:
    people = cast(db, factory)
    number = mark_in_examination(db, people)
    with pytest.raises(Conflict, match="only a mark preliminarily approved"):
        _oppose(db, people, number, date(2026, 6, 1))
    with pytest.raises(ValidationError, match="earlier right holder"):
        OppositionCreate(application_number=number, grounds=["art30"], statement="近似")
    with pytest.raises(ValidationError, match="unknown ground"):
        OppositionCreate(application_number=number, grounds=["art99"], statement="近似")
    future = announced_mark(db, people, date(2026, 6, 20), issue="1900")
    with pytest.raises(Conflict, match="not announced yet"):
        _oppose(db, people, future, date(2026, 6, 19))


def test_an_agent_opposes_for_a_client_only(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 3, 6))
    data = OppositionCreate(application_number=number, grounds=["art4"], statement="恶意注册")
    with db.session(write=True) as session, pytest.raises(InvalidInput, match="names the client"):
        do_file_opposition(
            session, principal=people.agent_p, data=data, today=date(2026, 4, 1), calendar=CAL
        )
    client = factory.party()
    data = data.model_copy(update={"opposer_party_id": client})
    with db.session(write=True) as session:
        row = do_file_opposition(
            session, principal=people.agent_p, data=data, today=date(2026, 4, 1), calendar=CAL
        )
        assert (row.party_id, row.agency_id) == (client, people.agent.party_id)


def test_the_late_check_needs_the_calendar_only_after_the_unmoved_end(
    db: Database, factory: Factory
) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 10, 27))
    # In time whatever the 2027 holidays: on or before the unmoved end 2027-01-27.
    _oppose(db, people, number, date(2027, 1, 20))
    with db.session(write=True) as session, pytest.raises(CalendarNotCovered, match="2027"):
        do_file_opposition(
            session,
            principal=people.agent_p,
            data=OppositionCreate(
                application_number=number,
                grounds=["art4"],
                statement="x",
                opposer_party_id=factory.party(),
            ),
            today=date(2027, 1, 28),
            calendar=CAL,
        )


def test_registration_waits_for_the_period_and_pending_oppositions(
    db: Database, factory: Factory
) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 5, 6))

    def register(on: date) -> None:
        with db.session(write=True) as session:
            do_register_trademark(
                session,
                principal=people.examiner_p,
                number=number,
                expected_version=version(db, number),
                on=on,
                calendar=CAL,
            )

    with pytest.raises(Conflict, match="runs until 2026-08-06") as running:
        register(date(2026, 8, 6))
    assert running.value.code == "opposition_period_running"
    pid = _oppose(db, people, number, date(2026, 7, 1)).id
    with pytest.raises(Conflict, match="not decided yet"):
        register(date(2026, 8, 7))
    with db.session(write=True) as session:
        do_close_proceeding(
            session,
            principal=people.third_party_p,
            proceeding_id=pid,
            target=ProceedingStatus.WITHDRAWN,
            data=CloseRequest(note="已与申请人和解", expected_version=1),
            today=date(2026, 7, 20),
        )
    register(date(2026, 8, 7))
    assert _status(db, number) == "registered"


def test_refusal_review_reverses_and_the_mark_is_announced_again(
    db: Database, factory: Factory
) -> None:
    people = cast(db, factory)
    number = mark_in_examination(db, people)
    with db.session(write=True) as session:
        refusal = do_refuse_trademark(
            session,
            principal=people.examiner_p,
            number=number,
            data=RefusalCreate(
                scope="whole",
                grounds=["art30"],
                reasons="与第12345678号商标近似。",
                decided_on=date(2026, 9, 1),
                notice_dispatched_on=date(2026, 9, 2),
                expected_version=3,
            ),
            today=date(2026, 9, 2),
        )
        rid = refusal.id
    assert _status(db, number) == "refused"
    with db.session(write=True) as session:
        do_record_notice_receipt(
            session,
            principal=people.examiner_p,
            refusal_id=rid,
            data=NoticeReceipt(received_on=date(2026, 9, 16), expected_version=1),
            today=date(2026, 9, 20),
        )
    review = ReviewCreate(refusal_id=rid, statement="请求复审。")
    # Received 2026-09-16: 15 days end on National Day, so the request may come until 10-08.
    with db.session(write=True) as session, pytest.raises(Conflict, match="late"):
        do_request_review(
            session,
            principal=people.applicant_p,
            data=review,
            today=date(2026, 10, 9),
            calendar=CAL,
        )
    with db.session(write=True) as session, pytest.raises(NotFound):
        do_request_review(
            session,
            principal=people.third_party_p,
            data=review,
            today=date(2026, 10, 8),
            calendar=CAL,
        )
    with db.session(write=True) as session:
        row = do_request_review(
            session,
            principal=people.applicant_p,
            data=review,
            today=date(2026, 10, 8),
            calendar=CAL,
        )
        assert row.kind == "refusal_review"
    _decide(db, people, row.id, Outcome.REVERSED, date(2026, 11, 2))
    assert _status(db, number) == "substantive_examination"
    with db.session(write=True) as session:
        do_announce_trademark(
            session,
            principal=people.examiner_p,
            number=number,
            data=AnnouncementCreate(
                issue_number="1925",
                announced_on=date(2026, 11, 13),
                expected_version=version(db, number),
            ),
            today=date(2026, 11, 13),
        )
        assert get_by_number(session, number).publication_date == date(2026, 11, 13)


def test_partial_refusal_keeps_the_application_in_examination(
    db: Database, factory: Factory
) -> None:
    people = cast(db, factory)
    number = mark_in_examination(db, people)

    def refuse(goods: list[GoodsItem]) -> TrademarkRefusal:
        with db.session(write=True) as session:
            return do_refuse_trademark(
                session,
                principal=people.examiner_p,
                number=number,
                data=RefusalCreate(
                    scope="partial",
                    refused_goods=goods,
                    grounds=["art30"],
                    reasons="部分商品与在先商标类似。",
                    decided_on=date(2026, 6, 1),
                    notice_dispatched_on=date(2026, 6, 1),
                    expected_version=version(db, number),
                ),
                today=date(2026, 6, 1),
            )

    with pytest.raises(InvalidInput, match="class"):
        refuse([GoodsItem(nice_class=30, goods="茶")])
    before = version(db, number)
    refusal = refuse([GoodsItem(nice_class=9, goods="手机")])
    assert refusal.refused_goods == [{"nice_class": 9, "goods": "手机"}]
    assert _status(db, number) == "substantive_examination"
    assert version(db, number) == before + 1
    with db.session(write=True) as session:
        review = do_request_review(
            session,
            principal=people.applicant_p,
            data=ReviewCreate(refusal_id=refusal.id, statement="手机与在先商品不类似。"),
            today=date(2026, 6, 10),
            calendar=CAL,
        )
    _decide(db, people, review.id, Outcome.UPHELD, date(2026, 7, 1))
    assert _status(db, number) == "substantive_examination"


def test_who_may_act_on_an_opposition(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 3, 6))
    pid = _oppose(db, people, number, date(2026, 4, 1)).id
    stranger = cast(db, factory).third_party_p
    with db.session(write=False) as session, pytest.raises(NotFound):
        get_proceeding(session, stranger, pid)
    serve = ServiceRecord(served_on=date(2026, 4, 10), expected_version=1)
    with db.session(write=True) as session, pytest.raises(PermissionDenied, match="roles"):
        do_serve_opposition(
            session,
            principal=people.applicant_p,
            proceeding_id=pid,
            data=serve,
            today=date(2026, 4, 10),
        )
    with db.session(write=True) as session:
        do_serve_opposition(
            session,
            principal=people.examiner_p,
            proceeding_id=pid,
            data=serve,
            today=date(2026, 4, 10),
        )
    answer = AnswerCreate(answer="不构成近似。", expected_version=2)
    with db.session(write=True) as session, pytest.raises(PermissionDenied, match="opposed"):
        do_answer_opposition(
            session,
            principal=people.third_party_p,
            proceeding_id=pid,
            data=answer,
            today=date(2026, 4, 20),
            calendar=CAL,
        )
    with (
        db.session(write=True) as session,
        pytest.raises(Conflict, match="answer until 2026-05-11"),
    ):
        # Served 2026-04-10: 30 days end Sunday 2026-05-10, so the answer may come on 05-11.
        do_decide_proceeding(
            session,
            principal=people.examiner_p,
            proceeding_id=pid,
            data=DecisionCreate(
                outcome=Outcome.REGISTRATION_APPROVED,
                decided_on=date(2026, 5, 11),
                reasons="异议理由不成立。",
                expected_version=2,
            ),
            today=date(2026, 5, 11),
            calendar=CAL,
        )
    with db.session(write=True) as session, pytest.raises(Conflict, match="ended on 2026-05-11"):
        do_answer_opposition(
            session,
            principal=people.applicant_p,
            proceeding_id=pid,
            data=answer,
            today=date(2026, 5, 12),
            calendar=CAL,
        )
    decided = _decide(db, people, pid, Outcome.REGISTRATION_APPROVED, date(2026, 5, 12))
    assert decided.outcome == "registration_approved"
    assert _status(db, number) == "preliminary_approval"  # registered by its own step


def test_stale_versions_are_refused_and_change_nothing(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 3, 6))
    pid = _oppose(db, people, number, date(2026, 4, 1)).id
    with db.session(write=True) as session, pytest.raises(Conflict) as stale:
        do_serve_opposition(
            session,
            principal=people.examiner_p,
            proceeding_id=pid,
            data=ServiceRecord(served_on=date(2026, 4, 10), expected_version=7),
            today=date(2026, 4, 10),
        )
    assert stale.value.code == "stale_version"
    with db.session(write=True) as session, pytest.raises(Conflict) as stale_app:
        do_register_trademark(
            session,
            principal=people.examiner_p,
            number=number,
            expected_version=1,
            on=date(2026, 7, 1),
            calendar=CAL,
        )
    assert stale_app.value.code == "stale_version"
    assert _pversion(db, pid) == 1 and _status(db, number) == "preliminary_approval"


def test_extension_of_the_opposition_decision_period(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2024, 7, 3), filing=date(2024, 1, 8))
    pid = _oppose(db, people, number, date(2024, 8, 1)).id

    def extend(on: date) -> TrademarkProceeding:
        with db.session(write=True) as session:
            return do_extend_proceeding(
                session,
                principal=people.examiner_p,
                proceeding_id=pid,
                data=ExtensionCreate(
                    approved_on=on,
                    approval_reference="商标局批〔2025〕12号",
                    expected_version=_pversion(db, pid),
                ),
                today=on,
                calendar=CAL,
            )

    # The period ends 2025-10-09 (see test_trademark_periods); approval after it is too late.
    with pytest.raises(Conflict, match="ended on 2025-10-09"):
        extend(date(2025, 10, 10))
    row = extend(date(2025, 9, 1))
    assert row.extension_approved_on == date(2025, 9, 1)
    with pytest.raises(Conflict, match="already extended"):
        extend(date(2025, 9, 2))
    with db.session(write=False) as session:
        view = dossier(session, people.examiner_p, number, calendar=CAL, today=date(2026, 4, 1))
    decision = [d for d in view.deadlines if d.proceeding_id == pid]
    assert [(d.rule_id, d.due, d.extended_by) for d in decision] == [
        ("trademark.opposition.decision", date(2026, 4, 8), "6 months")
    ]
    assert decision[0].state == "soon"


def test_dossier_shows_the_problem_and_hides_proceedings_from_strangers(
    db: Database, factory: Factory
) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 10, 27))
    _oppose(db, people, number, date(2026, 11, 2))
    today = date(2026, 11, 21)
    with db.session(write=False) as session:
        office = dossier(session, people.examiner_p, number, calendar=CAL, today=today)
        stranger = dossier(
            session, cast(db, factory).third_party_p, number, calendar=CAL, today=today
        )
        opposer = dossier(session, people.third_party_p, number, calendar=CAL, today=today)
        owner = dossier(session, people.applicant_p, number, calendar=CAL, today=today)
    window = [d for d in office.deadlines if d.rule_id == "trademark.opposition"]
    assert window[0].due is None and "2027-01-27" in (window[0].problem or "")
    assert [a.issue_number for a in office.announcements] == ["1890"]
    assert office.actions == ["register"] and len(office.proceedings) == 1
    assert stranger.proceedings == [] and stranger.actions == ["oppose"]
    assert opposer.proceedings[0].statement == STATEMENT
    # The opposed applicant reads the opposition once it is served on it.
    assert owner.proceedings[0].statement is None and owner.actions == []
    with db.session(write=False) as session:
        rows, total = examination_queue(session, calendar=CAL, today=today)
    assert total == 0 and rows == []


def test_examination_queue_is_ordered_by_the_nine_month_deadline(
    db: Database, factory: Factory
) -> None:
    people = cast(db, factory)
    later = mark_in_examination(db, people, filing=date(2026, 5, 6), title="后")
    earlier = mark_in_examination(db, people, filing=date(2025, 12, 1), title="先")
    with db.session(write=False) as session:
        rows, total = examination_queue(session, calendar=CAL, today=date(2026, 8, 20))
        seen = [(a.number, d.due, d.state) for a, d in rows]
    assert total == 2
    assert seen == [
        (earlier, date(2026, 9, 1), "soon"),
        (later, None, "unknown"),  # 2027-02-06: no official 2027 calendar yet
    ]


def test_a_racing_duplicate_loses_on_the_unique_key(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2026, 3, 6))
    first = _oppose(db, people, number, date(2026, 4, 1))
    with db.session(write=True) as session, pytest.raises(Conflict, match="already filed"):
        twin = TrademarkProceeding(
            kind="opposition",
            status="filed",
            application_id=get_by_number(session, number).id,
            announced_on=first.announced_on,
            party_id=first.party_id,
            filed_on=date(2026, 4, 1),
            grounds=[],
            statement="x",
            dedupe_key=first.dedupe_key,
        )
        proceedings._insert(session, twin, "an opposition")  # noqa: SLF001 - the race path
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ApplicationEvent)) > 0
        assert session.scalar(select(func.count()).select_from(TrademarkProceeding)) == 1


def test_a_supplied_2027_calendar_gives_the_date(db: Database, factory: Factory) -> None:
    people = cast(db, factory)
    number = announced_mark(db, people, date(2027, 1, 5), filing=date(2026, 6, 1))
    schedule = YearSchedule(
        year=2027,
        holidays=frozenset({date(2027, 1, 1)}),
        makeup_workdays=frozenset(),
        source="test fixture, not the State Council notice",
    )
    calendar = WorkingDayCalendar({2027: schedule})
    with db.session(write=False) as session:
        view = dossier(
            session, people.examiner_p, number, calendar=calendar, today=date(2027, 1, 6)
        )
        bare = dossier(session, people.examiner_p, number, calendar=CAL, today=date(2027, 1, 6))
    assert [(d.rule_id, d.due) for d in view.deadlines] == [
        ("trademark.opposition", date(2027, 3, 5))
    ]
    assert bare.deadlines[0].due is None and bare.deadlines[0].problem
