"""Evidence files of dispute cases: stored with their SHA-256 under IPOFFICE_HOME, checked by
content, limited in size; a refused, interrupted or rolled-back upload leaves nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.models import AuditRecord
from ipoffice.db.engine import Database
from ipoffice.protection.case_models import CaseEvent, EvidenceFile
from ipoffice.protection.evidence import (
    EvidenceTooLarge,
    do_add_evidence,
    evidence_root,
    file_digest,
    stored_file,
    verify_evidence,
)
from tests.test_protection_cases_support import GUANGZHOU, officer, register

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
LIMIT = 4096


def _docx(member: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<w:document/>")
    return buffer.getvalue()


def _upload(
    db: Database, principal: Principal, number: str, home: Path, name: str, data: bytes | io.IOBase
) -> tuple[EvidenceFile, bool]:
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    with db.session(write=True) as session:
        return do_add_evidence(
            session,
            principal=principal,
            number=number,
            filename=name,
            stream=stream,  # type: ignore[arg-type]
            home=home,
            max_bytes=LIMIT,
            submitted_by="requester",
            today=date(2026, 3, 3),
        )


def _files(home: Path) -> list[Path]:
    return sorted(p for p in evidence_root(home).rglob("*") if p.is_file())


def _rows(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(EvidenceFile)) or 0)


@pytest.fixture
def case(db: Database) -> tuple[Principal, str]:
    principal = officer(db)
    return principal, register(db, principal)


def test_a_file_is_kept_with_its_digest(
    db: Database, tmp_path: Path, case: tuple[Principal, str]
) -> None:
    principal, number = case
    row, created = _upload(db, principal, number, tmp_path, "购买公证书.pdf", PDF)
    assert created and row.file_type == "pdf" and row.size == len(PDF)
    path = stored_file(tmp_path, row)
    assert path.read_bytes() == PDF and file_digest(path) == row.sha256
    assert row.stored_path.startswith(f"{row.case_id}/{row.id}-") and path.suffix == ".pdf"
    assert row.received_at is not None and row.filename == "购买公证书.pdf"
    with db.session(write=False) as session:
        assert [c.state for c in verify_evidence(session, home=tmp_path)] == ["ok"]
        codes = session.scalars(select(CaseEvent.code).where(CaseEvent.case_id == row.case_id))
        assert "evidence_added" in list(codes)
        assert session.scalar(select(AuditRecord).where(AuditRecord.action == "add_evidence"))
    # The same file again: the first row answers, nothing is stored twice.
    again, created = _upload(db, principal, number, tmp_path, "copy.pdf", PDF)
    assert not created and again.id == row.id
    assert _files(tmp_path) == [path] and _rows(db) == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("invoice.pdf", PNG, "not one"),
        ("photo.png", PDF, "not one"),
        ("note.txt", "侵权产品说明".encode("gbk"), "UTF-8"),
        ("binary.txt", b"abc\x00def", "NUL"),
        ("letter.docx", _docx("other.xml"), "not a Word document"),
        ("broken.docx", b"PK\x03\x04" + bytes(30), "damaged zip"),
        ("tool.exe", b"MZ" + bytes(10), "not accepted as evidence"),
        ("empty.pdf", b"", "empty"),
        ("../", PDF, "needs a name"),
    ],
)
def test_refused_files_leave_nothing(
    db: Database, tmp_path: Path, case: tuple[Principal, str], name: str, data: bytes, message: str
) -> None:
    principal, number = case
    with pytest.raises(InvalidInput, match=message):
        _upload(db, principal, number, tmp_path, name, data)
    assert _files(tmp_path) == [] and _rows(db) == 0


def test_accepted_types(db: Database, tmp_path: Path, case: tuple[Principal, str]) -> None:
    principal, number = case
    samples = {
        "a.docx": _docx(),
        "b.txt": "被诉侵权产品的销售页面截图说明\n".encode(),
        "c.jpg": b"\xff\xd8\xff\xe0" + bytes(20),
        "d.tiff": b"II*\x00" + bytes(20),
        "e.ofd": _docx("OFD.xml"),
    }
    kinds = [
        _upload(db, principal, number, tmp_path, n, d)[0].file_type for n, d in samples.items()
    ]
    assert kinds == ["docx", "text", "jpeg", "tiff", "ofd"]


def test_a_file_over_the_limit_is_refused(
    db: Database, tmp_path: Path, case: tuple[Principal, str]
) -> None:
    principal, number = case
    with pytest.raises(EvidenceTooLarge, match=f"limit of {LIMIT} bytes") as exc:
        _upload(db, principal, number, tmp_path, "big.pdf", PDF + bytes(LIMIT))
    assert exc.value.status_code == 413
    assert _files(tmp_path) == [] and _rows(db) == 0


class _Interrupted(io.RawIOBase):
    """A client that sends some bytes, then goes away."""

    def __init__(self) -> None:
        self.sent = False

    def read(self, size: int = -1) -> bytes:
        if not self.sent:
            self.sent = True
            return PDF
        raise ConnectionResetError("client went away")


def test_an_interrupted_upload_leaves_nothing(
    db: Database, tmp_path: Path, case: tuple[Principal, str]
) -> None:
    principal, number = case
    with pytest.raises(ConnectionResetError):
        _upload(db, principal, number, tmp_path, "partial.pdf", _Interrupted())
    assert _files(tmp_path) == [] and _rows(db) == 0


def test_a_rolled_back_transaction_removes_the_placed_file(
    db: Database, tmp_path: Path, case: tuple[Principal, str]
) -> None:
    principal, number = case
    with pytest.raises(RuntimeError), db.session(write=True) as session:
        do_add_evidence(
            session,
            principal=principal,
            number=number,
            filename="a.pdf",
            stream=io.BytesIO(PDF),
            home=tmp_path,
            max_bytes=LIMIT,
            submitted_by="office",
        )
        assert len(_files(tmp_path)) == 1  # placed once the row was flushed
        raise RuntimeError("the request failed after the upload")
    assert _files(tmp_path) == [] and _rows(db) == 0


def test_a_path_in_the_name_is_dropped(
    db: Database, tmp_path: Path, case: tuple[Principal, str]
) -> None:
    principal, number = case
    row, _ = _upload(db, principal, number, tmp_path, "..\\..\\etc/证据\x07.pdf", PDF)
    assert row.filename == "证据.pdf"
    assert stored_file(tmp_path, row).resolve().is_relative_to(evidence_root(tmp_path).resolve())


def test_verify_finds_changed_and_missing_files(
    db: Database, tmp_path: Path, case: tuple[Principal, str]
) -> None:
    principal, number = case
    first, _ = _upload(db, principal, number, tmp_path, "a.pdf", PDF)
    second, _ = _upload(db, principal, number, tmp_path, "b.png", PNG)
    stored_file(tmp_path, first).write_bytes(PDF.replace(b"1.7", b"1.6"))
    stored_file(tmp_path, second).unlink()
    with db.session(write=False) as session:
        checks = verify_evidence(session, home=tmp_path, case_id=first.case_id)
    assert [(c.evidence_id, c.state) for c in checks] == [
        (first.id, "changed"),
        (second.id, "missing"),
    ]
    assert checks[0].actual != checks[0].expected


def test_only_the_bureau_receives_evidence(
    db: Database, tmp_path: Path, case: tuple[Principal, str]
) -> None:
    _principal, number = case
    with pytest.raises(NotFound):
        _upload(db, officer(db, GUANGZHOU), number, tmp_path, "a.pdf", PDF)
    assert _files(tmp_path) == []
