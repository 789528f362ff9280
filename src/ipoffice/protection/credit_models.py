"""The register of dishonest-entity records: each listing with its basis, its extensions and
the repair applications about it.

A record is never deleted: expired, repaired and revoked records leave the public list but stay
in the register. Rows two officers may edit at once carry a `version` (`version_id_col`).
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
from ipoffice.protection.credit_workflow import (
    ID_TYPES,
    REPAIR_STATUSES,
    STORED_STATUSES,
    SUBJECT_TYPES,
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class CreditListing(Base):
    """One listing of a subject for one item of dishonest conduct."""

    __tablename__ = "protection_credit_records"
    __table_args__ = (
        CheckConstraint(_one_of("status", STORED_STATUSES), name="status"),
        CheckConstraint(_one_of("subject_type", SUBJECT_TYPES), name="subject_type"),
        CheckConstraint(_one_of("id_type", ID_TYPES), name="id_type"),
        CheckConstraint("end_on >= start_on", name="period"),
        # One decision lists a subject for one item once: a resubmitted form is refused.
        UniqueConstraint(
            "id_type", "id_number", "category", "basis_document", name="uq_protection_credit_basis"
        ),
        # The public list on a date reads this index.
        Index("ix_protection_credit_records_period", "start_on", "end_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_name: Mapped[str] = mapped_column(String(300))
    # `subject_name` normalised (width, script, case, spaces) for search and matching.
    subject_key: Mapped[str] = mapped_column(String(300), index=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    id_type: Mapped[str] = mapped_column(String(16))
    id_number: Mapped[str] = mapped_column(String(64), index=True)
    # A `ConductItem.code` of `ipoffice.protection.credit_rules`.
    category: Mapped[str] = mapped_column(String(48), index=True)
    # The decision the listing rests on.
    basis_authority: Mapped[str] = mapped_column(String(200))
    basis_document: Mapped[str] = mapped_column(String(100))
    basis_date: Mapped[date] = mapped_column(Date)
    # The screening proposal this listing decided, if any (decided once).
    screening_proposal_id: Mapped[int | None] = mapped_column(
        # Explicit names: the conventional ones exceed PostgreSQL's 63 characters.
        ForeignKey("screening_credit_records.id", name="fk_protection_credit_records_proposal"),
        unique=True,
    )
    # A dispute case of `protection` the decision came from: a plain reference.
    dispute_case_id: Mapped[int | None] = mapped_column(Integer)
    start_on: Mapped[date] = mapped_column(Date)
    # The last day on the list, extensions included.
    end_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="in_effect", index=True)
    note: Mapped[str | None] = mapped_column(Text)
    listed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    listed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Repaired or revoked: the first day off the list, why, and who decided.
    removed_on: Mapped[date | None] = mapped_column(Date)
    removal_reason: Mapped[str | None] = mapped_column(Text)
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The repair application waiting for review; setting it bumps `version`, so two
    # applications filed at once cannot both be pending.
    pending_repair_id: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    extensions: Mapped[list[CreditExtension]] = relationship(
        back_populates="record", order_by="CreditExtension.id", cascade="all, delete-orphan"
    )
    repairs: Mapped[list[CreditRepair]] = relationship(
        back_populates="record", order_by="CreditRepair.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class CreditExtension(Base):
    """A repeat offence during the listing, with the decision it rests on and the new end."""

    __tablename__ = "protection_credit_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("protection_credit_records.id", name="fk_protection_credit_extensions_record"),
        index=True,
    )
    basis_authority: Mapped[str] = mapped_column(String(200))
    basis_document: Mapped[str] = mapped_column(String(100))
    basis_date: Mapped[date] = mapped_column(Date)
    decided_on: Mapped[date] = mapped_column(Date)
    previous_end: Mapped[date] = mapped_column(Date)
    new_end: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    extended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    extended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    record: Mapped[CreditListing] = relationship(back_populates="extensions")


class CreditRepair(Base):
    """A credit repair application: the subject's statement and evidence, then the review."""

    __tablename__ = "protection_credit_repairs"
    __table_args__ = (CheckConstraint(_one_of("status", REPAIR_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("protection_credit_records.id", name="fk_protection_credit_repairs_record"),
        index=True,
    )
    statement: Mapped[str] = mapped_column(Text)
    evidence_reference: Mapped[str | None] = mapped_column(String(500))
    applied_on: Mapped[date] = mapped_column(Date)
    applied_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Received on paper and recorded by an officer, rather than filed by the subject's account.
    on_paper: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    review_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    record: Mapped[CreditListing] = relationship(back_populates="repairs")

    __mapper_args__ = {"version_id_col": version}
