"""patent documents

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patent_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("claims", sa.JSON(), nullable=False),
        sa.Column("applicants", sa.JSON(), nullable=False),
        sa.Column("inventors", sa.JSON(), nullable=False),
        sa.Column("agency", sa.String(length=300), nullable=True),
        sa.Column("filing_date", sa.Date(), nullable=True),
        sa.Column("priority_date", sa.Date(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("ipc", sa.JSON(), nullable=False),
        sa.Column("cpc", sa.JSON(), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("family_id", sa.String(length=64), nullable=True),
        sa.Column("jurisdiction", sa.String(length=2), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("indexed_hash", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patent_documents")),
        sa.UniqueConstraint("doc_id", name=op.f("uq_patent_documents_doc_id")),
    )
    with op.batch_alter_table("patent_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patent_documents_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patent_documents_indexed_hash"), ["indexed_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patent_documents_publication_date"), ["publication_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("patent_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patent_documents_publication_date"))
        batch_op.drop_index(batch_op.f("ix_patent_documents_indexed_hash"))
        batch_op.drop_index(batch_op.f("ix_patent_documents_family_id"))

    op.drop_table("patent_documents")
