"""Clues transferred between bureaus and departments, with their chain and timeline.

The clue row holds the current state (who holds it, status, due date, the last feedback); the
events are its append-only timeline. `sent` and `passed_on` events are the hops of the chain:
each names the desk it came from and the region it went to, so a region's inbox and outbox are
read off the events, and a clue passed on stays visible to every desk it went through.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipoffice.db.base import Base, UTCDateTime, utcnow
from ipoffice.protection.clue_rules import CATEGORIES, DEPARTMENTS, OUTCOMES, SOURCE_KINDS
from ipoffice.protection.clue_workflow import ClueStatus

CLUE_STATUSES = tuple(s.value for s in ClueStatus)
EVENT_CODES = ("sent", "acknowledged", "handling_started", "answered", "passed_on", "withdrawn")
# Events that move a clue to a region: the hops of its chain.
HOP_EVENTS = ("sent", "passed_on")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ProtectionClue(Base):
    __tablename__ = "protection_clues"
    __table_args__ = (
        CheckConstraint(_one_of("status", CLUE_STATUSES), name="status"),
        CheckConstraint(_one_of("source_kind", tuple(SOURCE_KINDS)), name="source_kind"),
        CheckConstraint(_one_of("category", tuple(CATEGORIES)), name="category"),
        CheckConstraint(
            _one_of("receiver_department", tuple(DEPARTMENTS)), name="receiver_department"
        ),
        CheckConstraint(_one_of("outcome", tuple(OUTCOMES)), name="outcome"),
        # The overdue list: open clues by due date.
        Index("ix_protection_clues_status_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(24))
    # The source's own reference (platform complaint number, customs record, screening clue).
    source_ref: Mapped[str | None] = mapped_column(String(200))
    screening_clue_id: Mapped[int | None] = mapped_column(
        ForeignKey("screening_clues.id"), index=True
    )
    category: Mapped[str] = mapped_column(String(32))
    subject_name: Mapped[str] = mapped_column(String(300))
    subject_uscc: Mapped[str | None] = mapped_column(String(18))
    summary: Mapped[str] = mapped_column(Text)
    # GB/T 2260 code of the sending bureau, or `clue_rules.NATIONAL_DESK`.
    sender_region: Mapped[str] = mapped_column(String(6), index=True)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_on: Mapped[date] = mapped_column(Date)
    # The desk holding the clue now (the last hop).
    receiver_region: Mapped[str] = mapped_column(String(6), index=True)
    receiver_department: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), index=True)
    due_working_days: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    hops: Mapped[int] = mapped_column(Integer, default=1)
    outcome: Mapped[str | None] = mapped_column(String(24))
    feedback: Mapped[str | None] = mapped_column(Text)
    case_reference: Mapped[str | None] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Digest of the source and the receiver (or of a sender's Idempotency-Key): a duplicate
    # submission finds the first clue. Cleared on withdrawal, so the source may be sent again.
    dedupe_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    events: Mapped[list[ProtectionClueEvent]] = relationship(
        back_populates="clue",
        order_by="ProtectionClueEvent.id",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class ProtectionClueEvent(Base):
    """One step of a clue's timeline; hop events carry where it came from and went to."""

    __tablename__ = "protection_clue_events"
    __table_args__ = (
        CheckConstraint(_one_of("code", EVENT_CODES), name="code"),
        Index("ix_protection_clue_events_hop_to", "to_region", "clue_id"),
        Index("ix_protection_clue_events_hop_from", "from_region", "clue_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("protection_clues.id"), index=True)
    code: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    occurred_on: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_desk: Mapped[str | None] = mapped_column(String(6))
    from_region: Mapped[str | None] = mapped_column(String(6))
    to_region: Mapped[str | None] = mapped_column(String(6))
    to_department: Mapped[str | None] = mapped_column(String(24))
    due_date: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)

    clue: Mapped[ProtectionClue] = relationship(back_populates="events")
