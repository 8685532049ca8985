"""customer statuses (issue 13): the loyalty tiers of a business and every customer's status records

A business created before this revision gets its default tiers from the core on its first statuses call
(core/statuses.ensure_defaults), with their events, as a new business does at `tenant create`.
"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    create_indexes,
    create_named_table,
    create_table_with_id,
    integers,
    ref,
    tenant_fk,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0015"
down_revision = "0014"

SEQUENCED = ("statuses", "status_records")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_named_table(
        "statuses",
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("qualification", sa.String(length=20), nullable=False),
        sa.Column("qualification_turnover", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        *integers("qualification_months", "validity_months"),
        sa.Column("discount", sa.Integer(), nullable=False),
    )
    create_table_with_id(
        "status_records",
        ref("client_id"),
        ref("status_id"),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        tenant_fk("status_records", "client_id", "clients"),
        tenant_fk("status_records", "status_id", "statuses"),
    )
    create_indexes("status_records", ("business_id", "client_id", "state", "valid_from"))


def downgrade() -> None:
    for table in ("status_records", "statuses"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
