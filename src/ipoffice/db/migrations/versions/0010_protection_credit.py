"""credit management: dishonest-entity records, extensions, repair applications

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

RECORDS = "protection_credit_records"
EXTENSIONS = "protection_credit_extensions"
REPAIRS = "protection_credit_repairs"


def _users_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def _records() -> None:
    op.create_table(
        RECORDS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_name", sa.String(length=300), nullable=False),
        sa.Column("subject_key", sa.String(length=300), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("id_type", sa.String(length=16), nullable=False),
        sa.Column("id_number", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=48), nullable=False),
        sa.Column("basis_authority", sa.String(length=200), nullable=False),
        sa.Column("basis_document", sa.String(length=100), nullable=False),
        sa.Column("basis_date", sa.Date(), nullable=False),
        sa.Column("screening_proposal_id", sa.Integer(), nullable=True),
        sa.Column("dispute_case_id", sa.Integer(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("listed_by", sa.Integer(), nullable=True),
        sa.Column("listed_at", sa.DateTime(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removal_reason", sa.Text(), nullable=True),
        sa.Column("removed_by", sa.Integer(), nullable=True),
        sa.Column("pending_repair_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "id_type IN ('uscc', 'resident_id', 'passport', 'other')",
            name=op.f("ck_protection_credit_records_id_type"),
        ),
        sa.CheckConstraint(
            "status IN ('in_effect', 'extended', 'repaired', 'removed_revoked')",
            name=op.f("ck_protection_credit_records_status"),
        ),
        sa.CheckConstraint(
            "subject_type IN ('organisation', 'person', 'agency')",
            name=op.f("ck_protection_credit_records_subject_type"),
        ),
        sa.CheckConstraint("end_on >= start_on", name=op.f("ck_protection_credit_records_period")),
        _users_fk(RECORDS, "listed_by"),
        _users_fk(RECORDS, "removed_by"),
        sa.ForeignKeyConstraint(
            ["screening_proposal_id"],
            ["screening_credit_records.id"],
            name="fk_protection_credit_records_proposal",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_credit_records")),
        sa.UniqueConstraint(
            "id_type", "id_number", "category", "basis_document", name="uq_protection_credit_basis"
        ),
        sa.UniqueConstraint(
            "screening_proposal_id", name=op.f("uq_protection_credit_records_screening_proposal_id")
        ),
    )
    with op.batch_alter_table(RECORDS, schema=None) as batch_op:
        for column in ("category", "id_number", "status", "subject_key"):
            batch_op.create_index(batch_op.f(f"ix_{RECORDS}_{column}"), [column], unique=False)
        batch_op.create_index(
            "ix_protection_credit_records_period", ["start_on", "end_on"], unique=False
        )


def _extensions() -> None:
    op.create_table(
        EXTENSIONS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("basis_authority", sa.String(length=200), nullable=False),
        sa.Column("basis_document", sa.String(length=100), nullable=False),
        sa.Column("basis_date", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("previous_end", sa.Date(), nullable=False),
        sa.Column("new_end", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("extended_by", sa.Integer(), nullable=True),
        sa.Column("extended_at", sa.DateTime(), nullable=False),
        _users_fk(EXTENSIONS, "extended_by"),
        sa.ForeignKeyConstraint(
            ["record_id"], [f"{RECORDS}.id"], name="fk_protection_credit_extensions_record"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_credit_extensions")),
    )
    with op.batch_alter_table(EXTENSIONS, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_credit_extensions_record_id"), ["record_id"], unique=False
        )


def _repairs() -> None:
    op.create_table(
        REPAIRS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("evidence_reference", sa.String(length=500), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("applied_by", sa.Integer(), nullable=True),
        sa.Column("on_paper", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'refused')",
            name=op.f("ck_protection_credit_repairs_status"),
        ),
        _users_fk(REPAIRS, "applied_by"),
        _users_fk(REPAIRS, "reviewed_by"),
        sa.ForeignKeyConstraint(
            ["record_id"], [f"{RECORDS}.id"], name="fk_protection_credit_repairs_record"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_credit_repairs")),
    )
    with op.batch_alter_table(REPAIRS, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_credit_repairs_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_credit_repairs_status"), ["status"], unique=False
        )


def upgrade() -> None:
    _records()
    _extensions()
    _repairs()


def downgrade() -> None:
    indexes = {
        REPAIRS: ["ix_protection_credit_repairs_status", "ix_protection_credit_repairs_record_id"],
        EXTENSIONS: ["ix_protection_credit_extensions_record_id"],
        RECORDS: [
            "ix_protection_credit_records_period",
            *(f"ix_{RECORDS}_{c}" for c in ("subject_key", "status", "id_number", "category")),
        ],
    }
    for table, names in indexes.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in names:
                batch_op.drop_index(batch_op.f(name))
        op.drop_table(table)
