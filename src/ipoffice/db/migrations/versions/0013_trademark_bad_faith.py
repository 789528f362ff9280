"""trademark bad-faith screening: assignments, use evidence, business scopes, assessments

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _index(table: str, column: str, *, unique: bool = False) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=unique)


def upgrade() -> None:
    op.create_table(
        "trademark_mark_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("assignor", sa.String(length=300), nullable=False),
        sa.Column("assignee", sa.String(length=300), nullable=False),
        sa.Column("dated_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=300), nullable=True),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('assignment', 'offer')", name=op.f("ck_trademark_mark_assignments_kind")
        ),
        _fk("trademark_mark_assignments", "mark_id", "trademark_marks"),
        _fk("trademark_mark_assignments", "recorded_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_mark_assignments")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_trademark_mark_assignments_dedupe_key")),
    )
    _index("trademark_mark_assignments", "mark_id")

    op.create_table(
        "trademark_use_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column("used_from", sa.Date(), nullable=False),
        sa.Column("used_to", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=300), nullable=True),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("trademark_use_evidence", "mark_id", "trademark_marks"),
        _fk("trademark_use_evidence", "recorded_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_use_evidence")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_trademark_use_evidence_dedupe_key")),
    )
    _index("trademark_use_evidence", "mark_id")

    op.create_table(
        "trademark_business_scopes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_key", sa.String(length=320), nullable=False),
        sa.Column("applicant_name", sa.String(length=300), nullable=False),
        sa.Column("classes", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("trademark_business_scopes", "recorded_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_business_scopes")),
        sa.UniqueConstraint(
            "applicant_key", name=op.f("uq_trademark_business_scopes_applicant_key")
        ),
    )

    table = "trademark_bad_faith_assessments"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=True),
        sa.Column("applicant_key", sa.String(length=320), nullable=False),
        sa.Column("applicant_name", sa.String(length=300), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("rule_id", sa.String(length=40), nullable=False),
        sa.Column("risk", sa.String(length=8), nullable=False),
        sa.Column("risk_rank", sa.Integer(), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("credit_proposal_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("scope IN ('application', 'applicant')", name=op.f(f"ck_{table}_scope")),
        sa.CheckConstraint(
            "status IN ('open', 'confirmed', 'dismissed', 'superseded')",
            name=op.f(f"ck_{table}_status"),
        ),
        sa.CheckConstraint(
            "risk IN ('none', 'low', 'medium', 'high')", name=op.f(f"ck_{table}_risk")
        ),
        _fk(table, "mark_id", "trademark_marks"),
        _fk(table, "party_id", "parties"),
        _fk(table, "decided_by", "users"),
        _fk(table, "credit_proposal_id", "screening_credit_records"),
        _fk(table, "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("dedupe_key", name=op.f(f"uq_{table}_dedupe_key")),
    )
    _index(table, "mark_id")
    _index(table, "applicant_key")
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(f"ix_{table}_queue", ["status", "risk_rank"], unique=False)


def downgrade() -> None:
    table = "trademark_bad_faith_assessments"
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(f"ix_{table}_queue")
        batch_op.drop_index(batch_op.f(f"ix_{table}_applicant_key"))
        batch_op.drop_index(batch_op.f(f"ix_{table}_mark_id"))
    op.drop_table(table)
    op.drop_table("trademark_business_scopes")
    with op.batch_alter_table("trademark_use_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trademark_use_evidence_mark_id"))
    op.drop_table("trademark_use_evidence")
    with op.batch_alter_table("trademark_mark_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trademark_mark_assignments_mark_id"))
    op.drop_table("trademark_mark_assignments")
