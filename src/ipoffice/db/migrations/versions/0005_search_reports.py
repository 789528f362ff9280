"""search reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("application_number", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_search_reports_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_reports")),
    )
    with op.batch_alter_table("search_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_reports_application_number"), ["application_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_search_reports_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("search_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_reports_document_id"))
        batch_op.drop_index(batch_op.f("ix_search_reports_application_number"))

    op.drop_table("search_reports")
