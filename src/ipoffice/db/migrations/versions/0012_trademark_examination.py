"""trademark examination, opposition and review proceedings; bad-faith reviews

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "trademark_announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("issue_number", sa.String(length=16), nullable=False),
        sa.Column("announced_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("trademark_announcements", "application_id", "applications"),
        _fk("trademark_announcements", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_announcements")),
    )
    with op.batch_alter_table("trademark_announcements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trademark_announcements_application_id"),
            ["application_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_trademark_announcements_issue", ["issue_number", "application_id"], unique=True
        )

    op.create_table(
        "trademark_refusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("refused_goods", sa.JSON(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("notice_dispatched_on", sa.Date(), nullable=False),
        sa.Column("notice_received_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "stage IN ('examination', 'opposition')", name=op.f("ck_trademark_refusals_stage")
        ),
        sa.CheckConstraint(
            "scope IN ('whole', 'partial')", name=op.f("ck_trademark_refusals_scope")
        ),
        _fk("trademark_refusals", "application_id", "applications"),
        _fk("trademark_refusals", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_refusals")),
    )
    with op.batch_alter_table("trademark_refusals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trademark_refusals_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "trademark_proceedings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=True),
        sa.Column("announced_on", sa.Date(), nullable=True),
        sa.Column("refusal_id", sa.Integer(), nullable=True),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("earlier_right", sa.String(length=500), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("extension_approved_on", sa.Date(), nullable=True),
        sa.Column("extension_reference", sa.String(length=200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("decision_goods", sa.JSON(), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("closed_note", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('opposition', 'refusal_review', 'non_registration_review')",
            name=op.f("ck_trademark_proceedings_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('filed', 'served', 'answered', 'requested', 'decided', 'withdrawn', "
            "'not_accepted')",
            name=op.f("ck_trademark_proceedings_status"),
        ),
        _fk("trademark_proceedings", "application_id", "applications"),
        _fk("trademark_proceedings", "announcement_id", "trademark_announcements"),
        _fk("trademark_proceedings", "refusal_id", "trademark_refusals"),
        _fk("trademark_proceedings", "party_id", "parties"),
        _fk("trademark_proceedings", "agency_id", "parties"),
        _fk("trademark_proceedings", "filed_by_id", "users"),
        _fk("trademark_proceedings", "decided_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_proceedings")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_trademark_proceedings_dedupe_key")),
    )
    with op.batch_alter_table("trademark_proceedings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trademark_proceedings_application_id"),
            ["application_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_trademark_proceedings_party_id"), ["party_id"], unique=False
        )
        batch_op.create_index("ix_trademark_proceedings_list", ["kind", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("trademark_proceedings", schema=None) as batch_op:
        batch_op.drop_index("ix_trademark_proceedings_list")
        batch_op.drop_index(batch_op.f("ix_trademark_proceedings_party_id"))
        batch_op.drop_index(batch_op.f("ix_trademark_proceedings_application_id"))
    op.drop_table("trademark_proceedings")
    with op.batch_alter_table("trademark_refusals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trademark_refusals_application_id"))
    op.drop_table("trademark_refusals")
    with op.batch_alter_table("trademark_announcements", schema=None) as batch_op:
        batch_op.drop_index("ix_trademark_announcements_issue")
        batch_op.drop_index(batch_op.f("ix_trademark_announcements_application_id"))
    op.drop_table("trademark_announcements")
