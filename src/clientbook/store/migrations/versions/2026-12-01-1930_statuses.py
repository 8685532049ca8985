"""customer statuses (issue 13): the loyalty tiers of a business and every customer's status records

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 19:30:00

A business created before this revision gets its default tiers from the core on its first statuses call
(core/statuses.ensure_defaults), with their events, as a new business does at `tenant create`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("statuses", "status_records")


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
    ]


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    op.create_table(
        "statuses",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("qualification", sa.String(length=20), nullable=False),
        sa.Column("qualification_turnover", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("qualification_months", sa.Integer(), nullable=True),
        sa.Column("validity_months", sa.Integer(), nullable=True),
        sa.Column("discount", sa.Integer(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_statuses_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_statuses")),
        sa.UniqueConstraint("business_id", "text_id", name=op.f("uq_statuses_business_id_text_id")),
    )
    op.create_table(
        "status_records",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("status_id", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_status_records_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "status_id"],
            ["statuses.business_id", "statuses.id"],
            name=op.f("fk_status_records_business_id_status_id_statuses"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_status_records")),
    )
    op.create_index(
        op.f("ix_status_records_business_id_client_id_state_valid_from"),
        "status_records",
        ["business_id", "client_id", "state", "valid_from"],
        unique=False,
    )


def downgrade() -> None:
    for table in ("status_records", "statuses"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
