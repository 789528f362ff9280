"""Storing parsed patent documents: idempotent by content, one transaction per batch."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core.errors import NotFound
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.models import PatentDocumentRow

CONTENT_FIELDS = tuple(f for f in PatentDocument.__dataclass_fields__ if f != "id")


LATER_FIELDS = ("addresses", "contacts", "agents")


def content_hash(doc: PatentDocument) -> str:
    def default(value: object) -> str:
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    fields = asdict(doc)
    # Fields added after the first release enter the hash only when set, so that the hashes
    # of documents stored before them stay valid and nothing is re-indexed for nothing.
    for name in LATER_FIELDS:
        if not fields[name]:
            del fields[name]
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=default)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class BatchResult:
    added: list[PatentDocument]
    updated: list[PatentDocument]
    unchanged: int


def store_batch(session: Session, documents: Sequence[PatentDocument], source: str) -> BatchResult:
    """Insert new documents, update changed ones, leave identical ones alone."""
    by_id = {doc.id: doc for doc in documents}
    existing = {
        row.doc_id: row
        for row in session.scalars(
            select(PatentDocumentRow).where(PatentDocumentRow.doc_id.in_(list(by_id)))
        )
    }
    result = BatchResult(added=[], updated=[], unchanged=0)
    for doc in by_id.values():
        digest = content_hash(doc)
        row = existing.get(doc.id)
        if row is not None and row.content_hash == digest:
            result.unchanged += 1
            continue
        fields: dict[str, Any] = {name: getattr(doc, name) for name in CONTENT_FIELDS}
        if row is None:
            session.add(
                PatentDocumentRow(doc_id=doc.id, content_hash=digest, source=source[:500], **fields)
            )
            result.added.append(doc)
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            row.content_hash = digest
            row.source = source[:500]
            result.updated.append(doc)
    session.flush()
    return result


def to_document(row: PatentDocumentRow) -> PatentDocument:
    return PatentDocument(id=row.doc_id, **{name: getattr(row, name) for name in CONTENT_FIELDS})


def get_document(session: Session, doc_id: str) -> PatentDocument:
    row = session.scalar(select(PatentDocumentRow).where(PatentDocumentRow.doc_id == doc_id))
    if row is None:
        raise NotFound(f"no patent document with id {doc_id}", field="id")
    return to_document(row)


def get_documents(session: Session, doc_ids: Sequence[str]) -> dict[str, PatentDocument]:
    rows = session.scalars(
        select(PatentDocumentRow).where(PatentDocumentRow.doc_id.in_(list(doc_ids)))
    )
    return {row.doc_id: to_document(row) for row in rows}
