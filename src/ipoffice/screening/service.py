"""The screening record's runs and findings: importing a batch report, the review queue, and
the examiners' review. Clues and credit proposals are in `referrals`, office rules in
`rule_store`; all three follow the same pattern.

Each write checks who is acting, applies the change, writes the audit record and flushes; the
caller owns the transaction. Nothing here decides anything against an applicant: an import only
records what the batch screening said, and a finding changes status only by a reviewer's action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from sqlalchemy import Select, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.db.base import utcnow
from ipoffice.screening.findings import BEHAVIOURS
from ipoffice.screening.models import (
    RiskScore,
    ScreeningFinding,
    ScreeningRun,
    clue_findings,
    credit_findings,
)
from ipoffice.screening.schemas import (
    Decision,
    FindingRead,
    ParsedReport,
    RunMeta,
    parse_report,
)

REVIEWERS = frozenset({Role.EXAMINER, Role.ADMINISTRATOR})
# Reopening undoes a person's decision, so it is kept to the administrators.
REOPENERS = frozenset({Role.ADMINISTRATOR})
# Rows per INSERT statement: large enough to be fast, small enough to bound memory per statement.
INSERT_CHUNK = 5000

T = TypeVar("T")


# --- runs -----------------------------------------------------------------------------------


def _run_by_digest(session: Session, digest: str) -> ScreeningRun | None:
    return session.scalar(select(ScreeningRun).where(ScreeningRun.digest == digest))


def import_run(
    session: Session,
    lines: Iterable[str | Mapping[str, Any]],
    meta: RunMeta,
    *,
    actor: audit.Actor,
) -> tuple[ScreeningRun, bool]:
    """Record a batch report; returns (run, created). Every line is checked before anything is
    written, and the same report imported again returns the first run."""
    report = parse_report(lines)
    existing = _run_by_digest(session, report.digest)
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            run = ScreeningRun(
                source=meta.source,
                digest=report.digest,
                engine=meta.engine,
                as_of=meta.as_of,
                parameters=meta.parameters,
                application_count=len(report.applications),
                flagged_count=sum(1 for a in report.applications if a.findings),
                finding_count=sum(len(a.findings) for a in report.applications),
                subject_count=len(report.subjects),
                started_at=meta.started_at,
                finished_at=meta.finished_at,
                created_by=actor.id,
            )
            session.add(run)
            session.flush()
            _insert_rows(session, run.id, report)
    except IntegrityError:
        # A concurrent import of the same report won the race on the digest's unique index.
        existing = _run_by_digest(session, report.digest)
        if existing is None:
            raise
        return existing, False
    audit.record(
        session,
        actor=actor,
        action="import_screening_run",
        entity="screening_run",
        entity_id=run.id,
        payload={
            **meta.model_dump(),
            "digest": run.digest,
            "applications": run.application_count,
            "flagged": run.flagged_count,
            "findings": run.finding_count,
            "subjects": run.subject_count,
        },
    )
    return run, True


def _chunks(rows: Iterable[T]) -> Iterable[list[T]]:
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= INSERT_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert_rows(session: Session, run_id: int, report: ParsedReport) -> None:
    now = utcnow()
    findings = (
        {
            "run_id": run_id,
            "application_id": app.id,
            "application_risk": app.risk,
            "behaviour": f.behaviour,
            "detector": f.detector,
            "score": f.score,
            "evidence": f.evidence,
            "related": f.related,
            "status": "open",
            "created_at": now,
            "version": 1,
        }
        for app in report.applications
        for f in app.findings
    )
    risks = [
        {"run_id": run_id, "kind": "application", "subject": app.id, "risk": app.risk,
         "applications": 1, "flagged": int(bool(app.findings)), "mean_risk": None}
        for app in report.applications
    ] + [
        {"run_id": run_id, "kind": s.kind, "subject": s.subject, "risk": s.risk,
         "applications": s.applications, "flagged": s.flagged, "mean_risk": s.mean_risk}
        for s in report.subjects
    ]  # fmt: skip
    # Core inserts (executemany): no ORM objects for rows nobody edits during the import.
    for chunk in _chunks(findings):
        session.execute(insert(cast(Table, ScreeningFinding.__table__)), chunk)
    for risk_chunk in _chunks(risks):
        session.execute(insert(cast(Table, RiskScore.__table__)), risk_chunk)


def get_run(session: Session, run_id: int) -> ScreeningRun:
    run = session.get(ScreeningRun, run_id)
    if run is None:
        raise NotFound(f"no screening run with id {run_id}", field="run_id")
    return run


def list_runs(
    session: Session, *, limit: int = 50, offset: int = 0
) -> tuple[list[ScreeningRun], int]:
    total = int(session.scalar(select(func.count()).select_from(ScreeningRun)) or 0)
    rows = session.scalars(
        select(ScreeningRun).order_by(ScreeningRun.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), total


def list_risks(
    session: Session,
    *,
    kind: str,
    run_id: int | None = None,
    min_risk: float = 0.0,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[RiskScore], int, ScreeningRun | None]:
    """Risk rows of one run (the latest by default), highest risk first."""
    if run_id is not None:
        run: ScreeningRun | None = get_run(session, run_id)
    else:
        run = session.scalar(select(ScreeningRun).order_by(ScreeningRun.id.desc()).limit(1))
    if run is None:
        return [], 0, None
    stmt = select(RiskScore).where(
        RiskScore.run_id == run.id, RiskScore.kind == kind, RiskScore.risk >= min_risk
    )
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(
        stmt.order_by(RiskScore.risk.desc(), RiskScore.flagged.desc(), RiskScore.subject)
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total, run


# --- findings -------------------------------------------------------------------------------


def get_finding(session: Session, finding_id: int) -> ScreeningFinding:
    finding = session.get(ScreeningFinding, finding_id)
    if finding is None:
        raise NotFound(f"no screening finding with id {finding_id}", field="finding_id")
    return finding


def _finding_filter(
    stmt: Select[ScreeningFinding],
    *,
    status: str | None,
    behaviour: str | None,
    min_score: float | None,
    application: str | None,
    run_id: int | None,
) -> Select[ScreeningFinding]:
    if status is not None:
        stmt = stmt.where(ScreeningFinding.status == status)
    if behaviour is not None:
        stmt = stmt.where(ScreeningFinding.behaviour == behaviour)
    if min_score is not None:
        stmt = stmt.where(ScreeningFinding.score >= min_score)
    if application:
        stmt = stmt.where(ScreeningFinding.application_id == application.strip())
    if run_id is not None:
        stmt = stmt.where(ScreeningFinding.run_id == run_id)
    return stmt


def list_findings(
    session: Session,
    *,
    status: str | None = None,
    behaviour: str | None = None,
    min_score: float | None = None,
    application: str | None = None,
    run_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ScreeningFinding], int]:
    """Findings, riskiest application first, an application's findings together, strongest
    first; with the total count."""
    stmt = _finding_filter(
        select(ScreeningFinding),
        status=status,
        behaviour=behaviour,
        min_score=min_score,
        application=application,
        run_id=run_id,
    )
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(
        stmt.order_by(
            ScreeningFinding.application_risk.desc(),
            ScreeningFinding.application_id,
            ScreeningFinding.score.desc(),
            ScreeningFinding.id,
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def finding_counts(session: Session, *, status: str | None = None) -> dict[str, dict[str, int]]:
    """Findings per status, and per behaviour among those with `status` (all when None)."""
    by_status = session.execute(
        select(ScreeningFinding.status, func.count()).group_by(ScreeningFinding.status)
    ).all()
    stmt = select(ScreeningFinding.behaviour, func.count()).group_by(ScreeningFinding.behaviour)
    if status is not None:
        stmt = stmt.where(ScreeningFinding.status == status)
    by_behaviour = session.execute(stmt).all()
    return {
        "status": {str(s): int(n) for s, n in by_status},
        "behaviour": {str(b): int(n) for b, n in by_behaviour},
    }


def review_finding(
    session: Session,
    *,
    principal: Principal,
    finding_id: int,
    decision: Decision,
    expected_version: int,
    note: str | None = None,
) -> ScreeningFinding:
    """Confirm or dismiss an open finding (a note is required to dismiss), or, as an
    administrator, reopen a reviewed one (with a note saying why)."""
    principal.require_any(REVIEWERS, "reviewing a finding")
    finding = get_finding(session, finding_id)
    if decision == "reopen":
        principal.require_any(REOPENERS, "reopening a reviewed finding")
    check_version(finding.version, expected_version, f"finding {finding_id}")
    note = (note or "").strip() or None
    before = finding.status
    if decision == "reopen":
        _reopen(session, finding, note)
    else:
        if before != "open":
            raise Conflict(
                f"finding {finding_id} was already {before}; an administrator may reopen it",
                field="decision",
                code="already_reviewed",
            )
        if decision == "dismiss" and note is None:
            raise InvalidInput("say why the finding is dismissed", field="note")
        finding.status = "confirmed" if decision == "confirm" else "dismissed"
        finding.reviewer_id = principal.user_id
        finding.reviewed_at = utcnow()
        finding.review_note = note
    flush_or_conflict(session, f"finding {finding_id}")
    audit.record(
        session,
        actor=principal.actor,
        action="review_finding",
        entity="screening_finding",
        entity_id=finding.id,
        payload={
            "decision": decision,
            "from": before,
            "to": finding.status,
            "note": note,
            "application_id": finding.application_id,
            "run_id": finding.run_id,
        },
    )
    return finding


def _reopen(session: Session, finding: ScreeningFinding, note: str | None) -> None:
    if finding.status == "open":
        raise Conflict(f"finding {finding.id} is open already", field="decision", code="is_open")
    if note is None:
        raise InvalidInput("say why the finding is reopened", field="note")
    clues = session.scalars(
        select(clue_findings.c.clue_id).where(clue_findings.c.finding_id == finding.id)
    ).all()
    records = session.scalars(
        select(credit_findings.c.record_id).where(credit_findings.c.finding_id == finding.id)
    ).all()
    if clues or records:
        raise Conflict(
            f"finding {finding.id} is the basis of clue(s) {sorted(clues)} and credit "
            f"record(s) {sorted(records)}; it cannot be reopened while they stand",
            field="finding_id",
            code="finding_cited",
        )
    finding.status = "open"
    finding.reviewer_id = None
    finding.reviewed_at = None
    finding.review_note = None


def finding_read(finding: ScreeningFinding) -> FindingRead:
    zh, en = BEHAVIOURS[finding.behaviour]
    return FindingRead(
        id=finding.id,
        run_id=finding.run_id,
        as_of=finding.run.as_of,
        application_id=finding.application_id,
        application_risk=finding.application_risk,
        behaviour=finding.behaviour,
        behaviour_label_zh=zh,
        behaviour_label_en=en,
        detector=finding.detector,
        score=finding.score,
        evidence=finding.evidence,
        related=finding.related,
        status=finding.status,  # type: ignore[arg-type]  # checked by the table's constraint
        reviewer_id=finding.reviewer_id,
        reviewed_at=finding.reviewed_at,
        review_note=finding.review_note,
        version=finding.version,
    )
