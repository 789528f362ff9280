"""Screening record API: runs, findings and their review, risk rows, clues, credit proposals,
and the office's rules. Examiners and administrators read and review; administrators import
runs, reopen reviewed findings and keep the rules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ipoffice.core.clock import office_today
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.screening import referrals, rule_store, service
from ipoffice.screening.schemas import (
    ClueCreate,
    ClueRead,
    CreditProposal,
    CreditRead,
    FindingRead,
    FindingStatus,
    ReviewRequest,
    RiskRead,
    RuleCreate,
    RuleRead,
    RuleUpdate,
    RunImport,
    RunMeta,
    RunRead,
    SubjectKind,
)
from ipoffice.web.access import DbSession, allow

router = APIRouter(prefix="/api/v1/screening", tags=["screening"])

EXAMINERS = (Role.EXAMINER, Role.ADMINISTRATOR)
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0)]
IdPath = Annotated[int, Path(ge=1)]
CodePath = Annotated[str, Path(max_length=40)]


class RunPage(BaseModel):
    total: int
    items: list[RunRead]


class FindingPage(BaseModel):
    total: int
    items: list[FindingRead]


class RiskPage(BaseModel):
    run: RunRead | None
    total: int
    items: list[RiskRead]


class CluePage(BaseModel):
    total: int
    items: list[ClueRead]


class CreditPage(BaseModel):
    total: int
    items: list[CreditRead]


@router.get("/runs", response_model=RunPage)
def list_runs(
    session: DbSession,
    _: Principal = allow(*EXAMINERS),
    limit: Limit = 50,
    offset: Offset = 0,
) -> RunPage:
    """Imported screening runs, newest first."""
    rows, total = service.list_runs(session, limit=limit, offset=offset)
    return RunPage(total=total, items=[RunRead.model_validate(r) for r in rows])


@router.post("/runs", response_model=RunRead, status_code=201)
def import_run(
    data: RunImport, session: DbSession, principal: Principal = allow(Role.ADMINISTRATOR)
) -> JSONResponse:
    """Import a batch report (its JSON Lines in `lines`). The same report imported again
    returns the first run with 200; a bad line refuses the whole report (422, by line)."""
    meta = RunMeta.model_validate(data.model_dump(exclude={"lines"}))
    run, created = service.import_run(session, data.lines, meta, actor=principal.actor)
    body = RunRead.model_validate(run).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


@router.get("/runs/{run_id}", response_model=RunRead)
def read_run(run_id: IdPath, session: DbSession, _: Principal = allow(*EXAMINERS)) -> RunRead:
    return RunRead.model_validate(service.get_run(session, run_id))


@router.get("/findings", response_model=FindingPage)
def list_findings(
    session: DbSession,
    _: Principal = allow(*EXAMINERS),
    status: FindingStatus | None = None,
    behaviour: Annotated[str | None, Query(max_length=32)] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    application: Annotated[str | None, Query(max_length=64)] = None,
    run_id: Annotated[int | None, Query(ge=1)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> FindingPage:
    """Findings, the riskiest application first, then by score."""
    rows, total = service.list_findings(
        session,
        status=status,
        behaviour=behaviour,
        min_score=min_score,
        application=application,
        run_id=run_id,
        limit=limit,
        offset=offset,
    )
    return FindingPage(total=total, items=[service.finding_read(f) for f in rows])


@router.get("/findings/{finding_id}", response_model=FindingRead)
def read_finding(
    finding_id: IdPath, session: DbSession, _: Principal = allow(*EXAMINERS)
) -> FindingRead:
    return service.finding_read(service.get_finding(session, finding_id))


@router.post("/findings/{finding_id}/review", response_model=FindingRead)
def review_finding(
    finding_id: IdPath,
    request: ReviewRequest,
    session: DbSession,
    principal: Principal = allow(*EXAMINERS),
) -> FindingRead:
    """Confirm or dismiss (with a note) an open finding; an administrator may reopen a
    reviewed one. `expected_version` guards against two reviewers deciding at once (409)."""
    finding = service.review_finding(
        session,
        principal=principal,
        finding_id=finding_id,
        decision=request.decision,
        expected_version=request.expected_version,
        note=request.note,
    )
    return service.finding_read(finding)


@router.get("/risks", response_model=RiskPage)
def list_risks(
    session: DbSession,
    kind: SubjectKind,
    _: Principal = allow(*EXAMINERS),
    run_id: Annotated[int | None, Query(ge=1)] = None,
    min_risk: Annotated[float, Query(ge=0, le=1)] = 0.0,
    limit: Limit = 50,
    offset: Offset = 0,
) -> RiskPage:
    """Applicant or agency risk rows of a run (the latest by default), highest first."""
    rows, total, run = service.list_risks(
        session, kind=kind, run_id=run_id, min_risk=min_risk, limit=limit, offset=offset
    )
    return RiskPage(
        run=RunRead.model_validate(run) if run else None,
        total=total,
        items=[RiskRead.model_validate(r) for r in rows],
    )


@router.get("/clues", response_model=CluePage)
def list_clues(
    session: DbSession, _: Principal = allow(*EXAMINERS), limit: Limit = 50, offset: Offset = 0
) -> CluePage:
    rows, total = referrals.list_clues(session, limit=limit, offset=offset)
    return CluePage(total=total, items=[referrals.clue_read(c) for c in rows])


@router.post("/clues", response_model=ClueRead, status_code=201)
def create_clue(
    data: ClueCreate, session: DbSession, principal: Principal = allow(*EXAMINERS)
) -> ClueRead:
    """Draft a clue for a local bureau from confirmed findings (409 if one is not)."""
    return referrals.clue_read(referrals.create_clue(session, principal=principal, data=data))


@router.get("/clues/{clue_id}", response_model=ClueRead)
def read_clue(clue_id: IdPath, session: DbSession, _: Principal = allow(*EXAMINERS)) -> ClueRead:
    return referrals.clue_read(referrals.get_clue(session, clue_id))


@router.get("/credit-records", response_model=CreditPage)
def list_credit_records(
    session: DbSession, _: Principal = allow(*EXAMINERS), limit: Limit = 50, offset: Offset = 0
) -> CreditPage:
    rows, total = referrals.list_credit_records(session, limit=limit, offset=offset)
    return CreditPage(total=total, items=[referrals.credit_read(r) for r in rows])


@router.post("/credit-records", response_model=CreditRead, status_code=201)
def propose_credit_record(
    data: CreditProposal, session: DbSession, principal: Principal = allow(*EXAMINERS)
) -> CreditRead:
    """Propose a dishonest-conduct record from confirmed findings; it stays `proposed`."""
    record = referrals.propose_credit_record(
        session, principal=principal, data=data, on=office_today()
    )
    return referrals.credit_read(record)


@router.get("/credit-records/{record_id}", response_model=CreditRead)
def read_credit_record(
    record_id: IdPath, session: DbSession, _: Principal = allow(*EXAMINERS)
) -> CreditRead:
    return referrals.credit_read(referrals.get_credit_record(session, record_id))


@router.get("/rules", response_model=list[RuleRead])
def list_rules(
    session: DbSession,
    _: Principal = allow(Role.ADMINISTRATOR),
    active: bool | None = None,
) -> list[RuleRead]:
    return [RuleRead.model_validate(r) for r in rule_store.list_rules(session, active=active)]


@router.post("/rules", response_model=RuleRead, status_code=201)
def create_rule(
    data: RuleCreate, session: DbSession, principal: Principal = allow(Role.ADMINISTRATOR)
) -> RuleRead:
    """Add an office rule (Order No. 77 Art. 3(8)); its JSON is checked, errors name the field."""
    row = rule_store.create_rule(session, actor=principal.actor, rule=data.rule)
    return RuleRead.model_validate(row)


@router.get("/rules/{code}", response_model=RuleRead)
def read_rule(
    code: CodePath, session: DbSession, _: Principal = allow(Role.ADMINISTRATOR)
) -> RuleRead:
    return RuleRead.model_validate(rule_store.get_rule(session, code))


@router.put("/rules/{code}", response_model=RuleRead)
def update_rule(
    code: CodePath,
    data: RuleUpdate,
    session: DbSession,
    principal: Principal = allow(Role.ADMINISTRATOR),
) -> RuleRead:
    """Replace the rule's JSON and/or set `active`; the code cannot change."""
    row = rule_store.update_rule(
        session,
        actor=principal.actor,
        code=code,
        expected_version=data.expected_version,
        rule=data.rule,
        active=data.active,
    )
    return RuleRead.model_validate(row)


@router.delete("/rules/{code}", response_model=RuleRead)
def deactivate_rule(
    code: CodePath,
    session: DbSession,
    expected_version: Annotated[int, Query(ge=1)],
    principal: Principal = allow(Role.ADMINISTRATOR),
) -> RuleRead:
    """Deactivate a rule. It is kept, because findings cite it."""
    row = rule_store.update_rule(
        session,
        actor=principal.actor,
        code=code,
        expected_version=expected_version,
        active=False,
    )
    return RuleRead.model_validate(row)
