"""Records the bad-faith screening reads beside the register: assignments and transfer offers,
use evidence, and an applicant's business scope.

Each `do_*` checks the role, writes the row and the audit record and flushes; the caller owns
the transaction. The same assignment or use evidence entered twice is one row (a digest of its
content is unique, so a racing duplicate also gives one row); the scope carries a `version`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ipoffice.core import audit
from ipoffice.core.concurrency import check_version
from ipoffice.core.errors import Conflict, InvalidInput, PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.trademarks.applicant_profile import resolve_applicant_key
from ipoffice.trademarks.bad_faith_models import BusinessScope, MarkAssignment, UseEvidence
from ipoffice.trademarks.bad_faith_schemas import AssignmentCreate, ScopeSet, UseEvidenceCreate
from ipoffice.trademarks.bad_faith_workflow import STAFF
from ipoffice.trademarks.register import get_mark


def require_staff(actor: Principal, what: str) -> None:
    if not actor.has_any(STAFF):
        raise PermissionDenied(f"{what} needs the examiner or administrator role")


def _digest(*parts: Any) -> str:
    body = json.dumps(parts, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


_Row = TypeVar("_Row", MarkAssignment, UseEvidence)


def _once(session: Session, model: type[_Row], key: str, row: _Row) -> tuple[_Row, bool]:
    """Insert `row` unless a row with its `dedupe_key` exists; a racing twin gives the first."""
    existing = session.scalar(select(model).where(model.dedupe_key == key))
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        winner = session.scalar(select(model).where(model.dedupe_key == key))
        if winner is None:
            raise
        return winner, False
    return row, True


def do_record_assignment(
    session: Session, *, actor: Principal, number: str, data: AssignmentCreate, today: date
) -> tuple[MarkAssignment, bool]:
    """Record an assignment or a transfer offer of a mark; returns (row, created)."""
    require_staff(actor, "recording an assignment")
    mark = get_mark(session, number)
    if data.dated_on > today:
        raise InvalidInput(
            f"dated_on {data.dated_on} is in the future (today is {today})", field="dated_on"
        )
    if data.dated_on < mark.filing_date:
        raise InvalidInput(
            f"dated_on {data.dated_on} is before the mark's filing date {mark.filing_date}",
            field="dated_on",
        )
    key = _digest(mark.id, data.kind, data.assignor, data.assignee, data.dated_on)
    row, created = _once(
        session,
        MarkAssignment,
        key,
        MarkAssignment(
            mark_id=mark.id,
            kind=data.kind,
            assignor=data.assignor,
            assignee=data.assignee,
            dated_on=data.dated_on,
            reference=data.reference,
            dedupe_key=key,
            recorded_by=actor.user_id,
        ),
    )
    if created:
        audit.record(
            session,
            actor=actor.actor,
            action="record_mark_assignment",
            entity="trademark_mark",
            entity_id=mark.number,
            payload={**data.model_dump(), "assignment_id": row.id},
        )
    return row, created


def do_record_use_evidence(
    session: Session, *, actor: Principal, number: str, data: UseEvidenceCreate, today: date
) -> tuple[UseEvidence, bool]:
    """Record evidence of a mark's use in a period; returns (row, created)."""
    require_staff(actor, "recording use evidence")
    mark = get_mark(session, number)
    if data.used_to > today:
        raise InvalidInput(f"used_to {data.used_to} is in the future", field="used_to")
    key = _digest(mark.id, data.used_from, data.used_to, data.description, data.reference)
    row, created = _once(
        session,
        UseEvidence,
        key,
        UseEvidence(
            mark_id=mark.id,
            used_from=data.used_from,
            used_to=data.used_to,
            description=data.description,
            reference=data.reference,
            dedupe_key=key,
            recorded_by=actor.user_id,
        ),
    )
    if created:
        audit.record(
            session,
            actor=actor.actor,
            action="record_use_evidence",
            entity="trademark_mark",
            entity_id=mark.number,
            payload={**data.model_dump(), "use_evidence_id": row.id},
        )
    return row, created


def do_set_business_scope(session: Session, *, actor: Principal, data: ScopeSet) -> BusinessScope:
    """Record (or replace) an applicant's business scope as Nice classes."""
    require_staff(actor, "recording a business scope")
    ref = resolve_applicant_key(session, data.applicant)
    row = session.scalar(select(BusinessScope).where(BusinessScope.applicant_key == ref.key))
    before = None
    if row is None:
        if data.expected_version is not None:
            raise Conflict(
                f"no business scope is on record for {ref.key}; send no expected_version",
                field="expected_version",
                code="stale_version",
            )
        row = BusinessScope(applicant_key=ref.key)
        session.add(row)
    else:
        check_version(row.version, data.expected_version, f"the business scope of {ref.key}")
        before = {"classes": row.classes, "description": row.description, "source": row.source}
    row.applicant_name = ref.name
    row.classes = sorted(data.classes)
    row.description = data.description
    row.source = data.source
    row.recorded_by = actor.user_id
    try:
        with session.begin_nested():
            session.flush()
    except (IntegrityError, StaleDataError) as exc:
        raise Conflict(
            f"the business scope of {ref.key} was recorded by someone else at the same time; "
            "reload and try again",
            field="expected_version",
            code="stale_version",
        ) from exc
    audit.record(
        session,
        actor=actor.actor,
        action="set_business_scope",
        entity="trademark_applicant",
        entity_id=ref.key,
        payload={**data.model_dump(), "before": before},
    )
    return row
