"""The screening record: imported runs, their findings and risk scores, the examiners' review,
and what follows from confirmed findings (clues for local bureaus, credit-record proposals),
plus the office's own rules.

A finding is a signal; only a person changes its status. Rows that two people may edit at the
same time carry a `version` (SQLAlchemy `version_id_col`): a stale update is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipoffice.db.base import Base, UTCDateTime, utcnow

FINDING_STATUSES = ("open", "confirmed", "dismissed")
RISK_KINDS = ("application", "applicant", "agency")
CLUE_STATUSES = ("draft", "transferred", "received", "closed")
CREDIT_STATUSES = ("proposed", "in_effect", "repaired", "expired")
SUBJECT_TYPES = ("applicant", "agency", "agent")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ScreeningRun(Base):
    """One imported batch report. `digest` (SHA-256 of its rows) makes an import idempotent."""

    __tablename__ = "screening_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(500))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    engine: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[date] = mapped_column(Date, index=True)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    application_count: Mapped[int] = mapped_column(Integer)
    flagged_count: Mapped[int] = mapped_column(Integer)
    finding_count: Mapped[int] = mapped_column(Integer)
    subject_count: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ScreeningFinding(Base):
    __tablename__ = "screening_findings"
    __table_args__ = (
        CheckConstraint(_one_of("status", FINDING_STATUSES), name="status"),
        # The review queue: open findings, riskiest application first.
        Index("ix_screening_findings_queue", "status", "application_risk", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_runs.id"), index=True)
    # The application (document) id as screened.
    application_id: Mapped[str] = mapped_column(String(64), index=True)
    # The application's risk in that run, copied here so the queue sorts without a join.
    application_risk: Mapped[float] = mapped_column(Float)
    behaviour: Mapped[str] = mapped_column(String(32), index=True)
    detector: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    related: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    run: Mapped[ScreeningRun] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class RiskScore(Base):
    """A risk row of a run: per application, and per applicant entity and agency."""

    __tablename__ = "screening_risk_scores"
    __table_args__ = (
        CheckConstraint(_one_of("kind", RISK_KINDS), name="kind"),
        UniqueConstraint("run_id", "kind", "subject", name="uq_screening_risk_scores_subject"),
        Index("ix_screening_risk_scores_ranking", "run_id", "kind", "risk"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_runs.id"))
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(300))
    risk: Mapped[float] = mapped_column(Float)
    # Applications of the subject in the run (1 for an application) and how many were flagged.
    applications: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    # Mean risk of the subject's applications (subjects only).
    mean_risk: Mapped[float | None] = mapped_column(Float)


clue_findings = Table(
    "screening_clue_findings",
    Base.metadata,
    Column("clue_id", ForeignKey("screening_clues.id"), primary_key=True),
    Column("finding_id", ForeignKey("screening_findings.id"), primary_key=True, index=True),
)

credit_findings = Table(
    "screening_credit_findings",
    Base.metadata,
    Column("record_id", ForeignKey("screening_credit_records.id"), primary_key=True),
    Column("finding_id", ForeignKey("screening_findings.id"), primary_key=True, index=True),
)


class Clue(Base):
    """A clue handed to a local bureau, built from confirmed findings. Only drafts are made
    now; the transfer workflow fills `status` and `transferred_at` later."""

    __tablename__ = "screening_clues"
    __table_args__ = (CheckConstraint(_one_of("status", CLUE_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_name: Mapped[str] = mapped_column(String(300))
    subject_uscc: Mapped[str | None] = mapped_column(String(18))
    # GB/T 2260 code of the division whose bureau should receive the clue.
    division_code: Mapped[str] = mapped_column(String(6), index=True)
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    transferred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    findings: Mapped[list[ScreeningFinding]] = relationship(
        secondary=clue_findings, order_by=ScreeningFinding.id
    )

    __mapper_args__ = {"version_id_col": version}


class CreditRecord(Base):
    """A dishonest-conduct record. Screening only proposes one; deciding it (status
    `in_effect`, listing period) is a later step taken by a person."""

    __tablename__ = "screening_credit_records"
    __table_args__ = (
        CheckConstraint(_one_of("status", CREDIT_STATUSES), name="status"),
        CheckConstraint(_one_of("subject_type", SUBJECT_TYPES), name="subject_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_name: Mapped[str] = mapped_column(String(300), index=True)
    subject_uscc: Mapped[str | None] = mapped_column(String(18))
    subject_type: Mapped[str] = mapped_column(String(16))
    # A `ConductItem.code` of `ipoffice.screening.credit`.
    conduct: Mapped[str] = mapped_column(String(48))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    listing_start: Mapped[date | None] = mapped_column(Date)
    listing_end: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    findings: Mapped[list[ScreeningFinding]] = relationship(
        secondary=credit_findings, order_by=ScreeningFinding.id
    )

    __mapper_args__ = {"version_id_col": version}


class OfficeRuleRow(Base):
    """An office rule (Order No. 77 Art. 3(8)) as the administrator gave it; never erased,
    because findings cite it, only deactivated."""

    __tablename__ = "screening_office_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
