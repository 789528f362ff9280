"""Applicants and agencies: persons or organisations, named in Chinese and/or English."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ipoffice.db.base import Base, UTCDateTime, utcnow


class Party(Base):
    __tablename__ = "parties"
    __table_args__ = (
        CheckConstraint("name_zh IS NOT NULL OR name_en IS NOT NULL", name="has_name"),
        CheckConstraint("kind IN ('person', 'organisation')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    is_agency: Mapped[bool] = mapped_column(Boolean, default=False)
    name_zh: Mapped[str | None] = mapped_column(String(200), index=True)
    name_en: Mapped[str | None] = mapped_column(String(300), index=True)
    # GB 32100-2015 unified social credit code (organisations).
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    # GB/T 2260 administrative division code.
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    country: Mapped[str] = mapped_column(String(2), default="CN")
    address: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def display_name(self) -> str:
        return self.name_zh or self.name_en or ""
