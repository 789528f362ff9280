"""Steps of a trademark proceeding after it is filed: service of an opposition on the opposed
applicant, the answer, an approved extension of the decision period, the decision (with its
effect on the application), withdrawal and non-acceptance.

Each `do_*` checks who may act (role and side, `tm_workflow.authorize_proceeding`), refuses a
stale `expected_version`, writes the application's timeline event and the audit record, and
flushes; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ipoffice.applications.models import Application
from ipoffice.applications.workflow import Status
from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.core.periods import compute_deadline
from ipoffice.trademarks.examination import (
    add_event,
    check_date,
    check_goods,
    require_examiner,
    set_status,
)
from ipoffice.trademarks.examination_models import TrademarkProceeding, TrademarkRefusal
from ipoffice.trademarks.examination_periods import (
    OPPOSITION_ANSWER,
    OPPOSITION_DECISION,
    OPPOSITION_EXTENSION,
    REVIEW_RULES,
    is_on_time,
    opposition_window,
)
from ipoffice.trademarks.examination_schemas import (
    AnswerCreate,
    CloseRequest,
    DecisionCreate,
    ExtensionCreate,
    ServiceRecord,
)
from ipoffice.trademarks.proceedings import get_proceeding, sides_of
from ipoffice.trademarks.tm_workflow import (
    APPLICATION_EFFECTS,
    OPEN_STATUSES,
    OUTCOMES,
    Outcome,
    ProceedingKind,
    ProceedingStatus,
    ProceedingTransition,
    authorize_proceeding,
)


@dataclass(frozen=True)
class DecisionPeriod:
    rule_id: str
    extension_id: str
    start: date


def decision_period(
    proceeding: TrademarkProceeding, calendar: WorkingDayCalendar
) -> DecisionPeriod:
    """The decision period of a proceeding and the date it runs from: for an opposition the
    end of the opposition period (Art. 35), for a review the day the request was received
    (Art. 34, 35). CalendarNotCovered when the opposition period's end is not known."""
    kind = ProceedingKind(proceeding.kind)
    if kind is ProceedingKind.OPPOSITION:
        assert proceeding.announced_on is not None
        end = opposition_window(proceeding.announced_on, calendar).due
        return DecisionPeriod(OPPOSITION_DECISION, OPPOSITION_EXTENSION, end)
    _request, decision, extension = REVIEW_RULES[kind.value]
    return DecisionPeriod(decision, extension, proceeding.filed_on)


@dataclass
class Step:
    """An authorised status change of a proceeding, not applied yet."""

    proceeding: TrademarkProceeding
    application: Application
    target: ProceedingStatus
    transition: ProceedingTransition

    def apply(self, *, on: date, actor_id: int, note: str | None = None) -> None:
        # The event first: loading the timeline may autoflush, and the proceeding's version
        # should move once per step, not once per flush.
        add_event(
            self.application,
            self.transition.event,
            on=on,
            actor_id=actor_id,
            note=note,
            public=self.transition.public,
        )
        self.proceeding.status = self.target.value


def _authorize(
    session: Session,
    *,
    principal: Principal,
    proceeding_id: int,
    expected_version: int,
    target: ProceedingStatus,
) -> Step:
    """Check who may make the change and that the caller saw the current version."""
    proceeding, application = get_proceeding(session, principal, proceeding_id)
    kind = ProceedingKind(proceeding.kind)
    transition = authorize_proceeding(
        kind,
        ProceedingStatus(proceeding.status),
        target,
        roles=principal.roles,
        sides=sides_of(principal, proceeding, application),
    )
    check_version(proceeding.version, expected_version, f"proceeding {proceeding.id}")
    return Step(proceeding, application, target, transition)


def _finish(
    session: Session, principal: Principal, step: Step, action: str, **payload: Any
) -> None:
    flush_or_conflict(session, f"proceeding {step.proceeding.id}")
    audit.record(
        session,
        actor=principal.actor,
        action=action,
        entity="trademark_proceeding",
        entity_id=step.proceeding.id,
        payload={"status": step.proceeding.status, **payload},
    )


