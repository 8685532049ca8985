"""push registrations and newsletter sign-ups (issue 13): CareCloud set/cancel-push-notifications and
newsletters-sign-up

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-01 21:20:00

Both tables start empty: nothing before this revision registered a device or signed anybody up.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("push_registrations", "newsletter_signups")


def _json() -> Any:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


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
        "push_registrations",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("application_id", sa.String(length=128), nullable=False),
        sa.Column("device_id", sa.String(length=200), nullable=False),
        sa.Column("device", _json(), nullable=False),
        sa.Column("push_token", sa.String(length=500), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_push_registrations_business_id_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_push_registrations")),
        sa.UniqueConstraint(
            "business_id",
            "application_id",
            "device_id",
            name=op.f("uq_push_registrations_business_id_application_id_device_id"),
        ),
    )
    op.create_index(
        op.f("ix_push_registrations_business_id_client_id_application_id"),
        "push_registrations",
        ["business_id", "client_id", "application_id"],
        unique=False,
    )
    op.create_table(
        "newsletter_signups",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("contact_kind", sa.String(length=8), nullable=False),
        sa.Column("contact_key", sa.String(length=254), nullable=False),
        sa.Column("contact", sa.String(length=254), nullable=False),
        sa.Column("customer_source_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("consents", _json(), nullable=False),
        sa.Column("partner_ids", _json(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["business_id", "customer_source_id"],
            ["customer_sources.business_id", "customer_sources.id"],
            name=op.f("fk_newsletter_signups_business_id_customer_source_id_customer_sources"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_newsletter_signups")),
        sa.UniqueConstraint("business_id", "contact_key", name=op.f("uq_newsletter_signups_business_id_contact_key")),
    )


def downgrade() -> None:
    op.drop_table("newsletter_signups")
    op.drop_index(op.f("ix_push_registrations_business_id_client_id_application_id"), table_name="push_registrations")
    op.drop_table("push_registrations")
    drop_id_sequences(*SEQUENCED)
