"""Tables of patent dispute cases: the case, its parties, claims alleged, evidence files,
timeline, suspensions, extension, collegial panel, hearings, mediation rounds and decision.

The dates that drive the legal clock (received, accepted, served, closed) sit on the case row,
so the deadlines of a region's open cases are computed from one query plus its suspensions
and extension. The case carries a `version` (optimistic concurrency).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipoffice.db.base import Base, UTCDateTime, utcnow

PARTY_ROLES = ("requester", "respondent")
PARTY_KINDS = ("person", "organisation")
SUSPENSION_REASONS = ("invalidation_pending", "party_request", "court_case", "other")
DECISION_OUTCOMES = ("infringement_found", "infringement_not_found", "request_dismissed")
MEDIATION_RESULTS = ("agreement", "failed")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class DisputeCase(Base):
    __tablename__ = "protection_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # `YYYY-<region>-NNNN`, serial per bureau and year of receipt.
    number: Mapped[str] = mapped_column(String(32), unique=True)
    region_code: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(16))
    # Canonical 13-character CNIPA application number of the patent in suit.
    patent_number: Mapped[str] = mapped_column(String(16), index=True)
    patent_title: Mapped[str | None] = mapped_column(String(500))
    request_text: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    served_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    refusal_reasons: Mapped[str | None] = mapped_column(Text)
    # The status a suspended case goes back to on resumption.
    resume_status: Mapped[str | None] = mapped_column(String(16))
    handler_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Digest of (user, Idempotency-Key): a repeated submission returns the first case.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    parties: Mapped[list[CaseParty]] = relationship(
        back_populates="case", order_by="CaseParty.id", cascade="all, delete-orphan"
    )
    claims: Mapped[list[CaseClaim]] = relationship(
        order_by="CaseClaim.claim_number", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        order_by="(CaseEvent.occurred_on, CaseEvent.id)", cascade="all, delete-orphan"
    )
    suspensions: Mapped[list[CaseSuspension]] = relationship(
        order_by="CaseSuspension.started_on", cascade="all, delete-orphan"
    )
    extension: Mapped[CaseExtension | None] = relationship(cascade="all, delete-orphan")
    panel: Mapped[list[PanelMember]] = relationship(
        order_by="PanelMember.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_protection_cases_region_status", "region_code", "status"),
        Index("ix_protection_cases_region_received", "region_code", "received_on"),
    )


class CaseParty(Base):
    __tablename__ = "protection_case_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    address: Mapped[str | None] = mapped_column(String(500))

    case: Mapped[DisputeCase] = relationship(back_populates="parties")

    __table_args__ = (
        CheckConstraint(_one_of("role", PARTY_ROLES), name="role"),
        CheckConstraint(_one_of("kind", PARTY_KINDS), name="kind"),
    )


class CaseClaim(Base):
    """A claim of the patent the requester says is infringed."""

    __tablename__ = "protection_case_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    claim_number: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("case_id", "claim_number", name="uq_protection_case_claim"),)


class EvidenceFile(Base):
    """A file received as evidence: stored under IPOFFICE_HOME, known by its SHA-256."""

    __tablename__ = "protection_case_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    file_type: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Relative to the evidence directory of IPOFFICE_HOME.
    stored_path: Mapped[str] = mapped_column(String(300))
    submitted_by: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        UniqueConstraint("case_id", "sha256", name="uq_protection_case_evidence_digest"),
        CheckConstraint(_one_of("submitted_by", ("requester", "respondent", "office")), name="by"),
    )


class CaseEvent(Base):
    __tablename__ = "protection_case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    code: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CaseSuspension(Base):
    """A period in which the closure clock stood still: [started_on, ended_on)."""

    __tablename__ = "protection_case_suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (CheckConstraint(_one_of("reason", SUSPENSION_REASONS), name="reason"),)


class CaseExtension(Base):
    """The one extension of the closure period a case may have (unique per case)."""

    __tablename__ = "protection_case_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), unique=True)
    approved_on: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    rule_source: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class PanelMember(Base):
    __tablename__ = "protection_case_panel"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    presiding: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("case_id", "user_id", name="uq_protection_case_panel"),)


class CaseHearing(Base):
    __tablename__ = "protection_case_hearings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    hearing_on: Mapped[date] = mapped_column(Date)
    time_of_day: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str] = mapped_column(String(300))
    # When and how the parties were told (notice served on both sides).
    notified_on: Mapped[date] = mapped_column(Date)
    notice: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CaseMediation(Base):
    """One round of mediation: open until an agreement or a failure is recorded."""

    __tablename__ = "protection_case_mediations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(16))
    agreement_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(f"result IS NULL OR {_one_of('result', MEDIATION_RESULTS)}", name="result"),
    )


class CaseDecision(Base):
    """The decision as issued: its fields and the generated document (HTML, Chinese), fixed."""

    __tablename__ = "protection_case_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id"), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(32))
    findings: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text)
    orders: Mapped[str | None] = mapped_column(Text)
    served_on: Mapped[date | None] = mapped_column(Date)
    document_html: Mapped[str] = mapped_column(Text)
    document_sha256: Mapped[str] = mapped_column(String(64))
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (CheckConstraint(_one_of("outcome", DECISION_OUTCOMES), name="outcome"),)