def do_serve_opposition(
    session: Session, *, principal: Principal, proceeding_id: int, data: ServiceRecord, today: date
) -> TrademarkProceeding:
    """Record service of the opposition copy on the opposed applicant: its answer period
    (30 days, Implementing Regulations Art. 27) runs from that day."""
    step = _authorize(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        expected_version=data.expected_version,
        target=ProceedingStatus.SERVED,
    )
    check_date(data.served_on, field="served_on", today=today, after=step.proceeding.filed_on)
    step.apply(on=data.served_on, actor_id=principal.user_id)
    step.proceeding.served_on = data.served_on
    _finish(session, principal, step, "serve_opposition", served_on=data.served_on)
    return step.proceeding


def do_answer_opposition(
    session: Session,
    *,
    principal: Principal,
    proceeding_id: int,
    data: AnswerCreate,
    today: date,
    calendar: WorkingDayCalendar,
) -> TrademarkProceeding:
    """The opposed applicant's answer, within its answer period."""
    step = _authorize(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        expected_version=data.expected_version,
        target=ProceedingStatus.ANSWERED,
    )
    served = step.proceeding.served_on
    assert served is not None  # the answer follows service in the transition table
    if not is_on_time(OPPOSITION_ANSWER, served, today, calendar):
        due = compute_deadline(OPPOSITION_ANSWER, served, calendar=calendar).due
        raise Conflict(
            f"the answer period of proceeding {proceeding_id} ended on {due}; the office "
            "decides on the file as it stands",
            code="late_filing",
        )
    step.apply(on=today, actor_id=principal.user_id)
    step.proceeding.answered_on = today
    step.proceeding.answer = data.answer
    _finish(session, principal, step, "answer_opposition", answered_on=today)
    return step.proceeding


def do_extend_proceeding(
    session: Session,
    *,
    principal: Principal,
    proceeding_id: int,
    data: ExtensionCreate,
    today: date,
    calendar: WorkingDayCalendar,
) -> TrademarkProceeding:
    """Record the approved extension of the decision period (Art. 34: 3 months for a
    refusal review; Art. 35: 6 months for an opposition or a non-registration review)."""
    require_examiner(principal)
    proceeding, application = get_proceeding(session, principal, proceeding_id)
    if ProceedingStatus(proceeding.status) not in OPEN_STATUSES:
        raise Conflict(f"proceeding {proceeding_id} is {proceeding.status}", code="closed")
    check_version(proceeding.version, data.expected_version, f"proceeding {proceeding_id}")
    if proceeding.extension_approved_on is not None:
        raise Conflict(
            f"the decision period of proceeding {proceeding_id} was already extended on "
            f"{proceeding.extension_approved_on}; the law allows one extension",
            code="already_extended",
        )
    check_date(data.approved_on, field="approved_on", today=today, after=proceeding.filed_on)
    period = decision_period(proceeding, calendar)
    if not is_on_time(period.rule_id, period.start, data.approved_on, calendar):
        due = compute_deadline(period.rule_id, period.start, calendar=calendar).due
        raise Conflict(
            f"the decision period of proceeding {proceeding_id} ended on {due}; an extension "
            "is approved before it ends",
            field="approved_on",
            code="late_filing",
        )
    proceeding.extension_approved_on = data.approved_on
    proceeding.extension_reference = data.approval_reference
    add_event(
        application,
        "proceeding_extended",
        on=data.approved_on,
        actor_id=principal.user_id,
        public=False,
    )
    flush_or_conflict(session, f"proceeding {proceeding_id}")
    audit.record(
        session,
        actor=principal.actor,
        action="extend_proceeding",
        entity="trademark_proceeding",
        entity_id=proceeding_id,
        payload=data.model_dump(exclude={"expected_version"}),
    )
    return proceeding


def _apply_effect(
    session: Session, principal: Principal, step: Step, outcome: Outcome, on: date
) -> None:
    """What the decision does to the application (see `tm_workflow.APPLICATION_EFFECTS`)."""
    proceeding, application = step.proceeding, step.application
    refusal = session.get(TrademarkRefusal, proceeding.refusal_id or 0)
    if refusal is not None and refusal.scope == "partial":
        return  # the refused goods are restored or not; the application's status is unchanged
    effect = APPLICATION_EFFECTS.get((ProceedingKind(proceeding.kind), outcome))
    if effect is None or application.status == effect.to_status:
        return
    if application.status != effect.from_status:
        raise Conflict(
            f"application {application.number} is {application.status}; this decision needs it "
            f"{effect.from_status.value}",
            code="transition_not_allowed",
        )
    set_status(application, effect.to_status, on=on, event=effect.event, actor_id=principal.user_id)


