"""Clue transfer through its services, on SQLite and PostgreSQL: who may do what at each step,
the chain when a clue is passed on, due dates and overdue lists, duplicates and races, and the
screening clue kept in step."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import (
    CalendarNotCovered,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from ipoffice.core.identity import Principal, do_create_user, principal_of
from ipoffice.core.models import AuditRecord
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection import clue_service as svc
from ipoffice.protection.clue_models import ProtectionClue
from ipoffice.protection.clue_queries import box_counts, clue_detail, list_box, visible_clue
from ipoffice.protection.clue_rules import HANDLING_PERIODS, NATIONAL_DESK
from ipoffice.protection.clue_schemas import ClueSend, Feedback, PassOn, VersionedNote, Withdrawal
from ipoffice.protection.clue_workflow import ClueStatus
from ipoffice.screening.models import Clue as ScreeningClue

HANGZHOU, NINGBO, SUZHOU, GUANGZHOU = "330100", "330200", "320500", "440100"
# A Monday in a covered year; 20 working days later is 2025-03-31 (no holiday in between).
MONDAY = date(2025, 3, 3)
_names = iter(range(10_000))


def user(db: Database, role: Role, region: str | None = None) -> Principal:
    with db.session(write=True) as session:
        row = do_create_user(
            session,
            actor=audit.SYSTEM,
            username=f"{role.value.replace('_', '-')}-{next(_names)}",
            display_name=f"{role.value} {region or ''}",
            password="correct-horse-battery",
            roles=frozenset({role}),
            region_code=region,
        )
        return principal_of(row)


def officer(db: Database, region: str) -> Principal:
    return user(db, Role.ENFORCEMENT_OFFICER, region)


def clue_data(**overrides: Any) -> ClueSend:
    fields: dict[str, Any] = {
        "source_kind": "ecommerce_platform",
        "source_ref": "TS-2025-000812",
        "category": "patent_infringement",
        "subject_name": "宁波某电器经营部",
        "summary": "权利人投诉：平台店铺销售的空气炸锅涉嫌侵犯外观设计专利权，经营者住所地在宁波。",
        "receiver_region": NINGBO,
        "due_working_days": 20,
    }
    return ClueSend.model_validate({**fields, **overrides})


def send(
    db: Database, who: Principal, *, on: date = MONDAY, key: str | None = None, **overrides: Any
) -> ProtectionClue:
    with db.session(write=True) as session:
        clue, _created = svc.do_send_clue(
            session, actor=who, data=clue_data(**overrides), on=on,
            calendar=WorkingDayCalendar(), idempotency_key=key,
        )  # fmt: skip
        return clue


def act(db: Database, name: str, who: Principal, clue_id: int, **fields: Any) -> ProtectionClue:
    """Run one action with its request built from `fields` (plus the current version)."""
    requests: dict[str, tuple[Callable[..., ProtectionClue], type]] = {
        "acknowledge": (svc.do_acknowledge_clue, VersionedNote),
        "handle": (svc.do_start_handling_clue, VersionedNote),
        "answer": (svc.do_answer_clue, Feedback),
        "pass_on": (svc.do_pass_on_clue, PassOn),
        "withdraw": (svc.do_withdraw_clue, Withdrawal),
    }
    action, shape = requests[name]
    with db.session(write=True) as session:
        if "expected_version" not in fields:
            current = session.get(ProtectionClue, clue_id)
            fields["expected_version"] = current.version if current else 1
        extra: dict[str, Any] = {"on": fields.pop("on", MONDAY)}
        if name == "pass_on":
            extra["calendar"] = WorkingDayCalendar()
        return action(
            session, actor=who, clue_id=clue_id, request=shape.model_validate(fields), **extra
        )


ANSWER = {
    "outcome": "case_opened",
    "text": "已立案调查，责令停止销售。",
    "case_reference": "甬知执字〔2025〕12号",
}
PASS = {"receiver_region": SUZHOU, "note": "经营者实际在苏州经营，转苏州处理。"}
WITHDRAW = {"reason": "权利人撤回投诉"}


def status_of(db: Database, clue_id: int) -> str:
    with db.session(write=False) as session:
        return session.get(ProtectionClue, clue_id).status  # type: ignore[union-attr]


# --- the whole way -------------------------------------------------------------------------


def test_send_acknowledge_handle_answer_and_the_sender_sees_each_step(db: Database) -> None:
    sender, receiver = officer(db, HANGZHOU), officer(db, NINGBO)
    clue = send(db, sender)
    assert (clue.status, clue.sender_region, clue.receiver_region) == ("sent", HANGZHOU, NINGBO)
    assert clue.due_date == date(2025, 3, 31)  # 20 working days after Monday 3 March
    seen = []
    for name, fields in (
        ("acknowledge", {}),
        ("handle", {"note": "已联系平台"}),
        ("answer", ANSWER),
    ):
        act(db, name, receiver, clue.id, **fields)
        with db.session(write=False) as session:
            seen.append(clue_detail(visible_clue(session, sender, clue.id), sender, MONDAY).status)
    assert seen == ["acknowledged", "handling", "answered"]
    with db.session(write=False) as session:
        detail = clue_detail(visible_clue(session, sender, clue.id), sender, MONDAY)
        actions = session.scalars(
            select(AuditRecord.action).where(AuditRecord.entity == "protection_clue")
        ).all()
    assert (detail.outcome, detail.case_reference) == ("case_opened", "甬知执字〔2025〕12号")
    assert detail.feedback == "已立案调查，责令停止销售。"
    assert [e.code for e in detail.timeline] == [
        "sent",
        "acknowledged",
        "handling_started",
        "answered",
    ]
    assert detail.next_statuses == [] and detail.sides == ["sender"]
    assert actions == ["send_clue", "clue_acknowledged", "clue_handling_started", "clue_answered"]


# --- who may do what, pair by pair with real desks -------------------------------------------

STEPS: dict[str, tuple[list[tuple[str, dict[str, Any]]], str, dict[str, Any]]] = {
    # transition: (actions that lead to its from-status, the action, its fields)
    "sent->acknowledged": ([], "acknowledge", {}),
    "acknowledged->handling": ([("acknowledge", {})], "handle", {}),
    "acknowledged->answered": ([("acknowledge", {})], "answer", ANSWER),
    "handling->answered": ([("acknowledge", {}), ("handle", {})], "answer", ANSWER),
    "acknowledged->sent": ([("acknowledge", {})], "pass_on", PASS),
    "handling->sent": ([("acknowledge", {}), ("handle", {})], "pass_on", PASS),
    "sent->withdrawn": ([], "withdraw", WITHDRAW),
    "acknowledged->withdrawn": ([("acknowledge", {})], "withdraw", WITHDRAW),
    "handling->withdrawn": ([("acknowledge", {}), ("handle", {})], "withdraw", WITHDRAW),
}
ALLOWED = {"acknowledge": "receiver", "handle": "receiver", "answer": "receiver",
           "pass_on": "receiver", "withdraw": "sender"}  # fmt: skip


@pytest.mark.parametrize("step", sorted(STEPS))
def test_each_transition_is_made_only_by_its_desk(sqlite_url: str, step: str) -> None:
    db = Database(sqlite_url)
    try:
        people = {
            "sender": officer(db, HANGZHOU),
            "receiver": officer(db, NINGBO),
            "other_region": officer(db, GUANGZHOU),
            "examiner": user(db, Role.EXAMINER),
            "applicant": user(db, Role.APPLICANT),
            "officer_without_region": user(db, Role.ENFORCEMENT_OFFICER),
        }
        before, name, fields = STEPS[step]
        clue = send(db, people["sender"])
        for earlier, earlier_fields in before:
            act(db, earlier, people["receiver"], clue.id, **dict(earlier_fields))
        start = status_of(db, clue.id)
        for who, principal in people.items():
            if who == ALLOWED[name]:
                continue
            # Outside the chain: the clue does not exist for them. In it, on the wrong side: 403.
            expected = PermissionDenied if who in ("sender", "receiver") else NotFound
            with pytest.raises(expected):
                act(db, name, principal, clue.id, **dict(fields))
            assert status_of(db, clue.id) == start
        act(db, name, people[ALLOWED[name]], clue.id, **dict(fields))
        assert status_of(db, clue.id) == step.split("->")[1]
    finally:
        db.dispose()


def test_final_statuses_refuse_every_move(db: Database) -> None:
    sender, receiver = officer(db, HANGZHOU), officer(db, NINGBO)
    answered, withdrawn = send(db, sender), send(db, sender, source_ref="TS-2")
    act(db, "acknowledge", receiver, answered.id)
    act(db, "answer", receiver, answered.id, **ANSWER)
    act(db, "withdraw", sender, withdrawn.id, **WITHDRAW)
    for clue_id in (answered.id, withdrawn.id):
        for name, fields in (("acknowledge", {}), ("answer", ANSWER), ("pass_on", PASS)):
            with pytest.raises(Conflict, match="cannot go from"):
                act(db, name, receiver, clue_id, **dict(fields))
        with pytest.raises(Conflict, match="cannot go from"):
            act(db, "withdraw", sender, clue_id, **WITHDRAW)


# --- passing on ------------------------------------------------------------------------------


def test_passing_on_keeps_the_chain_and_every_desk_in_it_sees_the_clue(db: Database) -> None:
    sender, ningbo, suzhou = officer(db, HANGZHOU), officer(db, NINGBO), officer(db, SUZHOU)
    clue = send(db, sender)
    act(db, "acknowledge", ningbo, clue.id)
    act(db, "pass_on", ningbo, clue.id, **PASS, due_working_days=10)
    # The passer no longer holds it: it may look but not act.
    with pytest.raises(PermissionDenied):
        act(db, "acknowledge", ningbo, clue.id)
    act(db, "acknowledge", suzhou, clue.id)
    act(db, "answer", suzhou, clue.id, outcome="no_infringement", text="现场检查未发现涉案产品。")
    with db.session(write=False) as session:
        detail = clue_detail(visible_clue(session, sender, clue.id), sender, MONDAY)
        assert [(h.from_region, h.to_region, h.outcome) for h in detail.chain] == [
            (HANGZHOU, NINGBO, "passed_on"),
            (NINGBO, SUZHOU, "no_infringement"),
        ]
        assert detail.chain[1].due_date == date(2025, 3, 17)  # 10 working days after 3 March
        assert (detail.hops, detail.receiver_region) == (2, SUZHOU)
        for desk in (sender, ningbo, suzhou):
            visible_clue(session, desk, clue.id)
        ningbo_in = list_box(session, ningbo, box="inbox", today=MONDAY)[0]
        ningbo_out = list_box(session, ningbo, box="outbox", today=MONDAY)[0]
        assert [c.id for c in ningbo_in] == [c.id for c in ningbo_out] == [clue.id]
        assert box_counts(session, ningbo, today=MONDAY)["inbox"].open == 0


def test_pass_on_to_the_same_receiver_or_an_invalid_region_is_refused(db: Database) -> None:
    sender, receiver = officer(db, HANGZHOU), officer(db, NINGBO)
    clue = send(db, sender)
    act(db, "acknowledge", receiver, clue.id)
    with pytest.raises(InvalidInput, match="already with this receiver"):
        act(db, "pass_on", receiver, clue.id, receiver_region=NINGBO, note="x")
    with pytest.raises(InvalidInput, match="province-level") as info:
        act(db, "pass_on", receiver, clue.id, receiver_region="990000", note="x")
    assert info.value.field == "receiver_region"
    assert status_of(db, clue.id) == "acknowledged"


# --- boxes, counts and overdue -----------------------------------------------------------------


def test_inbox_outbox_counts_and_the_overdue_list(db: Database) -> None:
    hangzhou, ningbo = officer(db, HANGZHOU), officer(db, NINGBO)
    late = send(db, hangzhou, source_ref="A", on=date(2025, 1, 6), due_working_days=5)
    send(db, hangzhou, source_ref="B", on=MONDAY)
    done = send(db, hangzhou, source_ref="C", on=date(2025, 1, 6), due_working_days=5)
    act(db, "acknowledge", ningbo, done.id)
    act(db, "answer", ningbo, done.id, outcome="not_competent", text="不属本局管辖")
    send(db, ningbo, source_ref="D", receiver_region=HANGZHOU)
    today = date(2025, 3, 10)
    with db.session(write=False) as session:
        overdue, total = list_box(session, ningbo, box="inbox", today=today, overdue=True)
        assert [c.id for c in overdue] == [late.id] and total == 1
        assert [
            c.id for c in list_box(session, hangzhou, box="outbox", today=today, overdue=True)[0]
        ] == [late.id]
        counts = box_counts(session, ningbo, today=today)
        assert counts["inbox"].total == 3 and counts["inbox"].by_status == {
            "sent": 2,
            "answered": 1,
        }
        assert (counts["inbox"].overdue, counts["inbox"].open) == (1, 2)
        assert (counts["outbox"].total, counts["outbox"].open) == (1, 1)
        answered = list_box(
            session, hangzhou, box="outbox", today=today, status=ClueStatus.ANSWERED
        )
        assert [c.id for c in answered[0]] == [done.id]
        # A region outside every chain sees empty boxes.
        assert box_counts(session, officer(db, GUANGZHOU), today=today)["inbox"].total == 0


def test_due_date_bounds_and_the_calendar(db: Database) -> None:
    sender = officer(db, HANGZHOU)
    period = HANDLING_PERIODS[0]
    for days in (period.minimum - 1, period.maximum + 1):
        with pytest.raises(InvalidInput, match="working days") as info:
            send(db, sender, due_working_days=days)
        assert info.value.field == "due_working_days"
    # Over the 2025 Spring Festival (28 Jan - 4 Feb, make-up days 26 Jan and 8 Feb).
    clue = send(db, sender, on=date(2025, 1, 24), due_working_days=5)
    assert clue.due_date == date(2025, 2, 7)
    assert (
        send(db, sender, source_ref="X", due_working_days=None).due_working_days == period.default
    )
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ProtectionClue)) == 2


def test_a_year_without_an_official_calendar_is_refused(db: Database) -> None:
    with pytest.raises(CalendarNotCovered):
        send(db, officer(db, HANGZHOU), on=date(2031, 12, 1))


# --- duplicates, versions and races ----------------------------------------------------------


def test_the_same_source_sent_twice_to_the_same_receiver_is_one_clue(db: Database) -> None:
    sender = officer(db, HANGZHOU)
    first = send(db, sender)
    assert send(db, sender, summary="重复提交").id == first.id
    assert send(db, sender, receiver_region=SUZHOU).id != first.id
    keyed = send(db, sender, source_ref=None, key="retry-1")
    assert send(db, sender, source_ref=None, key="retry-1").id == keyed.id
    assert send(db, sender, source_ref=None).id != send(db, sender, source_ref=None).id
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ProtectionClue)) == 5
    # A withdrawn clue releases its source: it may be sent again.
    act(db, "withdraw", sender, first.id, **WITHDRAW)
    assert send(db, sender).id not in (first.id, keyed.id)


def test_a_stale_version_is_refused_and_changes_nothing(db: Database) -> None:
    sender, receiver = officer(db, HANGZHOU), officer(db, NINGBO)
    clue = send(db, sender)
    act(db, "acknowledge", receiver, clue.id, expected_version=1)
    with pytest.raises(Conflict) as info:
        act(db, "withdraw", sender, clue.id, expected_version=1, **WITHDRAW)
    assert info.value.code == "stale_version"
    assert status_of(db, clue.id) == "acknowledged"


def run_together(n: int, call: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)

    def go(i: int) -> Any:
        barrier.wait()
        try:
            return call(i)
        except Exception as exc:  # the loser's answer is what the test checks
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(go, range(n)))


def test_racing_duplicate_submissions_give_one_clue(db: Database) -> None:
    sender = officer(db, HANGZHOU)
    results = run_together(4, lambda _i: send(db, sender, source_ref="RACE-1").id)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    with db.session(write=False) as session:
        assert audit.verify(session).ok


def test_racing_acknowledgements_let_one_win(db: Database) -> None:
    sender = officer(db, HANGZHOU)
    receivers = [officer(db, NINGBO), officer(db, NINGBO)]
    clue = send(db, sender)
    results = run_together(
        2, lambda i: act(db, "acknowledge", receivers[i], clue.id, expected_version=1).status
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "str"]
    with db.session(write=False) as session:
        events = [e.code for e in visible_clue(session, sender, clue.id).events]
    assert events == ["sent", "acknowledged"]


# --- bad input ---------------------------------------------------------------------------------


def test_bad_sends_are_refused_with_the_field_named(db: Database) -> None:
    sender = officer(db, HANGZHOU)
    cases = [
        ({"receiver_region": HANGZHOU}, "receiver_region", "itself"),
        ({"receiver_region": "33010"}, "receiver_region", "6 digits"),
        ({"subject_uscc": "91330100MA2"}, "subject_uscc", "18 characters"),
    ]
    for overrides, field, message in cases:
        with pytest.raises(InvalidInput, match=message) as info:
            send(db, sender, **overrides)
        assert info.value.field == field
    # Another department of the bureau's own region is a valid receiver.
    assert send(db, sender, receiver_region=HANGZHOU, receiver_department="customs").id
    with pytest.raises(PermissionDenied, match="region"):
        send(db, user(db, Role.ENFORCEMENT_OFFICER))
    with pytest.raises(PermissionDenied):
        send(db, user(db, Role.AGENT))


# --- screening clues -------------------------------------------------------------------------


def screening_draft(db: Database, division: str = NINGBO) -> int:
    with db.session(write=True) as session:
        draft = ScreeningClue(
            subject_name="宁波某科技有限公司",
            division_code=division,
            summary="同一申请人短期内提交大量内容高度相似的实用新型申请。",
            status="draft",
        )
        session.add(draft)
        session.flush()
        return draft.id


def transfer(
    db: Database, who: Principal, draft_id: int, **kwargs: Any
) -> tuple[ProtectionClue, bool]:
    with db.session(write=True) as session:
        return svc.do_transfer_screening_clue(
            session, actor=who, screening_clue_id=draft_id, on=MONDAY,
            calendar=WorkingDayCalendar(), **kwargs,
        )  # fmt: skip


def screening_status(db: Database, draft_id: int) -> tuple[str, bool]:
    with db.session(write=False) as session:
        draft = session.get(ScreeningClue, draft_id)
        assert draft is not None
        return draft.status, draft.transferred_at is not None


def test_a_screening_clue_is_transferred_and_kept_in_step(db: Database) -> None:
    examiner, receiver = user(db, Role.EXAMINER), officer(db, NINGBO)
    draft_id = screening_draft(db)
    clue, created = transfer(db, examiner, draft_id)
    assert created and clue.sender_region == NATIONAL_DESK and clue.receiver_region == NINGBO
    assert (clue.screening_clue_id, clue.category) == (draft_id, "abnormal_patent_filing")
    assert screening_status(db, draft_id) == ("transferred", True)
    again, created_again = transfer(db, examiner, draft_id)
    assert (again.id, created_again) == (clue.id, False)
    with pytest.raises(Conflict) as info:
        transfer(db, examiner, draft_id, receiver_region=SUZHOU)
    assert info.value.code == "already_transferred"
    act(db, "acknowledge", receiver, clue.id)
    assert screening_status(db, draft_id) == ("received", True)
    act(db, "answer", receiver, clue.id, outcome="no_infringement", text="核查后未发现违法行为。")
    assert screening_status(db, draft_id) == ("closed", True)
    with db.session(write=False) as session:
        assert [c.id for c in list_box(session, examiner, box="outbox", today=MONDAY)[0]] == [
            clue.id
        ]


def test_a_withdrawn_screening_clue_goes_back_to_draft_and_can_go_elsewhere(db: Database) -> None:
    examiner = user(db, Role.EXAMINER)
    draft_id = screening_draft(db)
    clue, _ = transfer(db, examiner, draft_id)
    act(db, "withdraw", examiner, clue.id, reason="收件地区有误")
    assert screening_status(db, draft_id) == ("draft", False)
    moved, created = transfer(db, examiner, draft_id, receiver_region=SUZHOU)
    assert created and moved.receiver_region == SUZHOU


def test_only_screening_staff_transfer_and_only_existing_drafts(db: Database) -> None:
    draft_id = screening_draft(db)
    with pytest.raises(PermissionDenied):
        transfer(db, officer(db, HANGZHOU), draft_id)
    with pytest.raises(NotFound):
        transfer(db, user(db, Role.ADMINISTRATOR), 9999)
    with pytest.raises(InvalidInput, match="category"):
        transfer(db, user(db, Role.ADMINISTRATOR), draft_id, category="spam")
    assert screening_status(db, draft_id) == ("draft", False)
