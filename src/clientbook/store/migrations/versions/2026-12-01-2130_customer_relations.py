"""customer relations (issue 13): two customers of a business related as family, partners, guardian or referral"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import create_indexes, create_table_with_id, ref, tenant_fk
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0027"
down_revision = "0026"

TABLE = "customer_relations"


def upgrade() -> None:
    create_id_sequences(TABLE)
    create_table_with_id(
        TABLE,
        ref("client_id"),
        ref("related_client_id"),
        sa.Column("relation_type", sa.Integer(), nullable=False),
        sa.Column("related_leads", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        tenant_fk(TABLE, "client_id", "clients"),
        tenant_fk(TABLE, "related_client_id", "clients"),
        soft_delete=True,
    )
    create_indexes(TABLE, ("business_id", "client_id"), ("business_id", "related_client_id"))


def downgrade() -> None:
    op.drop_table(TABLE)
    drop_id_sequences(TABLE)
