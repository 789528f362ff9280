"""screening records: runs, findings, risk scores, clues, credit proposals, office rules

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _users_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def upgrade() -> None:
    op.create_table(
        "screening_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("application_count", sa.Integer(), nullable=False),
        sa.Column("flagged_count", sa.Integer(), nullable=False),
        sa.Column("finding_count", sa.Integer(), nullable=False),
        sa.Column("subject_count", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _users_fk("screening_runs", "created_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_runs")),
        sa.UniqueConstraint("digest", name=op.f("uq_screening_runs_digest")),
    )
    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_runs_as_of"), ["as_of"], unique=False)

    op.create_table(
        "screening_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.String(length=64), nullable=False),
        sa.Column("application_risk", sa.Float(), nullable=False),
        sa.Column("behaviour", sa.String(length=32), nullable=False),
        sa.Column("detector", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("related", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'confirmed', 'dismissed')",
            name=op.f("ck_screening_findings_status"),
        ),
        _users_fk("screening_findings", "reviewer_id"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["screening_runs.id"],
            name=op.f("fk_screening_findings_run_id_screening_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_findings")),
    )
    with op.batch_alter_table("screening_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_findings_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_findings_behaviour"), ["behaviour"], unique=False
        )
        batch_op.create_index(
            "ix_screening_findings_queue", ["status", "application_risk", "score"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_screening_findings_run_id"), ["run_id"], unique=False)

    op.create_table(
        "screening_risk_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("risk", sa.Float(), nullable=False),
        sa.Column("applications", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("mean_risk", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('application', 'applicant', 'agency')",
            name=op.f("ck_screening_risk_scores_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["screening_runs.id"],
            name=op.f("fk_screening_risk_scores_run_id_screening_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_risk_scores")),
        sa.UniqueConstraint("run_id", "kind", "subject", name="uq_screening_risk_scores_subject"),
    )
    with op.batch_alter_table("screening_risk_scores", schema=None) as batch_op:
        batch_op.create_index(
            "ix_screening_risk_scores_ranking", ["run_id", "kind", "risk"], unique=False
        )

    op.create_table(
        "screening_clues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_name", sa.String(length=300), nullable=False),
        sa.Column("subject_uscc", sa.String(length=18), nullable=True),
        sa.Column("division_code", sa.String(length=6), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("transferred_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'transferred', 'received', 'closed')",
            name=op.f("ck_screening_clues_status"),
        ),
        _users_fk("screening_clues", "created_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_clues")),
    )
    with op.batch_alter_table("screening_clues", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_clues_division_code"), ["division_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_screening_clues_status"), ["status"], unique=False)

    op.create_table(
        "screening_credit_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_name", sa.String(length=300), nullable=False),
        sa.Column("subject_uscc", sa.String(length=18), nullable=True),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("conduct", sa.String(length=48), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("listing_start", sa.Date(), nullable=True),
        sa.Column("listing_end", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'in_effect', 'repaired', 'expired')",
            name=op.f("ck_screening_credit_records_status"),
        ),
        sa.CheckConstraint(
            "subject_type IN ('applicant', 'agency', 'agent')",
            name=op.f("ck_screening_credit_records_subject_type"),
        ),
        _users_fk("screening_credit_records", "decided_by"),
        _users_fk("screening_credit_records", "proposed_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_credit_records")),
    )
    with op.batch_alter_table("screening_credit_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_credit_records_status"), ["status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_credit_records_subject_name"), ["subject_name"], unique=False
        )

    for table, owner, owner_table in (
        ("screening_clue_findings", "clue_id", "screening_clues"),
        ("screening_credit_findings", "record_id", "screening_credit_records"),
    ):
        op.create_table(
            table,
            sa.Column(owner, sa.Integer(), nullable=False),
            sa.Column("finding_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                [owner], [f"{owner_table}.id"], name=op.f(f"fk_{table}_{owner}_{owner_table}")
            ),
            sa.ForeignKeyConstraint(
                ["finding_id"],
                ["screening_findings.id"],
                name=op.f(f"fk_{table}_finding_id_screening_findings"),
            ),
            sa.PrimaryKeyConstraint(owner, "finding_id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_finding_id"), ["finding_id"], unique=False
            )

    op.create_table(
        "screening_office_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _users_fk("screening_office_rules", "created_by"),
        _users_fk("screening_office_rules", "updated_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_office_rules")),
        sa.UniqueConstraint("code", name=op.f("uq_screening_office_rules_code")),
    )


def downgrade() -> None:
    op.drop_table("screening_office_rules")
    for table in ("screening_credit_findings", "screening_clue_findings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_finding_id"))
        op.drop_table(table)
    with op.batch_alter_table("screening_credit_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_credit_records_subject_name"))
        batch_op.drop_index(batch_op.f("ix_screening_credit_records_status"))
    op.drop_table("screening_credit_records")
    with op.batch_alter_table("screening_clues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_clues_status"))
        batch_op.drop_index(batch_op.f("ix_screening_clues_division_code"))
    op.drop_table("screening_clues")
    with op.batch_alter_table("screening_risk_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_screening_risk_scores_ranking")
    op.drop_table("screening_risk_scores")
    with op.batch_alter_table("screening_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_findings_run_id"))
        batch_op.drop_index("ix_screening_findings_queue")
        batch_op.drop_index(batch_op.f("ix_screening_findings_behaviour"))
        batch_op.drop_index(batch_op.f("ix_screening_findings_application_id"))
    op.drop_table("screening_findings")
    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_runs_as_of"))
    op.drop_table("screening_runs")
