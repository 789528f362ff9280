"""Proceedings of an accepted dispute case: the collegial panel, hearings, mediation rounds
and the one extension of the closure period. Same rules as `case_actions`: officers of the
case's bureau, `expected_version`, dated steps, timeline event and audit record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import Conflict, InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.core.models import User
from ipoffice.core.periods import rule_in_force
from ipoffice.core.roles import Role
from ipoffice.protection.case_actions import (
    acting_case,
    check_date,
    finish,
    move_case,
    open_mediation,
)
from ipoffice.protection.case_clock import case_deadlines
from ipoffice.protection.case_models import (
    CaseExtension,
    CaseHearing,
    CaseMediation,
    DisputeCase,
    PanelMember,
)
from ipoffice.protection.case_service import case_facts
from ipoffice.protection.case_workflow import CaseStatus, authorize_step, authorize_transition

S = CaseStatus


def _panel_users(session: Session, case: DisputeCase, usernames: Sequence[str]) -> dict[str, User]:
    names = [u.strip().lower() for u in usernames]
    if len(set(names)) != len(names):
        raise InvalidInput("a panel member is listed twice", field="members")
    if len(names) < 3 or len(names) % 2 == 0:
        raise InvalidInput(
            f"a collegial panel has 3 or more members, an odd number; got {len(names)}",
            field="members",
        )
    users = {u.username: u for u in session.scalars(select(User).where(User.username.in_(names)))}
    for name in names:
        user = users.get(name)
        if user is None or not user.is_active:
            raise InvalidInput(f"no active user {name!r}", field="members")
        if Role.ENFORCEMENT_OFFICER.value not in user.roles:
            raise InvalidInput(f"{name} is not an enforcement officer", field="members")
        if user.region_code != case.region_code:
            raise InvalidInput(
                f"{name} is not an officer of bureau {case.region_code}", field="members"
            )
    return users


def do_form_panel(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    members: Sequence[str],
    presiding: str,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """Form (or re-form) the collegial panel: 3 or more officers of the bureau, odd number."""
    case = acting_case(session, principal, number, expected_version)
    step = authorize_step("panel", CaseStatus(case.status), roles=principal.roles)
    check_date(case, on, today)
    users = _panel_users(session, case, members)
    chair = presiding.strip().lower()
    if chair not in users:
        raise InvalidInput("the presiding member must be one of the members", field="presiding")
    case.panel.clear()
    session.flush()  # the old panel goes before the new rows reuse (case, user) pairs
    case.panel.extend(
        PanelMember(user_id=users[name].id, presiding=name == chair) for name in sorted(users)
    )
    return finish(
        session,
        principal=principal,
        case=case,
        event=step.event,
        on=on,
        note=note or ", ".join(sorted(users)),
        action="form_panel",
        payload={"members": sorted(users), "presiding": chair},
    )


def do_schedule_hearing(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    hearing_on: date,
    place: str,
    on: date,
    time_of_day: str | None = None,
    notice: str | None = None,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """Schedule a hearing; `on` is the day the parties were notified."""
    case = acting_case(session, principal, number, expected_version)
    step = authorize_step("hearing", CaseStatus(case.status), roles=principal.roles)
    check_date(case, on, today)
    if len(case.panel) < 3:
        raise Conflict(
            "form the collegial panel before scheduling a hearing", field="members", code="no_panel"
        )
    if hearing_on < on:
        raise InvalidInput(
            "the hearing cannot be before the parties are notified", field="hearing_on"
        )
    if not place.strip():
        raise InvalidInput("the hearing needs a place", field="place")
    session.add(
        CaseHearing(
            case_id=case.id,
            hearing_on=hearing_on,
            time_of_day=time_of_day,
            place=place.strip(),
            notified_on=on,
            notice=notice,
            created_by=principal.user_id,
        )
    )
    summary = f"{hearing_on.isoformat()} {time_of_day or ''} {place.strip()}".replace("  ", " ")
    return finish(
        session,
        principal=principal,
        case=case,
        event=step.event,
        on=on,
        note=note or summary,
        action="schedule_hearing",
        payload={"hearing_on": hearing_on, "place": place.strip(), "time_of_day": time_of_day},
    )


def do_start_mediation(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    case = acting_case(session, principal, number, expected_version)
    authorize_transition(CaseStatus(case.status), S.MEDIATION, roles=principal.roles)
    check_date(case, on, today)
    session.add(CaseMediation(case_id=case.id, started_on=on, note=note))
    return move_case(
        session, principal, case, S.MEDIATION, on=on, note=note, action="start_mediation"
    )


def do_end_mediation(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    agreement_text: str | None,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """With an agreement text the case closes by mediation; without, adjudication resumes."""
    case = acting_case(session, principal, number, expected_version)
    agreed = bool(agreement_text and agreement_text.strip())
    target = S.MEDIATED if agreed else S.HANDLING
    authorize_transition(CaseStatus(case.status), target, roles=principal.roles)
    check_date(case, on, today)
    mediation = open_mediation(session, case)
    if mediation is None:  # a mediation status always has its open round
        raise Conflict("no mediation round is open on this case", code="no_mediation")
    mediation.ended_on = on
    mediation.result = "agreement" if agreed else "failed"
    mediation.agreement_text = agreement_text.strip() if agreement_text and agreed else None
    if agreed:
        case.closed_on = on
    return move_case(
        session,
        principal,
        case,
        target,
        on=on,
        note=note,
        action="end_mediation",
        payload={"result": mediation.result, "agreement_text": mediation.agreement_text},
    )


def do_approve_extension(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    reason: str,
    calendar: WorkingDayCalendar,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """Approve the one extension of the closure period.

    The approver is an officer of the bureau who neither handles the case nor sits on its
    panel (the Measures require approval by the bureau's responsible person); the length is
    the rule in force on the acceptance date (+1 month under 2015, +2 under 2025).
    """
    case = acting_case(session, principal, number, expected_version)
    step = authorize_step("extension", CaseStatus(case.status), roles=principal.roles)
    check_date(case, on, today)
    if case.extension is not None:
        raise Conflict(
            "the closure period of this case was already extended once", code="already_extended"
        )
    if principal.user_id == case.handler_id or any(
        m.user_id == principal.user_id for m in case.panel
    ):
        raise Conflict(
            "an extension is approved by an officer who neither handles the case nor "
            "sits on its panel",
            code="approver_involved",
        )
    if not reason.strip():
        raise InvalidInput("an extension needs its reason", field="reason")
    assert case.accepted_on is not None  # every status of the step comes after acceptance
    _check_closure_still_running(case, on, calendar)
    rule = rule_in_force("patent.dispute.closure_extension", case.accepted_on)
    case.extension = CaseExtension(
        approved_on=on,
        months=rule.amount,
        rule_source=rule.source,
        reason=reason.strip(),
        approved_by=principal.user_id,
    )
    return finish(
        session,
        principal=principal,
        case=case,
        event=step.event,
        on=on,
        note=note or reason.strip(),
        action="approve_extension",
        payload={"months": rule.amount, "rule": rule.id, "reason": reason.strip()},
    )


def _check_closure_still_running(case: DisputeCase, on: date, calendar: WorkingDayCalendar) -> None:
    rows = case_deadlines(case_facts(case), today=on, calendar=calendar)
    closure = next((d for d in rows if d.key == "closure"), None)
    if closure is not None and closure.due is not None and on > closure.due:
        raise Conflict(
            f"the closure period ended on {closure.due.isoformat()}; an extension is approved "
            "before it ends",
            field="on",
            code="period_ended",
        )
