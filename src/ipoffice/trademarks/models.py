"""The trademark register: marks, their goods and images, and the similar-goods table editions.

A mark's goods keep the table edition they were checked against, so loading a new edition of
the 类似商品和服务区分表 never changes what an earlier filing covered. Marks carry a `version`
(SQLAlchemy `version_id_col`): a stale update is refused.
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
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipoffice.db.base import Base, UTCDateTime, utcnow

MARK_KINDS = ("word", "figurative", "combined")
MARK_STATUSES = (
    "filed",
    "preliminarily_approved",
    "registered",
    "refused",
    "withdrawn",
    "invalidated",
    "revoked",
    "expired",
)
GOODS_LEVELS = ("class", "group", "item")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class GoodsEdition(Base):
    """One loaded edition of the similar-goods table, e.g. `NCL13-2026`."""

    __tablename__ = "trademark_goods_editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(32), unique=True)
    # The day the edition applies to filings (latest edition in force on the filing date).
    effective_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    # SHA-256 of the file as read: reloading the same file is recognised.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    class_count: Mapped[int] = mapped_column(Integer)
    group_count: Mapped[int] = mapped_column(Integer)
    item_count: Mapped[int] = mapped_column(Integer)
    problem_count: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    loaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class GoodsEntry(Base):
    """A class, similar group or item of an edition."""

    __tablename__ = "trademark_goods_entries"
    __table_args__ = (
        CheckConstraint(_one_of("level", GOODS_LEVELS), name="level"),
        UniqueConstraint("edition_id", "code", name="uq_trademark_goods_entries_code"),
        Index("ix_trademark_goods_entries_group", "edition_id", "group_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("trademark_goods_editions.id"))
    code: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(8))
    class_number: Mapped[int] = mapped_column(Integer)
    # The similar group of an item, the group's own code for a group, NULL for a class.
    group_code: Mapped[str | None] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(Text)
    # The year the row was last revised, as the table gives it.
    revised: Mapped[str | None] = mapped_column(String(8))


class Mark(Base):
    __tablename__ = "trademark_marks"
    __table_args__ = (
        CheckConstraint(_one_of("kind", MARK_KINDS), name="kind"),
        CheckConstraint(_one_of("status", MARK_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Application / registration number (the trademark number series), canonical digits.
    number: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The word element as filed ("" for a purely figurative mark).
    text: Mapped[str] = mapped_column(String(200), default="")
    # `ipoffice.text.normalize` of the text: searching and duplicate detection.
    text_normalized: Mapped[str] = mapped_column(String(200), default="", index=True)
    # Scripts present in the text, e.g. "han,latin" (han, latin, digit, other).
    scripts: Mapped[str] = mapped_column(String(40), default="")
    # Language of the word element as declared by the filer (zh, en, ...), if any.
    text_language: Mapped[str | None] = mapped_column(String(8))
    applicant_name: Mapped[str] = mapped_column(String(300), index=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    filing_date: Mapped[date] = mapped_column(Date, index=True)
    priority_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32), index=True)
    registration_date: Mapped[date | None] = mapped_column(Date)
    well_known: Mapped[bool] = mapped_column(Boolean, default=False)
    # The recognition decision (reference) and its date (Trademark Law Art. 13-14).
    well_known_basis: Mapped[str | None] = mapped_column(String(300))
    well_known_on: Mapped[date | None] = mapped_column(Date)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), unique=True)
    # Digest of (applicant, text, goods, image, filing date): a repeated submission is the same.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    goods: Mapped[list[MarkGoods]] = relationship(
        back_populates="mark", order_by="MarkGoods.id", cascade="all, delete-orphan"
    )
    image: Mapped[MarkImage | None] = relationship(
        back_populates="mark", cascade="all, delete-orphan", uselist=False
    )

    __mapper_args__ = {"version_id_col": version}


class MarkGoods(Base):
    """One line of a mark's goods: a class, a similar group or an item, as filed."""

    __tablename__ = "trademark_mark_goods"
    __table_args__ = (Index("ix_trademark_mark_goods_group", "group_code", "class_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("trademark_marks.id"), index=True)
    class_number: Mapped[int] = mapped_column(Integer)
    group_code: Mapped[str | None] = mapped_column(String(4))
    item_code: Mapped[str | None] = mapped_column(String(8))
    # The goods as the filer named them (the item's name when chosen from the table).
    name: Mapped[str] = mapped_column(String(200))
    # The table edition the line was checked against; NULL when no table was in force.
    edition: Mapped[str | None] = mapped_column(String(32))

    mark: Mapped[Mark] = relationship(back_populates="goods")


class MarkImage(Base):
    """The mark's representation: the stored file and the features used to compare it."""

    __tablename__ = "trademark_mark_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("trademark_marks.id"), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # Relative to IPOFFICE_HOME.
    path: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(8))
    byte_size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    # 64-bit perceptual, difference and wavelet hashes of the normalised grey image (hex).
    phash: Mapped[str] = mapped_column(String(16), index=True)
    dhash: Mapped[str] = mapped_column(String(16))
    whash: Mapped[str] = mapped_column(String(16))
    keypoint_count: Mapped[int] = mapped_column(Integer)
    # ORB keypoints and descriptors (see `images.ImageFeatures.keypoints_blob`).
    keypoints: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mark: Mapped[Mark] = relationship(back_populates="image")
