"""Patent dispute cases through their service functions, on SQLite and PostgreSQL: registering
requests, the steps of the procedure, who may act, concurrency, bad input, lists."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.models import AuditRecord
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection import case_actions as actions
from ipoffice.protection import case_proceedings as proceedings
from ipoffice.protection.case_models import CaseParty, DisputeCase
from ipoffice.protection.case_service import (
    cases_by_month,
    do_register_case,
    get_case,
    list_cases,
)
from ipoffice.protection.case_views import case_read
from ipoffice.protection.case_workflow import CaseStatus
from tests.test_protection_cases_support import (
    GUANGZHOU,
    accepted_and_served,
    act,
    officer,
    panel,
    register,
    request,
    version,
)

TODAY = date(2026, 11, 20)


def _count(db: Database, model: type) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_registering_numbers_cases_per_bureau_and_year(db: Database) -> None:
    shenzhen, guangzhou = officer(db), officer(db, GUANGZHOU)
    assert register(db, shenzhen) == "2026-440300-0001"
    assert register(db, shenzhen) == "2026-440300-0002"
    assert register(db, guangzhou) == "2026-440100-0001"
    assert register(db, shenzhen, received_on=date(2025, 12, 30)) == "2025-440300-0001"
    with db.session(write=False) as session:
        case = get_case(session, shenzhen, "2026-440300-0001")
        assert case.status == "received" and case.patent_number == "2023103977440"
        assert [c.claim_number for c in case.claims] == [1, 3]
        assert [p.role for p in case.parties] == ["requester", "respondent", "respondent"]
        assert [e.code for e in case.events] == ["received"]
        entry = session.scalar(
            select(AuditRecord).where(AuditRecord.entity_id == "2026-440300-0001")
        )
        assert entry is not None and entry.action == "register_dispute_case"


def test_a_repeated_submission_registers_once(db: Database) -> None:
    principal = officer(db)
    with db.session(write=True) as session:
        first, created = do_register_case(
            session, principal=principal, data=request(), today=TODAY, submission_key="k-1"
        )
        assert created
    with db.session(write=True) as session:
        again, created = do_register_case(
            session, principal=principal, data=request(), today=TODAY, submission_key="k-1"
        )
        assert not created and again.number == first.number
    with db.session(write=True) as session, pytest.raises(Conflict, match="Idempotency-Key"):
        do_register_case(
            session,
            principal=principal,
            data=request(request_text="另一请求"),
            today=TODAY,
            submission_key="k-1",
        )
    assert _count(db, DisputeCase) == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {
                "parties": [
                    {"role": "requester", "kind": "organisation", "name": "甲公司"},
                    {"role": "respondent", "kind": "person", "name": "张三"},
                ]
            },
            "parties[0].uscc",
            "give its unified social credit code",
        ),
        (
            {
                "parties": [
                    {
                        "role": "requester",
                        "kind": "organisation",
                        "name": "甲公司",
                        "uscc": "91440300MA5DABCD1X",
                    },
                    {"role": "respondent", "kind": "person", "name": "张三"},
                ]
            },
            "parties[0].uscc",
            "check character",
        ),
        (
            {
                "parties": [
                    {
                        "role": "requester",
                        "kind": "person",
                        "name": "李四",
                        "uscc": "91440300MA5DABCD1K",
                    },
                    {"role": "respondent", "kind": "person", "name": "张三"},
                ]
            },
            "parties[0].uscc",
            "a person has no",
        ),
        (
            {
                "parties": [
                    {"role": "requester", "kind": "person", "name": "李四"},
                    {"role": "requester", "kind": "person", "name": "张三"},
                ]
            },
            "parties",
            "respondent",
        ),
        ({"patent_number": "2023 1 0397744.1"}, "patent_number", "check digit should be 0"),
        ({"received_on": date(2026, 11, 21)}, "received_on", "after today"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(
    db: Database, changes: dict[str, object], field: str, message: str
) -> None:
    principal = officer(db)
    with db.session(write=True) as session, pytest.raises(InvalidInput, match=message) as exc:
        do_register_case(session, principal=principal, data=request(**changes), today=TODAY)
    assert exc.value.field == field
    assert _count(db, DisputeCase) == 0 and _count(db, CaseParty) == 0


def test_only_officers_with_a_bureau_register(db: Database) -> None:
    with db.session(write=True) as session, pytest.raises(InvalidInput, match="no bureau region"):
        do_register_case(session, principal=officer(db, None), data=request(), today=TODAY)
    examiner = officer(db, role=Role.EXAMINER)
    with db.session(write=True) as session, pytest.raises(PermissionDenied):
        do_register_case(session, principal=examiner, data=request(), today=TODAY)


def test_the_whole_procedure_to_a_decision(db: Database, cal: WorkingDayCalendar) -> None:
    handler = officer(db)
    number = accepted_and_served(db, handler, accepted=date(2026, 3, 3), served=date(2026, 3, 5))
    act(db, actions.do_record_answer, handler, number, on=date(2026, 3, 18))
    members = panel(db, number, handler, date(2026, 3, 19))
    act(
        db,
        proceedings.do_schedule_hearing,
        handler,
        number,
        on=date(2026, 3, 20),
        hearing_on=date(2026, 4, 8),
        time_of_day="09:30",
        place="第一审理庭",
    )
    act(db, proceedings.do_start_mediation, handler, number, on=date(2026, 4, 8))
    act(
        db,
        proceedings.do_end_mediation,
        members[1],
        number,
        on=date(2026, 4, 20),
        agreement_text=None,
        note="双方未达成一致",
    )
    from ipoffice.protection.decision import do_issue_decision, do_record_decision_service

    act(
        db,
        do_issue_decision,
        handler,
        number,
        on=date(2026, 5, 29),
        outcome="infringement_found",
        findings="被诉产品落入权利要求1的保护范围。",
        reasons="被请求人未经许可制造销售。",
        orders="责令立即停止侵权行为。",
    )
    act(db, do_record_decision_service, handler, number, on=date(2026, 6, 1))
    with db.session(write=False) as session:
        case = get_case(session, handler, number)
        read = case_read(session, case, today=TODAY, calendar=cal)
    assert read.status == CaseStatus.DECIDED and read.closed_on == date(2026, 5, 29)
    assert [e.code for e in read.timeline] == [
        "received",
        "accepted",
        "served",
        "answer_received",
        "panel_formed",
        "hearing_scheduled",
        "mediation_started",
        "mediation_failed",
        "decided",
        "decision_served",
    ]
    deadlines = {d.key: d for d in read.deadlines}
    assert deadlines["closure"].due == date(2026, 6, 3) and deadlines["closure"].state == "met"
    assert deadlines["appeal"].due == date(2026, 6, 16)
    assert read.panel[0].presiding and len(read.panel) == 3
    assert read.hearings[0].place == "第一审理庭" and read.mediations[0].result == "failed"
    assert read.decision is not None and read.decision.outcome == "infringement_found"
    with db.session(write=False) as session:
        assert audit.verify(session).ok


def test_mediation_agreement_closes_the_case(db: Database) -> None:
    handler = officer(db)
    number = accepted_and_served(db, handler, accepted=date(2026, 3, 3), served=date(2026, 3, 4))
    act(db, proceedings.do_start_mediation, handler, number, on=date(2026, 3, 10))
    case = act(
        db,
        proceedings.do_end_mediation,
        handler,
        number,
        on=date(2026, 3, 20),
        agreement_text="被请求人停止销售并赔偿5万元。",
    )
    assert case.status == "mediated" and case.closed_on == date(2026, 3, 20)
    with pytest.raises(Conflict, match="cannot go from mediated"):
        act(db, actions.do_withdraw_case, handler, number, on=date(2026, 3, 21))


def test_refusal_needs_reasons_and_ends_the_case(db: Database) -> None:
    handler = officer(db)
    number = register(db, handler)
    with pytest.raises(InvalidInput, match="reasons"):
        act(db, actions.do_refuse_case, handler, number, on=date(2026, 3, 3), reasons="  ")
    case = act(
        db, actions.do_refuse_case, handler, number, on=date(2026, 3, 3), reasons="涉案专利已终止。"
    )
    assert case.status == "refused" and case.refusal_reasons == "涉案专利已终止。"


def test_other_bureaus_and_roles_learn_nothing(db: Database) -> None:
    handler, stranger = officer(db), officer(db, GUANGZHOU)
    admin = officer(db, None, role=Role.ADMINISTRATOR)
    number = register(db, handler)
    with db.session(write=False) as session:
        with pytest.raises(NotFound):
            get_case(session, stranger, number)
        assert get_case(session, admin, number).number == number  # oversight: read only
    for principal in (stranger, admin):
        with pytest.raises(NotFound):
            act(db, actions.do_accept_case, principal, number, on=date(2026, 3, 3))
    with db.session(write=False) as session:
        mine, total = list_cases(session, handler, today=TODAY, calendar=WorkingDayCalendar())
        assert total == 1
        theirs, total = list_cases(session, stranger, today=TODAY, calendar=WorkingDayCalendar())
        assert total == 0 and theirs == []
        every, total = list_cases(
            session, admin, today=TODAY, calendar=WorkingDayCalendar(), region=GUANGZHOU
        )
        assert total == 0


def test_a_stale_version_is_refused_and_changes_nothing(db: Database) -> None:
    handler = officer(db)
    number = register(db, handler)
    seen = version(db, number)
    act(db, actions.do_accept_case, handler, number, on=date(2026, 3, 3))
    with pytest.raises(Conflict, match="changed by someone else") as exc:
        act(
            db,
            actions.do_refuse_case,
            handler,
            number,
            on=date(2026, 3, 3),
            reasons="x",
            expected_version=seen,
        )
    assert exc.value.code == "stale_version"
    with db.session(write=False) as session:
        assert get_case(session, handler, number).status == "accepted"


def test_steps_are_dated_in_order_and_not_in_the_future(db: Database) -> None:
    handler = officer(db)
    number = register(db, handler)  # received 2026-03-02
    with pytest.raises(InvalidInput, match="before the case's last recorded step"):
        act(db, actions.do_accept_case, handler, number, on=date(2026, 3, 1))
    with pytest.raises(InvalidInput, match="in the future"):
        act(db, actions.do_accept_case, handler, number, on=date(2026, 11, 21))
    with pytest.raises(Conflict, match="cannot be recorded on a case that is received"):
        act(db, actions.do_record_answer, handler, number, on=date(2026, 3, 3))


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (lambda m, x: [m[0], m[1]], "odd number; got 2"),
        (lambda m, x: [m[0]], "odd number; got 1"),
        (lambda m, x: [m[0], m[1], m[1]], "listed twice"),
        (lambda m, x: [m[0], m[1], x["examiner"]], "not an enforcement officer"),
        (lambda m, x: [m[0], m[1], x["guangzhou"]], "not an officer of bureau 440300"),
        (lambda m, x: [m[0], m[1], "nobody"], "no active user"),
    ],
)
def test_panel_composition_is_checked(db: Database, who: object, message: str) -> None:
    handler = officer(db)
    number = accepted_and_served(db, handler, accepted=date(2026, 3, 3), served=date(2026, 3, 4))
    mates = [handler.username, officer(db).username, officer(db).username]
    others = {
        "examiner": officer(db, role=Role.EXAMINER).username,
        "guangzhou": officer(db, GUANGZHOU).username,
    }
    members = who(mates, others)  # type: ignore[operator]
    with pytest.raises(InvalidInput, match=message):
        act(
            db,
            proceedings.do_form_panel,
            handler,
            number,
            members=members,
            presiding=handler.username,
            on=date(2026, 3, 5),
        )
    with pytest.raises(InvalidInput, match="presiding member"):
        act(
            db,
            proceedings.do_form_panel,
            handler,
            number,
            members=mates,
            presiding="someone-else",
            on=date(2026, 3, 5),
        )


def test_a_hearing_or_decision_needs_the_panel(db: Database) -> None:
    handler = officer(db)
    number = accepted_and_served(db, handler, accepted=date(2026, 3, 3), served=date(2026, 3, 4))
    with pytest.raises(Conflict, match="form the collegial panel"):
        act(
            db,
            proceedings.do_schedule_hearing,
            handler,
            number,
            on=date(2026, 3, 5),
            hearing_on=date(2026, 3, 20),
            place="审理庭",
        )
    from ipoffice.protection.decision import do_issue_decision

    with pytest.raises(Conflict, match="collegial panel"):
        act(
            db,
            do_issue_decision,
            handler,
            number,
            on=date(2026, 3, 5),
            outcome="request_dismissed",
            findings="f",
            reasons="r",
        )


def test_one_extension_by_an_uninvolved_officer(db: Database, cal: WorkingDayCalendar) -> None:
    handler = officer(db)
    number = accepted_and_served(db, handler, accepted=date(2026, 3, 3), served=date(2026, 3, 4))
    members = panel(db, number, handler, date(2026, 3, 5))
    head = officer(db)
    for involved in (handler, members[2]):
        with pytest.raises(Conflict, match="neither handles the case"):
            act(
                db,
                proceedings.do_approve_extension,
                involved,
                number,
                on=date(2026, 5, 20),
                reason="案情复杂",
                calendar=cal,
            )
    case = act(
        db,
        proceedings.do_approve_extension,
        head,
        number,
        on=date(2026, 5, 20),
        reason="需要委托技术鉴定",
        calendar=cal,
    )
    assert case.extension is not None and case.extension.months == 2
    with pytest.raises(Conflict, match="already extended once"):
        act(
            db,
            proceedings.do_approve_extension,
            officer(db),
            number,
            on=date(2026, 5, 21),
            reason="再次延长",
            calendar=cal,
        )
    with db.session(write=False) as session:
        read = case_read(session, get_case(session, handler, number), today=TODAY, calendar=cal)
    closure = next(d for d in read.deadlines if d.key == "closure")
    assert closure.due == date(2026, 8, 3) and closure.extension_months == 2  # 3 Aug: Monday


def test_extension_under_the_2015_measures_and_after_the_period(
    db: Database, cal: WorkingDayCalendar
) -> None:
    handler, head = officer(db), officer(db)
    old = accepted_and_served(db, handler, accepted=date(2025, 1, 20), served=date(2025, 1, 21))
    case = act(
        db,
        proceedings.do_approve_extension,
        head,
        old,
        on=date(2025, 4, 1),
        reason="案情复杂",
        calendar=cal,
    )
    assert case.extension is not None and case.extension.months == 1
    assert "专利行政执法办法" in case.extension.rule_source
    late = accepted_and_served(db, handler, accepted=date(2026, 3, 3), served=date(2026, 3, 4))
    with pytest.raises(Conflict, match="ended on 2026-06-03") as exc:
        act(
            db,
            proceedings.do_approve_extension,
            head,
            late,
            on=date(2026, 6, 4),
            reason="案情复杂",
            calendar=cal,
        )
    assert exc.value.code == "period_ended"


def test_suspensions_add_up_and_resume_where_they_stopped(
    db: Database, cal: WorkingDayCalendar
) -> None:
    handler = officer(db)
    number = accepted_and_served(db, handler, accepted=date(2026, 3, 2), served=date(2026, 3, 4))
    act(
        db,
        actions.do_suspend_case,
        handler,
        number,
        on=date(2026, 4, 1),
        reason="invalidation_pending",
        note="被请求人已向国家知识产权局提出无效宣告请求",
    )
    with db.session(write=False) as session:
        case = get_case(session, handler, number)
        read = case_read(session, case, today=date(2026, 9, 1), calendar=cal)
    assert read.flag == "suspended"
    assert next(d for d in read.deadlines if d.key == "closure").state == "suspended"
    case = act(db, actions.do_resume_case, handler, number, on=date(2026, 4, 21))
    assert case.status == "handling" and case.resume_status is None
    act(db, proceedings.do_start_mediation, handler, number, on=date(2026, 5, 4))
    act(db, actions.do_suspend_case, handler, number, on=date(2026, 5, 4), reason="party_request")
    case = act(db, actions.do_resume_case, handler, number, on=date(2026, 5, 14))
    assert case.status == "mediation"  # back where it was suspended from
    with db.session(write=False) as session:
        read = case_read(session, get_case(session, handler, number), today=TODAY, calendar=cal)
    closure = next(d for d in read.deadlines if d.key == "closure")
    assert closure.suspended_days == 30 and closure.due == date(2026, 7, 2)
    assert [s.days for s in read.suspensions] == [20, 10]


def test_withdrawal_ends_the_case_even_when_suspended(db: Database) -> None:
    handler = officer(db)
    number = accepted_and_served(db, handler, accepted=date(2026, 3, 2), served=date(2026, 3, 4))
    act(db, actions.do_suspend_case, handler, number, on=date(2026, 4, 1), reason="court_case")
    case = act(
        db,
        actions.do_withdraw_case,
        handler,
        number,
        on=date(2026, 4, 10),
        note="双方和解，请求人撤回请求",
    )
    assert case.status == "withdrawn" and case.closed_on == date(2026, 4, 10)
    assert case.suspensions[0].ended_on == date(2026, 4, 10)


def test_overdue_and_due_soon_lists_per_bureau(db: Database, cal: WorkingDayCalendar) -> None:
    handler = officer(db)
    late = register(db, handler, received_on=date(2026, 11, 2))  # due 2026-11-09
    soon = register(db, handler, received_on=date(2026, 11, 18))  # due 2026-11-25
    quiet = accepted_and_served(db, handler, accepted=date(2026, 9, 1), served=date(2026, 9, 2))
    # Accepted in November: its closure period ends in 2027, a year without official calendar.
    unknown = accepted_and_served(db, handler, accepted=date(2026, 11, 3), served=date(2026, 11, 4))
    paused = register(db, handler, received_on=date(2026, 10, 9))
    act(db, actions.do_accept_case, handler, paused, on=date(2026, 10, 9))
    act(db, actions.do_suspend_case, handler, paused, on=date(2026, 10, 12), reason="other")
    register(db, officer(db, GUANGZHOU), received_on=date(2026, 11, 2))  # another bureau
    with db.session(write=False) as session:
        overdue, total = list_cases(session, handler, today=TODAY, calendar=cal, flag="overdue")
        assert [c.case.number for c in overdue] == [late] and total == 1
        due_soon, _ = list_cases(session, handler, today=TODAY, calendar=cal, flag="due_soon")
        assert [c.case.number for c in due_soon] == [soon]
        narrow, _ = list_cases(
            session, handler, today=TODAY, calendar=cal, flag="due_soon", window=2
        )
        assert narrow == []
        fine, _ = list_cases(session, handler, today=TODAY, calendar=cal, flag="fine")
        assert [c.case.number for c in fine] == [quiet]
        problem, _ = list_cases(session, handler, today=TODAY, calendar=cal, flag="problem")
        assert [c.case.number for c in problem] == [unknown]
        held, _ = list_cases(session, handler, today=TODAY, calendar=cal, flag="suspended")
        assert [c.case.number for c in held] == [paused]


def test_cases_by_month(db: Database) -> None:
    handler = officer(db)
    march = [register(db, handler, received_on=date(2026, 3, d)) for d in (2, 31)]
    register(db, handler, received_on=date(2026, 4, 1))
    register(db, officer(db, GUANGZHOU), received_on=date(2026, 3, 5))
    with db.session(write=False) as session:
        rows = cases_by_month(session, region_code="440300", year=2026, month=3)
        assert [c.number for c in rows] == march
        assert (
            cases_by_month(session, region_code="440300", year=2026, month=3, by="closed_on") == []
        )
        with pytest.raises(InvalidInput, match="month"):
            cases_by_month(session, region_code="440300", year=2026, month=13)


def test_a_racing_update_loses_with_stale_version(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE: updates cannot interleave")
    handler = officer(db)
    number = register(db, handler)
    with db.session(write=True) as late:
        get_case(late, handler, number)  # read at version 1, before the other commit
        act(db, actions.do_accept_case, handler, number, on=date(2026, 3, 3))
        with pytest.raises(Conflict, match="changed by someone else") as exc:
            actions.do_refuse_case(
                late,
                principal=handler,
                number=number,
                expected_version=1,
                on=date(2026, 3, 3),
                reasons="x",
                today=TODAY,
            )
        assert exc.value.code == "stale_version"
        late.rollback()
    with db.session(write=False) as session:
        assert get_case(session, handler, number).status == "accepted"
