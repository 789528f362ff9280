"""Patent (invention, utility model, design) and trademark applications with their timeline."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipoffice.db.base import Base, UTCDateTime, utcnow


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Canonical number: patent `YYYYTNNNNNNNC` (13 characters), trademark the bare serial.
    number: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str | None] = mapped_column(String(500))
    lang: Mapped[str] = mapped_column(String(2), default="zh")
    status: Mapped[str] = mapped_column(String(32), index=True)
    filing_date: Mapped[date] = mapped_column(Date)
    priority_date: Mapped[date | None] = mapped_column(Date)
    publication_date: Mapped[date | None] = mapped_column(Date)
    decision_date: Mapped[date | None] = mapped_column(Date)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Trademark Nice classes, e.g. "9,35,42".
    nice_classes: Mapped[str | None] = mapped_column(String(200))
    # Digest of (filer, Idempotency-Key): a repeated submission returns the first result.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        order_by="(ApplicationEvent.occurred_on, ApplicationEvent.id)",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class ApplicationEvent(Base):
    """One entry of the timeline; `public` entries are shown by the status inquiry."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    code: Mapped[str] = mapped_column(String(48))
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    application: Mapped[Application] = relationship(back_populates="events")