def _opposition_refusal(
    session: Session, step: Step, data: DecisionCreate, principal: Principal
) -> None:
    """A (partial) non-registration is a refusal notice the applicant may have reviewed."""
    scope = "partial" if data.outcome is Outcome.REGISTRATION_PARTLY_REFUSED else "whole"
    session.add(
        TrademarkRefusal(
            application_id=step.application.id,
            stage="opposition",
            scope=scope,
            refused_goods=check_goods(step.application, data.goods) if scope == "partial" else [],
            grounds=list(step.proceeding.grounds),
            reasons=data.reasons,
            decided_on=data.decided_on,
            notice_dispatched_on=data.decided_on,
            created_by=principal.user_id,
        )
    )


def _check_decision(
    step: Step, data: DecisionCreate, today: date, calendar: WorkingDayCalendar
) -> None:
    proceeding = step.proceeding
    kind = ProceedingKind(proceeding.kind)
    if data.outcome not in OUTCOMES[kind]:
        allowed = ", ".join(o.value for o in OUTCOMES[kind])
        raise InvalidInput(f"a {kind.value} ends with one of: {allowed}", field="outcome")
    if (data.outcome is Outcome.REGISTRATION_PARTLY_REFUSED) != bool(data.goods):
        raise InvalidInput(
            "name the refused goods for a partial refusal, and only then", field="goods"
        )
    after = proceeding.answered_on or proceeding.served_on or proceeding.filed_on
    check_date(data.decided_on, field="decided_on", today=today, after=after)
    served = proceeding.served_on
    waiting = kind is ProceedingKind.OPPOSITION and proceeding.answered_on is None
    if waiting and served and is_on_time(OPPOSITION_ANSWER, served, data.decided_on, calendar):
        due = compute_deadline(OPPOSITION_ANSWER, served, calendar=calendar).due
        raise Conflict(
            f"the opposed applicant may answer until {due}; decide after that day or once "
            "the answer is in",
            field="decided_on",
            code="answer_period_running",
        )


def do_decide_proceeding(
    session: Session,
    *,
    principal: Principal,
    proceeding_id: int,
    data: DecisionCreate,
    today: date,
    calendar: WorkingDayCalendar,
) -> TrademarkProceeding:
    """Decide an opposition (register, refuse, refuse for some goods) or a review (uphold,
    reverse), and apply the decision to the application."""
    step = _authorize(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        expected_version=data.expected_version,
        target=ProceedingStatus.DECIDED,
    )
    _check_decision(step, data, today, calendar)
    step.apply(on=data.decided_on, actor_id=principal.user_id, note=data.outcome.value)
    proceeding = step.proceeding
    proceeding.decided_on = data.decided_on
    proceeding.outcome = data.outcome.value
    proceeding.decision_goods = [g.model_dump() for g in data.goods]
    proceeding.decision_note = data.reasons
    proceeding.decided_by = principal.user_id
    refuses = data.outcome in (Outcome.REGISTRATION_REFUSED, Outcome.REGISTRATION_PARTLY_REFUSED)
    if refuses and step.application.status == Status.PRELIMINARY_APPROVAL:
        _opposition_refusal(session, step, data, principal)
    _apply_effect(session, principal, step, data.outcome, data.decided_on)
    payload = data.model_dump(mode="json", exclude={"expected_version"})
    _finish(session, principal, step, "decide_proceeding", **payload)
    return proceeding


def do_close_proceeding(
    session: Session,
    *,
    principal: Principal,
    proceeding_id: int,
    target: ProceedingStatus,
    data: CloseRequest,
    today: date,
) -> TrademarkProceeding:
    """Withdrawal by the requester, or non-acceptance by the office (with reasons)."""
    if target not in (ProceedingStatus.WITHDRAWN, ProceedingStatus.NOT_ACCEPTED):
        raise InvalidInput("a proceeding is closed by withdrawal or non-acceptance", field="to")
    step = _authorize(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        expected_version=data.expected_version,
        target=target,
    )
    if target is ProceedingStatus.NOT_ACCEPTED and not data.note:
        raise InvalidInput("say why the proceeding is not accepted", field="note")
    step.apply(on=today, actor_id=principal.user_id, note=data.note)
    step.proceeding.closed_note = data.note
    action = "withdraw_proceeding" if target is ProceedingStatus.WITHDRAWN else "refuse_proceeding"
    _finish(session, principal, step, action, note=data.note, on=today)
    return step.proceeding
