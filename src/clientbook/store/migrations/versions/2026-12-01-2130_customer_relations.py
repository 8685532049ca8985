"""customer relations (issue 13): two customers of a business related as family, partners, guardian or referral

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "customer_relations"


def upgrade() -> None:
    create_id_sequences(TABLE)
    op.create_table(
        TABLE,
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("related_client_id", sa.BigInteger(), nullable=False),
        sa.Column("relation_type", sa.Integer(), nullable=False),
        sa.Column("related_leads", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_customer_relations_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "related_client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_customer_relations_business_id_related_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_customer_relations")),
    )
    for columns in (("business_id", "client_id"), ("business_id", "related_client_id")):
        op.create_index(op.f(f"ix_{TABLE}_{'_'.join(columns)}"), TABLE, list(columns), unique=False)


def downgrade() -> None:
    op.drop_table(TABLE)
    drop_id_sequences(TABLE)
