"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 10:27:12.516316
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES_WITH_IDS = (
    "businesses",
    "branches",
    "credentials",
    "staff",
    "clients",
    "staff_accounts",
    "appointments",
    "tags",
    "notes",
    "field_definitions",
    "messages",
    "events",
)


def upgrade() -> None:
    # SQLite has no sequences: ids come from this table inside the write transaction (store/ids.py).
    op.create_table(
        "id_sequences",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
    )
    create_id_sequences(*TABLES_WITH_IDS)
    op.create_table(
        "businesses",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("account_number", sa.String(length=36), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("default_region", sa.String(length=2), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sms_number", sa.String(length=20), nullable=True),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_businesses")),
        sa.UniqueConstraint("account_number", name=op.f("uq_businesses_account_number")),
        sa.UniqueConstraint("sms_number", name=op.f("uq_businesses_sms_number")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("realm", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=True),
        sa.Column("subject_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "data", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_api_tokens_business_id_businesses")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_api_tokens")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_tokens_business_id_realm_kind"), ["business_id", "realm", "kind"], unique=False
        )

    op.create_table(
        "branches",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("account_number", sa.String(length=36), nullable=False),
        sa.Column("location_group_id", sa.BigInteger(), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_branches_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_branches")),
        sa.UniqueConstraint("account_number", name=op.f("uq_branches_account_number")),
    )
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_branches_business_id_location_group_id"), ["business_id", "location_group_id"], unique=False
        )

    op.create_table(
        "credentials",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("realm", sa.String(length=32), nullable=False),
        sa.Column("key_id", sa.String(length=128), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=True),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_credentials_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("realm", "key_id", name=op.f("uq_credentials_realm_key_id")),
    )
    op.create_table(
        "events",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column(
            "changes", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("actor", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_events_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_events_business_id_entity_entity_id"), ["business_id", "entity", "entity_id"], unique=False
        )

    op.create_table(
        "field_definitions",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("data_type", sa.String(length=16), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column(
            "options", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_field_definitions_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_field_definitions")),
    )
    with op.batch_alter_table("field_definitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_field_definitions_business_id_entity_code"), ["business_id", "entity", "code"], unique=False
        )

    op.create_table(
        "tags",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_normalized", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_tags_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_tags")),
        sa.UniqueConstraint("business_id", "name_normalized", name=op.f("uq_tags_business_id_name_normalized")),
    )
    op.create_table(
        "staff",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("staff_type", sa.String(length=16), nullable=False),
        sa.Column("titles", sa.String(length=100), nullable=True),
        sa.Column("initials", sa.String(length=20), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("job_title", sa.String(length=200), nullable=True),
        sa.Column("job_description", sa.String(length=2000), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("email_normalized", sa.String(length=254), nullable=True),
        sa.Column("main_phone", sa.String(length=32), nullable=True),
        sa.Column("mobile_phone", sa.String(length=20), nullable=True),
        sa.Column("mobile_phone_raw", sa.String(length=40), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("sms_opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "branch_id"],
            ["branches.business_id", "branches.id"],
            name=op.f("fk_staff_business_id_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_staff_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_staff")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_business_id_email_normalized"), ["business_id", "email_normalized"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_staff_business_id_last_name_first_name"),
            ["business_id", "last_name", "first_name"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_staff_business_id_mobile_phone"), ["business_id", "mobile_phone"], unique=False
        )

    op.create_table(
        "clients",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("staff_id", sa.BigInteger(), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("titles", sa.String(length=100), nullable=True),
        sa.Column("initials", sa.String(length=20), nullable=True),
        sa.Column("surname_prefix", sa.String(length=40), nullable=True),
        sa.Column("salutation", sa.String(length=40), nullable=True),
        sa.Column("post_nominals", sa.String(length=100), nullable=True),
        sa.Column("gender", sa.String(length=16), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("email_normalized", sa.String(length=254), nullable=True),
        sa.Column("mobile_phone", sa.String(length=20), nullable=True),
        sa.Column("mobile_phone_raw", sa.String(length=40), nullable=True),
        sa.Column("home_phone", sa.String(length=40), nullable=True),
        sa.Column("business_phone", sa.String(length=40), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("street2", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("county", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("company_name", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("client_type", sa.String(length=16), nullable=False),
        sa.Column("contact_method", sa.String(length=16), nullable=False),
        sa.Column("guardian", sa.Boolean(), nullable=False),
        sa.Column("guardian_first_name", sa.String(length=100), nullable=True),
        sa.Column("guardian_last_name", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("last_visit_date", sa.Date(), nullable=True),
        sa.Column("opted_in_date", sa.Date(), nullable=True),
        sa.Column("last_cancelled_date", sa.Date(), nullable=True),
        sa.Column("number_of_visits", sa.Integer(), nullable=True),
        sa.Column("external_user_name", sa.String(length=200), nullable=True),
        sa.Column("reference_code", sa.String(length=100), nullable=True),
        sa.Column("customer_source_id", sa.BigInteger(), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("sms_opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("merged_into_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "branch_id"],
            ["branches.business_id", "branches.id"],
            name=op.f("fk_clients_business_id_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "staff_id"],
            ["staff.business_id", "staff.id"],
            name=op.f("fk_clients_business_id_staff_id_staff"),
        ),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_clients_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_clients")),
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_branch_id"), ["business_id", "branch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_created_at"), ["business_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_customer_source_id"), ["business_id", "customer_source_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_email_normalized"), ["business_id", "email_normalized"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_external_user_name"), ["business_id", "external_user_name"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_full_name"), ["business_id", "full_name"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_last_name_first_name"),
            ["business_id", "last_name", "first_name"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_clients_business_id_mobile_phone"), ["business_id", "mobile_phone"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clients_business_id_staff_id"), ["business_id", "staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clients_business_id_status"), ["business_id", "status"], unique=False)

    op.create_table(
        "staff_accounts",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("account_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "staff_id"],
            ["staff.business_id", "staff.id"],
            name=op.f("fk_staff_accounts_business_id_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_staff_accounts")),
        sa.UniqueConstraint("business_id", "account_name", name=op.f("uq_staff_accounts_business_id_account_name")),
    )
    op.create_table(
        "appointments",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_staff_id", sa.BigInteger(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("orig_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("virtual", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "branch_id"],
            ["branches.business_id", "branches.id"],
            name=op.f("fk_appointments_business_id_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_appointments_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "staff_id"],
            ["staff.business_id", "staff.id"],
            name=op.f("fk_appointments_business_id_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_appointments")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointments_business_id_branch_id_client_id"),
            ["business_id", "branch_id", "client_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_appointments_business_id_client_id"), ["business_id", "client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_appointments_business_id_reason_id_client_id"),
            ["business_id", "reason_id", "client_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_appointments_business_id_staff_id_client_id"),
            ["business_id", "staff_id", "client_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_appointments_business_id_starts_at"), ["business_id", "starts_at"], unique=False
        )

    op.create_table(
        "client_access",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("viewer_client_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_client_access_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "viewer_client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_client_access_business_id_viewer_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("business_id", "viewer_client_id", "client_id", name=op.f("pk_client_access")),
    )
    with op.batch_alter_table("client_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_access_business_id_client_id"), ["business_id", "client_id"], unique=False
        )

    op.create_table(
        "client_field_values",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("field_id", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_client_field_values_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "field_id"],
            ["field_definitions.business_id", "field_definitions.id"],
            name=op.f("fk_client_field_values_business_id_field_id_field_definitions"),
        ),
        sa.PrimaryKeyConstraint("business_id", "client_id", "field_id", name=op.f("pk_client_field_values")),
    )
    with op.batch_alter_table("client_field_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_field_values_business_id_field_id"), ["business_id", "field_id"], unique=False
        )

    op.create_table(
        "client_tags",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("tag_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_client_tags_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "tag_id"],
            ["tags.business_id", "tags.id"],
            name=op.f("fk_client_tags_business_id_tag_id_tags"),
        ),
        sa.PrimaryKeyConstraint("business_id", "client_id", "tag_id", name=op.f("pk_client_tags")),
    )
    with op.batch_alter_table("client_tags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_tags_business_id_tag_id_client_id"),
            ["business_id", "tag_id", "client_id"],
            unique=False,
        )

    op.create_table(
        "messages",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=True),
        sa.Column("staff_id", sa.BigInteger(), nullable=True),
        sa.Column("sent_by_staff_id", sa.BigInteger(), nullable=True),
        sa.Column("to_number", sa.String(length=20), nullable=False),
        sa.Column("from_number", sa.String(length=20), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("trimmed", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("provider", sa.String(length=32), nullable=True),
        sa.Column("provider_message_id", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sending_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_messages_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "staff_id"],
            ["staff.business_id", "staff.id"],
            name=op.f("fk_messages_business_id_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_messages_business_id_client_id_id"), ["business_id", "client_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_messages_business_id_staff_id_id"), ["business_id", "staff_id", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_messages_provider_message_id"), ["provider_message_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_messages_status_next_attempt_at"), ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "notes",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_notes_business_id_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notes_business_id_client_id"), ["business_id", "client_id"], unique=False)


def downgrade() -> None:
    drop_id_sequences(*TABLES_WITH_IDS)
    op.drop_table("id_sequences")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notes_business_id_client_id"))

    op.drop_table("notes")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_status_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_messages_provider_message_id"))
        batch_op.drop_index(batch_op.f("ix_messages_business_id_staff_id_id"))
        batch_op.drop_index(batch_op.f("ix_messages_business_id_client_id_id"))

    op.drop_table("messages")
    with op.batch_alter_table("client_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_tags_business_id_tag_id_client_id"))

    op.drop_table("client_tags")
    with op.batch_alter_table("client_field_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_field_values_business_id_field_id"))

    op.drop_table("client_field_values")
    with op.batch_alter_table("client_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_access_business_id_client_id"))

    op.drop_table("client_access")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointments_business_id_starts_at"))
        batch_op.drop_index(batch_op.f("ix_appointments_business_id_staff_id_client_id"))
        batch_op.drop_index(batch_op.f("ix_appointments_business_id_reason_id_client_id"))
        batch_op.drop_index(batch_op.f("ix_appointments_business_id_client_id"))
        batch_op.drop_index(batch_op.f("ix_appointments_business_id_branch_id_client_id"))

    op.drop_table("appointments")
    op.drop_table("staff_accounts")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clients_business_id_status"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_staff_id"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_mobile_phone"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_last_name_first_name"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_full_name"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_external_user_name"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_email_normalized"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_customer_source_id"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_created_at"))
        batch_op.drop_index(batch_op.f("ix_clients_business_id_branch_id"))

    op.drop_table("clients")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_business_id_mobile_phone"))
        batch_op.drop_index(batch_op.f("ix_staff_business_id_last_name_first_name"))
        batch_op.drop_index(batch_op.f("ix_staff_business_id_email_normalized"))

    op.drop_table("staff")
    op.drop_table("tags")
    with op.batch_alter_table("field_definitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_field_definitions_business_id_entity_code"))

    op.drop_table("field_definitions")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_business_id_entity_entity_id"))

    op.drop_table("events")
    op.drop_table("credentials")
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_branches_business_id_location_group_id"))

    op.drop_table("branches")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_business_id_realm_kind"))

    op.drop_table("api_tokens")
    op.drop_table("businesses")
