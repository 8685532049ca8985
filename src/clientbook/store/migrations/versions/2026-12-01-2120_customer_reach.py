"""push registrations and newsletter sign-ups (issue 13): CareCloud set/cancel-push-notifications and
newsletters-sign-up

Both tables start empty: nothing before this revision registered a device or signed anybody up.
"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import create_table_with_id, json_column, ref, strings, tenant_fk, unique
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0026"
down_revision = "0025"

SEQUENCED = ("push_registrations", "newsletter_signups")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_table_with_id(
        "push_registrations",
        ref("client_id"),
        *strings(application_id=128, device_id=200, nullable=False),
        json_column("device"),
        sa.Column("push_token", sa.String(length=500), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        tenant_fk("push_registrations", "client_id", "clients"),
        unique("push_registrations", "business_id", "application_id", "device_id"),
    )
    op.create_index(
        op.f("ix_push_registrations_business_id_client_id_application_id"),
        "push_registrations",
        ["business_id", "client_id", "application_id"],
        unique=False,
    )
    create_table_with_id(
        "newsletter_signups",
        *strings(contact_kind=8, contact_key=254, contact=254, nullable=False),
        ref("customer_source_id"),
        sa.Column("language", sa.String(length=8), nullable=True),
        json_column("consents"),
        json_column("partner_ids", nullable=True),
        tenant_fk("newsletter_signups", "customer_source_id", "customer_sources"),
        unique("newsletter_signups", "business_id", "contact_key"),
    )


def downgrade() -> None:
    op.drop_table("newsletter_signups")
    op.drop_index(op.f("ix_push_registrations_business_id_client_id_application_id"), table_name="push_registrations")
    op.drop_table("push_registrations")
    drop_id_sequences(*SEQUENCED)
