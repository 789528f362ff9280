"""Patent documents the office searches: its own applications' texts and prior art."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipoffice.db.base import Base, UTCDateTime, utcnow


class PatentDocumentRow(Base):
    __tablename__ = "patent_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(Text)
    abstract: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    claims: Mapped[list[str]] = mapped_column(JSON, default=list)
    applicants: Mapped[list[str]] = mapped_column(JSON, default=list)
    inventors: Mapped[list[str]] = mapped_column(JSON, default=list)
    agency: Mapped[str | None] = mapped_column(String(300))
    filing_date: Mapped[date | None] = mapped_column(Date)
    priority_date: Mapped[date | None] = mapped_column(Date)
    publication_date: Mapped[date | None] = mapped_column(Date, index=True)
    ipc: Mapped[list[str]] = mapped_column(JSON, default=list)
    cpc: Mapped[list[str]] = mapped_column(JSON, default=list)
    citations: Mapped[list[str]] = mapped_column(JSON, default=list)
    family_id: Mapped[str | None] = mapped_column(String(64), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(2), default="")
    addresses: Mapped[list[str]] = mapped_column(JSON, default=list)
    contacts: Mapped[list[str]] = mapped_column(JSON, default=list)
    agents: Mapped[list[str]] = mapped_column(JSON, default=list)
    # SHA-256 of the document's canonical content: re-ingesting the same content is a no-op.
    content_hash: Mapped[str] = mapped_column(String(64))
    # The content hash the search indexes hold; differs from content_hash until indexed.
    indexed_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(500))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def as_fields(self) -> dict[str, Any]:
        return {
            column.key: getattr(self, column.key)
            for column in self.__table__.columns
            if column.key not in {"id", "content_hash", "indexed_hash", "source", "ingested_at"}
        }


class IpcEntry(Base):
    """One entry of the IPC scheme (section to subgroup), loaded from WIPO's scheme file."""

    __tablename__ = "ipc_entries"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    # "section", "class", "subclass", "main_group" or "subgroup".
    level: Mapped[str] = mapped_column(String(12), index=True)
    subclass: Mapped[str | None] = mapped_column(String(4), index=True)


class SearchReportRow(Base):
    """A saved AI-assisted search report: kept as generated, with who asked for it and when."""

    __tablename__ = "search_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[str] = mapped_column(String(64), index=True)
    application_number: Mapped[str | None] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
