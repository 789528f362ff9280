"""addresses, contacts and agents of patent documents

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("addresses", "contacts", "agents")


def upgrade() -> None:
    with op.batch_alter_table("patent_documents", schema=None) as batch_op:
        for name in COLUMNS:
            # Existing rows get an empty list; new rows always carry the column.
            batch_op.add_column(
                sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
            )


def downgrade() -> None:
    with op.batch_alter_table("patent_documents", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
