"""Evidence files of patent dispute cases, kept under `IPOFFICE_HOME/evidence/`.

An upload is streamed to a temporary file beside the store while its SHA-256 and size are
computed; its content must match an allowed type (checked by its bytes, not only its name) and
stay within the size limit. Only then is the row written and flushed, and the file moved into
place (`<case id>/<row id>-<digest prefix><ext>`). A refused or interrupted upload leaves no
file and no row; if the transaction later rolls back, the placed file is removed again.
`verify_evidence` recomputes digests and reports changed or missing files.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.protection.case_models import CaseEvent, DisputeCase, EvidenceFile
from ipoffice.protection.case_service import get_case
from ipoffice.protection.case_workflow import CaseStatus, authorize_step

CHUNK = 1 << 20
EVIDENCE_DIR = "evidence"
INCOMING_DIR = ".incoming"
MAX_FILENAME = 200
_PLACED = "ipoffice.protection.evidence.placed"


class EvidenceTooLarge(InvalidInput):
    status_code = 413
    code = "evidence_too_large"


def _text_problem(path: Path) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            if b"\x00" in chunk:
                return "plain text must not contain NUL bytes (is it a binary file?)"
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "plain text must be encoded as UTF-8 (save it as UTF-8 or send a PDF)"
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "plain text ends in the middle of a UTF-8 character"
    return None


def _zip_member_problem(member: str, what: str) -> Callable[[Path], str | None]:
    def check(path: Path) -> str | None:
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return f"the file is not a readable {what} (a damaged zip container)"
        return None if member in names else f"the file is a zip archive but not a {what}"

    return check


@dataclass(frozen=True)
class EvidenceType:
    key: str
    media_type: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]
    label: str
    # A check of the whole content once it is received: the problem, or None.
    content_check: Callable[[Path], str | None] | None = None
    # How far into the file the magic may start (PDF allows leading bytes).
    magic_within: int = 0


EVIDENCE_TYPES: tuple[EvidenceType, ...] = (
    EvidenceType("pdf", "application/pdf", (".pdf",), (b"%PDF-",), "PDF", magic_within=1024),
    EvidenceType("jpeg", "image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",), "JPEG image"),
    EvidenceType("png", "image/png", (".png",), (b"\x89PNG\r\n\x1a\n",), "PNG image"),
    EvidenceType("tiff", "image/tiff", (".tif", ".tiff"), (b"II*\x00", b"MM\x00*"), "TIFF image"),
    EvidenceType(
        "text",
        "text/plain; charset=utf-8",
        (".txt",),
        (),
        "plain text (UTF-8)",
        content_check=_text_problem,
    ),
    EvidenceType(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
        (b"PK\x03\x04",),
        "Word document (DOCX)",
        content_check=_zip_member_problem("word/document.xml", "Word document (DOCX)"),
    ),
    # GB/T 33190 electronic documents, in which Chinese authorities and notaries issue files.
    EvidenceType(
        "ofd",
        "application/ofd",
        (".ofd",),
        (b"PK\x03\x04",),
        "OFD document",
        content_check=_zip_member_problem("OFD.xml", "OFD document"),
    ),
)

_BY_EXTENSION = {ext: t for t in EVIDENCE_TYPES for ext in t.extensions}


def allowed_extensions() -> str:
    return ", ".join(sorted(_BY_EXTENSION))


def clean_filename(name: str) -> str:
    """The file's own name: no directories, no control characters, NFC, at most 200 chars."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().strip(".")
    if not base:
        raise InvalidInput("the evidence file needs a name", field="file")
    if len(base) > MAX_FILENAME:
        stem, dot, ext = base.rpartition(".")
        base = stem[: MAX_FILENAME - len(ext) - 1] + dot + ext if dot else base[:MAX_FILENAME]
    return base


def type_for(filename: str) -> EvidenceType:
    suffix = Path(filename).suffix.lower()
    found = _BY_EXTENSION.get(suffix)
    if found is None:
        raise InvalidInput(
            f"{filename}: files of type {suffix or '(no extension)'} are not accepted as "
            f"evidence; allowed: {allowed_extensions()}",
            field="file",
        )
    return found


def evidence_root(home: Path) -> Path:
    return home / EVIDENCE_DIR


def stored_file(home: Path, row: EvidenceFile) -> Path:
    return evidence_root(home) / row.stored_path


@dataclass(frozen=True)
class Received:
    sha256: str
    size: int


def _receive(stream: BinaryIO, out: BinaryIO, kind: EvidenceType, max_bytes: int) -> Received:
    digest = hashlib.sha256()
    size = 0
    head = b""
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise EvidenceTooLarge(
                f"the evidence file is larger than the limit of {max_bytes} bytes",
                field="file",
            )
        if len(head) < 2048:
            head += chunk[: 2048 - len(head)]
        digest.update(chunk)
        out.write(chunk)
    if size == 0:
        raise InvalidInput("the evidence file is empty", field="file")
    if kind.magic and not any(
        head.find(m, 0, kind.magic_within + len(m)) != -1 for m in kind.magic
    ):
        raise InvalidInput(
            f"the file is named as a {kind.label} but its content is not one "
            f"(it starts with {head[:8]!r})",
            field="file",
        )
    return Received(digest.hexdigest(), size)


