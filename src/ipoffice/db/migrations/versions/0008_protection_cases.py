"""patent dispute cases: requests, parties, evidence, events, suspensions, panels, decisions

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "protection_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("patent_number", sa.String(length=16), nullable=False),
        sa.Column("patent_title", sa.String(length=500), nullable=True),
        sa.Column("request_text", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("served_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("refusal_reasons", sa.Text(), nullable=True),
        sa.Column("resume_status", sa.String(length=16), nullable=True),
        sa.Column("handler_id", sa.Integer(), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handler_id"], ["users.id"], name=op.f("fk_protection_cases_handler_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_protection_cases_number")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_protection_cases_submission_key")),
    )
    op.create_index(
        op.f("ix_protection_cases_patent_number"),
        "protection_cases",
        ["patent_number"],
        unique=False,
    )
    op.create_index(
        "ix_protection_cases_region_received",
        "protection_cases",
        ["region_code", "received_on"],
        unique=False,
    )
    op.create_index(
        "ix_protection_cases_region_status",
        "protection_cases",
        ["region_code", "status"],
        unique=False,
    )
    op.create_table(
        "protection_case_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("claim_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_claims_case_id_protection_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_claims")),
        sa.UniqueConstraint("case_id", "claim_number", name="uq_protection_case_claim"),
    )
    op.create_index(
        op.f("ix_protection_case_claims_case_id"),
        "protection_case_claims",
        ["case_id"],
        unique=False,
    )
    op.create_table(
        "protection_case_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("orders", sa.Text(), nullable=True),
        sa.Column("served_on", sa.Date(), nullable=True),
        sa.Column("document_html", sa.Text(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('infringement_found', 'infringement_not_found', 'request_dismissed')",
            name=op.f("ck_protection_case_decisions_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_decisions_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"], ["users.id"], name=op.f("fk_protection_case_decisions_issued_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_decisions")),
        sa.UniqueConstraint("case_id", name=op.f("uq_protection_case_decisions_case_id")),
    )
    op.create_table(
        "protection_case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_protection_case_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_events_case_id_protection_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_events")),
    )
    op.create_index(
        op.f("ix_protection_case_events_case_id"),
        "protection_case_events",
        ["case_id"],
        unique=False,
    )
    op.create_table(
        "protection_case_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_type", sa.String(length=16), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_path", sa.String(length=300), nullable=False),
        sa.Column("submitted_by", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "submitted_by IN ('requester', 'respondent', 'office')",
            name=op.f("ck_protection_case_evidence_by"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_evidence_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
            name=op.f("fk_protection_case_evidence_uploaded_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_evidence")),
        sa.UniqueConstraint("case_id", "sha256", name="uq_protection_case_evidence_digest"),
    )
    op.create_index(
        op.f("ix_protection_case_evidence_case_id"),
        "protection_case_evidence",
        ["case_id"],
        unique=False,
    )
    op.create_table(
        "protection_case_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("rule_source", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["users.id"],
            name=op.f("fk_protection_case_extensions_approved_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_extensions_case_id_protection_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_extensions")),
        sa.UniqueConstraint("case_id", name=op.f("uq_protection_case_extensions_case_id")),
    )
    op.create_table(
        "protection_case_hearings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("hearing_on", sa.Date(), nullable=False),
        sa.Column("time_of_day", sa.String(length=5), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("notice", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_hearings_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_protection_case_hearings_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_hearings")),
    )
    op.create_index(
        op.f("ix_protection_case_hearings_case_id"),
        "protection_case_hearings",
        ["case_id"],
        unique=False,
    )
    op.create_table(
        "protection_case_mediations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.Column("agreement_text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "result IS NULL OR result IN ('agreement', 'failed')",
            name=op.f("ck_protection_case_mediations_result"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_mediations_case_id_protection_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_mediations")),
    )
    op.create_index(
        op.f("ix_protection_case_mediations_case_id"),
        "protection_case_mediations",
        ["case_id"],
        unique=False,
    )
    op.create_table(
        "protection_case_panel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("presiding", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_panel_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_protection_case_panel_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_panel")),
        sa.UniqueConstraint("case_id", "user_id", name="uq_protection_case_panel"),
    )
    op.create_index(
        op.f("ix_protection_case_panel_case_id"), "protection_case_panel", ["case_id"], unique=False
    )
    op.create_table(
        "protection_case_parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "kind IN ('person', 'organisation')", name=op.f("ck_protection_case_parties_kind")
        ),
        sa.CheckConstraint(
            "role IN ('requester', 'respondent')", name=op.f("ck_protection_case_parties_role")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_parties_case_id_protection_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_parties")),
    )
    op.create_index(
        op.f("ix_protection_case_parties_case_id"),
        "protection_case_parties",
        ["case_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_protection_case_parties_uscc"), "protection_case_parties", ["uscc"], unique=False
    )
    op.create_table(
        "protection_case_suspensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "reason IN ('invalidation_pending', 'party_request', 'court_case', 'other')",
            name=op.f("ck_protection_case_suspensions_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_suspensions_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"], ["users.id"], name=op.f("fk_protection_case_suspensions_ended_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["started_by"],
            ["users.id"],
            name=op.f("fk_protection_case_suspensions_started_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_suspensions")),
    )
    op.create_index(
        op.f("ix_protection_case_suspensions_case_id"),
        "protection_case_suspensions",
        ["case_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_protection_case_suspensions_case_id"), table_name="protection_case_suspensions"
    )
    op.drop_table("protection_case_suspensions")
    op.drop_index(op.f("ix_protection_case_parties_uscc"), table_name="protection_case_parties")
    op.drop_index(op.f("ix_protection_case_parties_case_id"), table_name="protection_case_parties")
    op.drop_table("protection_case_parties")
    op.drop_index(op.f("ix_protection_case_panel_case_id"), table_name="protection_case_panel")
    op.drop_table("protection_case_panel")
    op.drop_index(
        op.f("ix_protection_case_mediations_case_id"), table_name="protection_case_mediations"
    )
    op.drop_table("protection_case_mediations")
    op.drop_index(
        op.f("ix_protection_case_hearings_case_id"), table_name="protection_case_hearings"
    )
    op.drop_table("protection_case_hearings")
    op.drop_table("protection_case_extensions")
    op.drop_index(
        op.f("ix_protection_case_evidence_case_id"), table_name="protection_case_evidence"
    )
    op.drop_table("protection_case_evidence")
    op.drop_index(op.f("ix_protection_case_events_case_id"), table_name="protection_case_events")
    op.drop_table("protection_case_events")
    op.drop_table("protection_case_decisions")
    op.drop_index(op.f("ix_protection_case_claims_case_id"), table_name="protection_case_claims")
    op.drop_table("protection_case_claims")
    op.drop_index("ix_protection_cases_region_status", table_name="protection_cases")
    op.drop_index("ix_protection_cases_region_received", table_name="protection_cases")
    op.drop_index(op.f("ix_protection_cases_patent_number"), table_name="protection_cases")
    op.drop_table("protection_cases")
