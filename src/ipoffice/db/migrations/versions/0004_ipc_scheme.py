"""ipc scheme

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ipc_entries",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("subclass", sa.String(length=4), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_ipc_entries")),
    )
    with op.batch_alter_table("ipc_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ipc_entries_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_ipc_entries_subclass"), ["subclass"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ipc_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ipc_entries_subclass"))
        batch_op.drop_index(batch_op.f("ix_ipc_entries_level"))

    op.drop_table("ipc_entries")
