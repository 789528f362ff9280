"""The record of trademark examination after filing: preliminary-approval announcements,
refusal notices (whole or by goods), and the proceedings that follow (oppositions, reviews).

Deadlines are not stored: they are computed from these dates and the period rules on the
official calendar, so a calendar added later (or corrected) changes them everywhere at once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipoffice.db.base import Base, UTCDateTime, utcnow

PROCEEDING_KINDS = ("opposition", "refusal_review", "non_registration_review")
PROCEEDING_STATUSES = (
    "filed",
    "served",
    "answered",
    "requested",
    "decided",
    "withdrawn",
    "not_accepted",
)
REFUSAL_STAGES = ("examination", "opposition")
REFUSAL_SCOPES = ("whole", "partial")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class TrademarkAnnouncement(Base):
    """A preliminary-approval announcement (初步审定公告) in an issue of the Trademark Gazette."""

    __tablename__ = "trademark_announcements"
    __table_args__ = (
        Index("ix_trademark_announcements_issue", "issue_number", "application_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    issue_number: Mapped[str] = mapped_column(String(16))
    announced_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TrademarkRefusal(Base):
    """A refusal notice: at examination (驳回, Art. 30/34) or after an opposition (不予注册,
    Art. 35), of all the goods or of some (`refused_goods`: [{"nice_class", "goods"}])."""

    __tablename__ = "trademark_refusals"
    __table_args__ = (
        CheckConstraint(_one_of("stage", REFUSAL_STAGES), name="stage"),
        CheckConstraint(_one_of("scope", REFUSAL_SCOPES), name="scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    refused_goods: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    grounds: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasons: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    notice_dispatched_on: Mapped[date] = mapped_column(Date)
    # When the applicant received the notice; unknown until recorded (then it is deemed served).
    notice_received_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class TrademarkProceeding(Base):
    """An opposition or a review, with its own status (see `tm_workflow.TRANSITIONS`)."""

    __tablename__ = "trademark_proceedings"
    __table_args__ = (
        CheckConstraint(_one_of("kind", PROCEEDING_KINDS), name="kind"),
        CheckConstraint(_one_of("status", PROCEEDING_STATUSES), name="status"),
        Index("ix_trademark_proceedings_list", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    announcement_id: Mapped[int | None] = mapped_column(ForeignKey("trademark_announcements.id"))
    # The announcement date an opposition is against (also when no announcement row exists).
    announced_on: Mapped[date | None] = mapped_column(Date)
    refusal_id: Mapped[int | None] = mapped_column(ForeignKey("trademark_refusals.id"))
    # The requester: the opposer, or the applicant asking for a review; and its agency.
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filed_on: Mapped[date] = mapped_column(Date)
    grounds: Mapped[list[str]] = mapped_column(JSON, default=list)
    earlier_right: Mapped[str | None] = mapped_column(String(500))
    statement: Mapped[str] = mapped_column(Text)
    served_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    extension_approved_on: Mapped[date | None] = mapped_column(Date)
    extension_reference: Mapped[str | None] = mapped_column(String(200))
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(32))
    decision_goods: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_note: Mapped[str | None] = mapped_column(Text)
    # One opposition per opposer and announcement, one review per refusal: a unique key makes
    # a duplicate (or a racing second submission) fail instead of filing twice.
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}
