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

from clientbook.store.migrations._columns import business_fk, create_table_with_id, tenant_fk, unique
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("statuses", "status_records")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_table_with_id(
        "statuses",
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
        business_fk("statuses"),
        unique("statuses", "business_id", "text_id"),
    )
    create_table_with_id(
        "status_records",
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("status_id", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        tenant_fk("status_records", "client_id", "clients"),
        tenant_fk("status_records", "status_id", "statuses"),
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
