"""trademark marks, goods items and their groups, mark images

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _goods_tables() -> None:
    op.create_table(
        "trademark_goods_editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("class_count", sa.Integer(), nullable=False),
        sa.Column("group_count", sa.Integer(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("problem_count", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("loaded_by", sa.Integer(), nullable=True),
        _fk("trademark_goods_editions", "loaded_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_goods_editions")),
        sa.UniqueConstraint("digest", name=op.f("uq_trademark_goods_editions_digest")),
        sa.UniqueConstraint("label", name=op.f("uq_trademark_goods_editions_label")),
    )
    op.create_table(
        "trademark_goods_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("class_number", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=4), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("revised", sa.String(length=8), nullable=True),
        sa.CheckConstraint(
            "level IN ('class', 'group', 'item')", name=op.f("ck_trademark_goods_entries_level")
        ),
        _fk("trademark_goods_entries", "edition_id", "trademark_goods_editions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_goods_entries")),
        sa.UniqueConstraint("edition_id", "code", name="uq_trademark_goods_entries_code"),
    )
    with op.batch_alter_table("trademark_goods_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trademark_goods_entries_group", ["edition_id", "group_code"], unique=False
        )


def _mark_table() -> None:
    op.create_table(
        "trademark_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("text_normalized", sa.String(length=200), nullable=False),
        sa.Column("scripts", sa.String(length=40), nullable=False),
        sa.Column("text_language", sa.String(length=8), nullable=True),
        sa.Column("applicant_name", sa.String(length=300), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=True),
        sa.Column("filing_date", sa.Date(), nullable=False),
        sa.Column("priority_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("registration_date", sa.Date(), nullable=True),
        sa.Column("well_known", sa.Boolean(), nullable=False),
        sa.Column("well_known_basis", sa.String(length=300), nullable=True),
        sa.Column("well_known_on", sa.Date(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("submission_key", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('word', 'figurative', 'combined')", name=op.f("ck_trademark_marks_kind")
        ),
        sa.CheckConstraint(
            "status IN ('filed', 'preliminarily_approved', 'registered', 'refused', "
            "'withdrawn', 'invalidated', 'revoked', 'expired')",
            name=op.f("ck_trademark_marks_status"),
        ),
        _fk("trademark_marks", "applicant_id", "parties"),
        _fk("trademark_marks", "application_id", "applications"),
        _fk("trademark_marks", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_marks")),
        sa.UniqueConstraint("application_id", name=op.f("uq_trademark_marks_application_id")),
        sa.UniqueConstraint("number", name=op.f("uq_trademark_marks_number")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_trademark_marks_submission_key")),
    )
    with op.batch_alter_table("trademark_marks", schema=None) as batch_op:
        for column in ("applicant_id", "applicant_name", "filing_date", "status"):
            batch_op.create_index(
                batch_op.f(f"ix_trademark_marks_{column}"), [column], unique=False
            )
        batch_op.create_index(
            batch_op.f("ix_trademark_marks_text_normalized"), ["text_normalized"], unique=False
        )


def _mark_children() -> None:
    op.create_table(
        "trademark_mark_goods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column("class_number", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=4), nullable=True),
        sa.Column("item_code", sa.String(length=8), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("edition", sa.String(length=32), nullable=True),
        _fk("trademark_mark_goods", "mark_id", "trademark_marks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_mark_goods")),
    )
    with op.batch_alter_table("trademark_mark_goods", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trademark_mark_goods_group", ["group_code", "class_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trademark_mark_goods_mark_id"), ["mark_id"], unique=False
        )

    op.create_table(
        "trademark_mark_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("phash", sa.String(length=16), nullable=False),
        sa.Column("dhash", sa.String(length=16), nullable=False),
        sa.Column("whash", sa.String(length=16), nullable=False),
        sa.Column("keypoint_count", sa.Integer(), nullable=False),
        sa.Column("keypoints", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("trademark_mark_images", "mark_id", "trademark_marks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trademark_mark_images")),
        sa.UniqueConstraint("mark_id", name=op.f("uq_trademark_mark_images_mark_id")),
    )
    with op.batch_alter_table("trademark_mark_images", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trademark_mark_images_phash"), ["phash"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_trademark_mark_images_sha256"), ["sha256"], unique=False
        )


def upgrade() -> None:
    _goods_tables()
    _mark_table()
    _mark_children()


def downgrade() -> None:
    op.drop_table("trademark_mark_images")
    op.drop_table("trademark_mark_goods")
    op.drop_table("trademark_marks")
    op.drop_table("trademark_goods_entries")
    op.drop_table("trademark_goods_editions")
