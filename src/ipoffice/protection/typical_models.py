"""Published typical cases (典型案例) of administrative protection.

Search runs in the database: the library holds hundreds to a few thousand cases, so a `LIKE`
over a column of analysed terms narrows the candidates and ranking happens in Python on the
stored term weights; no separate index service is needed at this size.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipoffice.db.base import Base, UTCDateTime, utcnow
from ipoffice.protection.typical_workflow import CaseStatus

CASE_TYPES: dict[str, tuple[str, str]] = {
    "patent_infringement_dispute": ("专利侵权纠纷", "Patent infringement dispute"),
    "patent_counterfeiting": ("假冒专利", "Patent counterfeiting"),
    "trademark_infringement": ("商标侵权", "Trademark infringement"),
    "trademark_counterfeiting": ("假冒注册商标", "Counterfeiting of registered trademarks"),
    "geographical_indication": ("地理标志保护", "Geographical indication protection"),
    "abnormal_patent_filing": ("非正常专利申请", "Abnormal patent filing"),
    "malicious_trademark_filing": ("恶意商标注册申请", "Malicious trademark filing"),
    "agency_misconduct": ("代理违法违规", "Agency misconduct"),
    "ecommerce": ("电商领域侵权", "Infringement in e-commerce"),
    "other": ("其他", "Other"),
}
CASE_STATUSES = tuple(s.value for s in CaseStatus)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class TypicalCase(Base):
    __tablename__ = "protection_typical_cases"
    __table_args__ = (
        CheckConstraint(_one_of("status", CASE_STATUSES), name="status"),
        CheckConstraint(_one_of("case_type", tuple(CASE_TYPES)), name="case_type"),
        Index("ix_protection_typical_cases_public", "status", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_type: Mapped[str] = mapped_column(String(32))
    # GB/T 2260 code of the region where the case was handled (None: national).
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title_zh: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    summary_zh: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    body_zh: Mapped[str | None] = mapped_column(Text)
    body_en: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The published document or decision the case comes from.
    source_ref: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.DRAFT.value)
    # " term term ... ": every analysed term once, space-delimited, for `LIKE '% term %'`.
    search_terms: Mapped[str] = mapped_column(Text, default=" ")
    # Field-weighted frequency of each term, and their sum (the case's length), for ranking.
    term_weights: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    term_length: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
