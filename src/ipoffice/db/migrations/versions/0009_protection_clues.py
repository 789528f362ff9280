"""clue transfer between bureaus and the typical-case library

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _users_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def _one_of(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    condition = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{column}"))


CLUE_SOURCE_KINDS = (
    "screening", "ecommerce_platform", "exhibition", "region_bureau", "market_regulation",
    "customs", "court", "public_security", "public_report", "other",
)  # fmt: skip
CLUE_CATEGORIES = (
    "patent_infringement", "patent_counterfeiting", "trademark_infringement",
    "geographical_indication", "abnormal_patent_filing", "malicious_trademark_filing",
    "agency_misconduct", "other",
)  # fmt: skip
DEPARTMENTS = ("ip_office", "market_regulation", "customs", "court", "public_security", "other")
OUTCOMES = ("case_opened", "no_infringement", "passed_on", "not_competent")
CLUE_STATUSES = ("sent", "acknowledged", "handling", "answered", "withdrawn")
EVENT_CODES = ("sent", "acknowledged", "handling_started", "answered", "passed_on", "withdrawn")
CASE_TYPES = (
    "patent_infringement_dispute", "patent_counterfeiting", "trademark_infringement",
    "trademark_counterfeiting", "geographical_indication", "abnormal_patent_filing",
    "malicious_trademark_filing", "agency_misconduct", "ecommerce", "other",
)  # fmt: skip
CASE_STATUSES = ("draft", "published", "unpublished")


def _create_clues() -> None:
    table = "protection_clues"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_kind", sa.String(length=24), nullable=False),
        sa.Column("source_ref", sa.String(length=200), nullable=True),
        sa.Column("screening_clue_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("subject_name", sa.String(length=300), nullable=False),
        sa.Column("subject_uscc", sa.String(length=18), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sender_region", sa.String(length=6), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("receiver_region", sa.String(length=6), nullable=False),
        sa.Column("receiver_department", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_working_days", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("hops", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("case_reference", sa.String(length=100), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _one_of(table, "category", CLUE_CATEGORIES),
        _one_of(table, "outcome", OUTCOMES),
        _one_of(table, "receiver_department", DEPARTMENTS),
        _one_of(table, "source_kind", CLUE_SOURCE_KINDS),
        _one_of(table, "status", CLUE_STATUSES),
        sa.ForeignKeyConstraint(
            ["screening_clue_id"],
            ["screening_clues.id"],
            name=op.f("fk_protection_clues_screening_clue_id_screening_clues"),
        ),
        _users_fk(table, "sent_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_clues")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_protection_clues_dedupe_key")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in ("receiver_region", "screening_clue_id", "sender_region", "status"):
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
        batch_op.create_index("ix_protection_clues_status_due", ["status", "due_date"])


def _create_clue_events() -> None:
    table = "protection_clue_events"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_desk", sa.String(length=6), nullable=True),
        sa.Column("from_region", sa.String(length=6), nullable=True),
        sa.Column("to_region", sa.String(length=6), nullable=True),
        sa.Column("to_department", sa.String(length=24), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _one_of(table, "code", EVENT_CODES),
        _users_fk(table, "actor_id"),
        sa.ForeignKeyConstraint(
            ["clue_id"],
            ["protection_clues.id"],
            name=op.f("fk_protection_clue_events_clue_id_protection_clues"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_clue_events")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_clue_id"), ["clue_id"], unique=False)
        batch_op.create_index("ix_protection_clue_events_hop_from", ["from_region", "clue_id"])
        batch_op.create_index("ix_protection_clue_events_hop_to", ["to_region", "clue_id"])


def _create_typical_cases() -> None:
    table = "protection_typical_cases"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_type", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title_zh", sa.String(length=300), nullable=True),
        sa.Column("title_en", sa.String(length=300), nullable=True),
        sa.Column("summary_zh", sa.Text(), nullable=True),
        sa.Column("summary_en", sa.Text(), nullable=True),
        sa.Column("body_zh", sa.Text(), nullable=True),
        sa.Column("body_en", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("source_ref", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("search_terms", sa.Text(), nullable=False),
        sa.Column("term_weights", sa.JSON(), nullable=False),
        sa.Column("term_length", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _one_of(table, "case_type", CASE_TYPES),
        _one_of(table, "status", CASE_STATUSES),
        _users_fk(table, "created_by"),
        _users_fk(table, "published_by"),
        _users_fk(table, "updated_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_typical_cases")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index("ix_protection_typical_cases_public", ["status", "year"])
        batch_op.create_index(batch_op.f(f"ix_{table}_region_code"), ["region_code"])


def upgrade() -> None:
    _create_clues()
    _create_clue_events()
    _create_typical_cases()


def downgrade() -> None:
    with op.batch_alter_table("protection_typical_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_typical_cases_region_code"))
        batch_op.drop_index("ix_protection_typical_cases_public")
    op.drop_table("protection_typical_cases")
    with op.batch_alter_table("protection_clue_events", schema=None) as batch_op:
        batch_op.drop_index("ix_protection_clue_events_hop_to")
        batch_op.drop_index("ix_protection_clue_events_hop_from")
        batch_op.drop_index(batch_op.f("ix_protection_clue_events_clue_id"))
    op.drop_table("protection_clue_events")
    with op.batch_alter_table("protection_clues", schema=None) as batch_op:
        batch_op.drop_index("ix_protection_clues_status_due")
        for column in ("status", "sender_region", "screening_clue_id", "receiver_region"):
            batch_op.drop_index(batch_op.f(f"ix_protection_clues_{column}"))
    op.drop_table("protection_clues")
