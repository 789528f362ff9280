"""Tables of the bad-faith screening: what the register lacks for it (assignments and transfer
offers, use evidence, applicants' business scope) and the assessments examiners review.

An assessment is a snapshot: the signals as computed on a day, with their evidence and the law
rule applied. It is never recomputed in place; assessing again writes a new one and marks the
earlier open one `superseded`, so what the examiner decided on stays on file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipoffice.db.base import Base, UTCDateTime, utcnow

ASSIGNMENT_KINDS = ("assignment", "offer")
ASSESSMENT_SCOPES = ("application", "applicant")
ASSESSMENT_STATUSES = ("open", "confirmed", "dismissed", "superseded")
RISK_LEVELS = ("none", "low", "medium", "high")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class MarkAssignment(Base):
    """An assignment of a mark (or of its application), or an offer to sell it."""

    __tablename__ = "trademark_mark_assignments"
    __table_args__ = (CheckConstraint(_one_of("kind", ASSIGNMENT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("trademark_marks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    assignor: Mapped[str] = mapped_column(String(300))
    # Empty for an offer made to the public (a listing on a trading platform).
    assignee: Mapped[str] = mapped_column(String(300), default="")
    # Approval of the assignment (Art. 42), or the day the offer was seen.
    dated_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(300))
    # Digest of (mark, kind, parties, date): the same record entered twice is one row.
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UseEvidence(Base):
    """Evidence that a mark was used in a period (sales, advertising, ...) on record."""

    __tablename__ = "trademark_use_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("trademark_marks.id"), index=True)
    used_from: Mapped[date] = mapped_column(Date)
    used_to: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(300))
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BusinessScope(Base):
    """An applicant's business scope as the Nice classes it covers (from its business licence
    or a statement), recorded by an examiner. One row per applicant key, kept current."""

    __tablename__ = "trademark_business_scopes"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_key: Mapped[str] = mapped_column(String(320), unique=True)
    applicant_name: Mapped[str] = mapped_column(String(300))
    classes: Mapped[list[int]] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class BadFaithAssessment(Base):
    """The signals of an application or an applicant on a day, for an examiner to decide."""

    __tablename__ = "trademark_bad_faith_assessments"
    __table_args__ = (
        CheckConstraint(_one_of("scope", ASSESSMENT_SCOPES), name="scope"),
        CheckConstraint(_one_of("status", ASSESSMENT_STATUSES), name="status"),
        CheckConstraint(_one_of("risk", RISK_LEVELS), name="risk"),
        # The queue: open assessments, riskiest first.
        Index("ix_trademark_bad_faith_assessments_queue", "status", "risk_rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    mark_id: Mapped[int | None] = mapped_column(ForeignKey("trademark_marks.id"), index=True)
    applicant_key: Mapped[str] = mapped_column(String(320), index=True)
    applicant_name: Mapped[str] = mapped_column(String(300))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    # The filing date (application) or the day of the assessment (applicant): it chooses the
    # law rule and ends the 12-month window.
    reference_date: Mapped[date] = mapped_column(Date)
    assessed_on: Mapped[date] = mapped_column(Date)
    rule_id: Mapped[str] = mapped_column(String(40))
    risk: Mapped[str] = mapped_column(String(8))
    risk_rank: Mapped[int] = mapped_column(Integer)
    # The profile's figures and every signal with its evidence, as computed.
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    signals: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open")
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The credit-record proposal (item 2) drafted from a confirmed finding.
    credit_proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("screening_credit_records.id")
    )
    # Digest of (scope, subject, dates, signals): assessing twice alike gives one row.
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