def _discard_placed(session: Session) -> None:
    for path in session.info.pop(_PLACED, []):
        path.unlink(missing_ok=True)


def _forget_placed(session: Session) -> None:
    session.info.pop(_PLACED, None)


def _remove_on_rollback(session: Session, path: Path) -> None:
    """A file placed for a row that never commits is removed when the transaction rolls back."""
    if not event.contains(session, "after_rollback", _discard_placed):
        event.listen(session, "after_rollback", _discard_placed)
        event.listen(session, "after_commit", _forget_placed)
    session.info.setdefault(_PLACED, []).append(path)


def do_add_evidence(
    session: Session,
    *,
    principal: Principal,
    number: str,
    filename: str,
    stream: BinaryIO,
    home: Path,
    max_bytes: int,
    submitted_by: Literal["requester", "respondent", "office"],
    description: str | None = None,
    today: date | None = None,
) -> tuple[EvidenceFile, bool]:
    """Receive one evidence file; returns (row, created). The same file (same SHA-256) sent
    again for the same case returns the first row."""
    case = get_case(session, principal, number)
    if principal.region_code != case.region_code:
        raise NotFound(f"no dispute case with number {number.strip()} in your bureau")
    authorize_step("evidence", CaseStatus(case.status), roles=principal.roles)
    name = clean_filename(filename)
    kind = type_for(name)
    incoming = evidence_root(home) / INCOMING_DIR
    incoming.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=incoming, suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            received = _receive(stream, out, kind, max_bytes)
        problem = kind.content_check(tmp) if kind.content_check else None
        if problem:
            raise InvalidInput(f"{name}: {problem}", field="file")
        row, created = _record(
            session, principal, case, name, kind, received, submitted_by, description, today
        )
        if created:
            final = evidence_root(home) / row.stored_path
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            _remove_on_rollback(session, final)
    finally:
        tmp.unlink(missing_ok=True)
    return row, created


def _record(
    session: Session,
    principal: Principal,
    case: DisputeCase,
    name: str,
    kind: EvidenceType,
    received: Received,
    submitted_by: str,
    description: str | None,
    today: date | None,
) -> tuple[EvidenceFile, bool]:
    def existing() -> EvidenceFile | None:
        return session.scalar(
            select(EvidenceFile).where(
                EvidenceFile.case_id == case.id, EvidenceFile.sha256 == received.sha256
            )
        )

    if (found := existing()) is not None:
        return found, False
    try:
        with session.begin_nested():
            row = EvidenceFile(
                case_id=case.id,
                filename=name,
                file_type=kind.key,
                media_type=kind.media_type,
                size=received.size,
                sha256=received.sha256,
                stored_path="",
                submitted_by=submitted_by,
                description=description or None,
                uploaded_by=principal.user_id,
            )
            session.add(row)
            session.flush()
            row.stored_path = (
                f"{case.id}/{row.id}-{received.sha256[:16]}{Path(name).suffix.lower()}"
            )
            session.flush()
    except IntegrityError:
        # The same file arrived concurrently for this case: the first row stands.
        found = existing()
        if found is None:
            raise
        return found, False
    on = today or office_today()
    session.add(
        CaseEvent(
            case_id=case.id,
            occurred_on=on,
            code="evidence_added",
            note=f"{name} (SHA-256 {received.sha256})",
            actor_id=principal.user_id,
        )
    )
    audit.record(
        session,
        actor=principal.actor,
        action="add_evidence",
        entity="dispute_case",
        entity_id=case.number,
        payload={
            "evidence_id": row.id,
            "filename": name,
            "sha256": received.sha256,
            "size": received.size,
            "type": kind.key,
            "submitted_by": submitted_by,
        },
    )
    session.flush()
    return row, True


EvidenceState = Literal["ok", "changed", "missing"]


@dataclass(frozen=True)
class EvidenceCheck:
    evidence_id: int
    filename: str
    expected: str
    actual: str | None
    state: EvidenceState


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_evidence(
    session: Session, *, home: Path, case_id: int | None = None
) -> list[EvidenceCheck]:
    """Recompute the digest of every stored file (of one case, or all): ok, changed, missing."""
    stmt = select(EvidenceFile).order_by(EvidenceFile.id)
    if case_id is not None:
        stmt = stmt.where(EvidenceFile.case_id == case_id)
    checks = []
    for row in session.scalars(stmt):
        path = stored_file(home, row)
        actual = file_digest(path) if path.is_file() else None
        state: EvidenceState = (
            "missing" if actual is None else "ok" if actual == row.sha256 else "changed"
        )
        checks.append(EvidenceCheck(row.id, row.filename, row.sha256, actual, state))
    return checks
