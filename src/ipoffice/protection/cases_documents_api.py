"""Documents of patent dispute cases over the API: evidence files (upload, download, digest
check) and the decision as HTML or PDF. Evidence paths take the evidence size limit
(`IPOFFICE_EVIDENCE_MAX_BYTES`) instead of the general body limit (see `body_limits`)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from ipoffice.core.errors import Conflict, NotFound
from ipoffice.core.identity import Principal
from ipoffice.protection import decision as decisions
from ipoffice.protection.case_models import EvidenceFile
from ipoffice.protection.case_schemas import EvidenceRead, Submitter
from ipoffice.protection.case_service import get_case
from ipoffice.protection.cases_api import OFFICER, PREFIX, READERS, NumberPath
from ipoffice.protection.evidence import do_add_evidence, file_digest, stored_file, verify_evidence
from ipoffice.settings import Settings
from ipoffice.web.access import DbSession, allow

router = APIRouter(prefix=PREFIX, tags=["protection: dispute cases"])

# Form overhead allowed on top of the evidence size limit (boundaries, field names, headers).
MULTIPART_OVERHEAD = 64 * 1024
EVIDENCE_PATHS = re.compile(r"(/api/v1)?/protection/cases/[^/]+/evidence")


def body_limits(settings: Settings) -> tuple[tuple[re.Pattern[str], int], ...]:
    """Paths that take evidence files get the evidence size limit instead of the general one."""
    return ((EVIDENCE_PATHS, settings.evidence_max_bytes + MULTIPART_OVERHEAD),)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Lang = Annotated[Literal["zh", "en"], Query()]


@router.get("/{number}/decision.html", response_class=HTMLResponse)
def decision_html(
    number: NumberPath,
    session: DbSession,
    principal: Principal = allow(*READERS),
    lang: Lang = "zh",
) -> HTMLResponse:
    """The decision as issued (Chinese), or an English rendering for reference."""
    return HTMLResponse(decisions.decision_html(session, principal, number, lang=lang))


@router.get("/{number}/decision.pdf")
def decision_pdf(
    number: NumberPath,
    session: DbSession,
    principal: Principal = allow(*READERS),
    lang: Lang = "zh",
) -> Response:
    pdf = decisions.decision_pdf(session, principal, number, lang=lang)
    filename = f"decision-{number.strip()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/{number}/evidence", response_model=EvidenceRead, status_code=201)
def upload_evidence(
    number: NumberPath,
    request: Request,
    session: DbSession,
    file: Annotated[UploadFile, File()],
    submitted_by: Annotated[Submitter, Form()],
    description: Annotated[str | None, Form(max_length=4000)] = None,
    principal: Principal = allow(OFFICER),
) -> JSONResponse:
    """Receive an evidence file (multipart field `file`); the same file again answers 200."""
    settings = _settings(request)
    row, created = do_add_evidence(
        session,
        principal=principal,
        number=number,
        filename=file.filename or "",
        stream=file.file,
        home=settings.home,
        max_bytes=settings.evidence_max_bytes,
        submitted_by=submitted_by,
        description=description,
    )
    body = evidence_read(row).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


def evidence_read(row: EvidenceFile) -> EvidenceRead:
    return EvidenceRead(
        id=row.id,
        filename=row.filename,
        file_type=row.file_type,
        media_type=row.media_type,
        size=row.size,
        sha256=row.sha256,
        submitted_by=row.submitted_by,
        description=row.description,
        received_at=row.received_at.isoformat(timespec="seconds"),
    )


class EvidenceCheckRead(BaseModel):
    evidence_id: int
    filename: str
    expected: str
    actual: str | None
    state: str


@router.get("/{number}/evidence/verify", response_model=list[EvidenceCheckRead])
def verify_case_evidence(
    number: NumberPath,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*READERS),
) -> list[EvidenceCheckRead]:
    """Recompute each file's SHA-256: `ok`, `changed` or `missing`."""
    case = get_case(session, principal, number, full=False)
    checks = verify_evidence(session, home=_settings(request).home, case_id=case.id)
    return [EvidenceCheckRead(**c.__dict__) for c in checks]


@router.get("/{number}/evidence/{evidence_id}")
def download_evidence(
    number: NumberPath,
    evidence_id: int,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*READERS),
) -> FileResponse:
    """The file as received; refused (409) if it no longer matches its recorded digest."""
    case = get_case(session, principal, number, full=False)
    row = session.get(EvidenceFile, evidence_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"case {case.number} has no evidence {evidence_id}", field="evidence_id")
    path = stored_file(_settings(request).home, row)
    if not path.is_file() or file_digest(path) != row.sha256:
        raise Conflict(
            f"evidence {row.id} ({row.filename}) is missing or changed on disk; "
            "run the evidence check",
            code="evidence_changed",
        )
    return FileResponse(path, media_type=row.media_type, filename=row.filename)
