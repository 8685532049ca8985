"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 10:27:12.516316
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    business_id,
    create_indexes,
    create_link_table,
    create_table_with_id,
    drop_indexes,
    json_column,
    primary_key,
    ref,
    tenant_fk,
    timestamps,
    unique,
)
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


STAFF_INDEXES = (
    ["business_id", "email_normalized"],
    ["business_id", "last_name", "first_name"],
    ["business_id", "mobile_phone"],
)
CLIENTS_INDEXES = (
    ["business_id", "branch_id"],
    ["business_id", "created_at"],
    ["business_id", "customer_source_id"],
    ["business_id", "email_normalized"],
    ["business_id", "external_user_name"],
    ["business_id", "full_name"],
    ["business_id", "last_name", "first_name"],
    ["business_id", "mobile_phone"],
    ["business_id", "staff_id"],
    ["business_id", "status"],
)
APPOINTMENTS_INDEXES = (
    ["business_id", "branch_id", "client_id"],
    ["business_id", "client_id"],
    ["business_id", "reason_id", "client_id"],
    ["business_id", "staff_id", "client_id"],
    ["business_id", "starts_at"],
)
MESSAGES_INDEXES = (
    ["business_id", "client_id", "id"],
    ["business_id", "staff_id", "id"],
    ["provider_message_id"],
    ["status", "next_attempt_at"],
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
        json_column("extra"),
        *timestamps(),
        primary_key("businesses", "id"),
        unique("businesses", "account_number"),
        unique("businesses", "sms_number"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        business_id(),
        sa.Column("realm", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=True),
        sa.Column("subject_id", sa.BigInteger(), nullable=True),
        json_column("data"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        business_fk("api_tokens"),
        primary_key("api_tokens", "token_hash"),
    )
    create_indexes("api_tokens", ["business_id", "realm", "kind"])

    create_table_with_id(
        "branches",
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
        json_column("extra"),
        business_fk("branches"),
        unique("branches", "account_number"),
        soft_delete=True,
    )
    create_indexes("branches", ["business_id", "location_group_id"])

    create_table_with_id(
        "credentials",
        sa.Column("realm", sa.String(length=32), nullable=False),
        sa.Column("key_id", sa.String(length=128), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=True),
        json_column("extra"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        business_fk("credentials"),
        unique("credentials", "realm", "key_id"),
        stamped=False,
    )
    create_table_with_id(
        "events",
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        json_column("changes"),
        sa.Column("actor", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        business_fk("events"),
        stamped=False,
    )
    create_indexes("events", ["business_id", "entity", "entity_id"])

    create_table_with_id(
        "field_definitions",
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("data_type", sa.String(length=16), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        json_column("options"),
        business_fk("field_definitions"),
    )
    create_indexes("field_definitions", ["business_id", "entity", "code"])

    create_table_with_id(
        "tags",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_normalized", sa.String(length=100), nullable=False),
        business_fk("tags"),
        unique("tags", "business_id", "name_normalized"),
    )
    create_table_with_id(
        "staff",
        ref("branch_id", nullable=True),
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
        json_column("extra"),
        tenant_fk("staff", "branch_id", "branches"),
        business_fk("staff"),
        soft_delete=True,
    )
    create_indexes("staff", *STAFF_INDEXES)

    create_table_with_id(
        "clients",
        ref("branch_id", nullable=True),
        ref("staff_id", nullable=True),
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
        json_column("extra"),
        tenant_fk("clients", "branch_id", "branches"),
        tenant_fk("clients", "staff_id", "staff"),
        business_fk("clients"),
        soft_delete=True,
    )
    create_indexes("clients", *CLIENTS_INDEXES)

    create_table_with_id(
        "staff_accounts",
        ref("staff_id"),
        sa.Column("account_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        tenant_fk("staff_accounts", "staff_id", "staff"),
        unique("staff_accounts", "business_id", "account_name"),
        soft_delete=True,
    )
    create_table_with_id(
        "appointments",
        ref("client_id"),
        ref("staff_id", nullable=True),
        ref("branch_id", nullable=True),
        sa.Column("created_by_staff_id", sa.BigInteger(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("orig_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("virtual", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason_id", sa.BigInteger(), nullable=True),
        json_column("extra"),
        tenant_fk("appointments", "branch_id", "branches"),
        tenant_fk("appointments", "client_id", "clients"),
        tenant_fk("appointments", "staff_id", "staff"),
        soft_delete=True,
    )
    create_indexes("appointments", *APPOINTMENTS_INDEXES)

    create_link_table("client_access", ("viewer_client_id", "clients"), ("client_id", "clients"))
    create_indexes("client_access", ["business_id", "client_id"])

    create_link_table(
        "client_field_values",
        ("client_id", "clients"),
        ("field_id", "field_definitions"),
        columns=[sa.Column("value", sa.Text(), nullable=True)],
    )
    create_indexes("client_field_values", ["business_id", "field_id"])

    create_link_table("client_tags", ("client_id", "clients"), ("tag_id", "tags"))
    create_indexes("client_tags", ["business_id", "tag_id", "client_id"])

    create_table_with_id(
        "messages",
        sa.Column("direction", sa.String(length=8), nullable=False),
        ref("client_id", nullable=True),
        ref("staff_id", nullable=True),
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
        tenant_fk("messages", "client_id", "clients"),
        tenant_fk("messages", "staff_id", "staff"),
    )
    create_indexes("messages", *MESSAGES_INDEXES)

    create_table_with_id(
        "notes",
        ref("client_id"),
        sa.Column("body", sa.Text(), nullable=False),
        tenant_fk("notes", "client_id", "clients"),
        soft_delete=True,
    )
    create_indexes("notes", ["business_id", "client_id"])


def downgrade() -> None:
    drop_id_sequences(*TABLES_WITH_IDS)
    op.drop_table("id_sequences")
    drop_indexes("notes", ["business_id", "client_id"])

    op.drop_table("notes")
    drop_indexes("messages", *MESSAGES_INDEXES)

    op.drop_table("messages")
    drop_indexes("client_tags", ["business_id", "tag_id", "client_id"])

    op.drop_table("client_tags")
    drop_indexes("client_field_values", ["business_id", "field_id"])

    op.drop_table("client_field_values")
    drop_indexes("client_access", ["business_id", "client_id"])

    op.drop_table("client_access")
    drop_indexes("appointments", *APPOINTMENTS_INDEXES)

    op.drop_table("appointments")
    op.drop_table("staff_accounts")
    drop_indexes("clients", *CLIENTS_INDEXES)

    op.drop_table("clients")
    drop_indexes("staff", *STAFF_INDEXES)

    op.drop_table("staff")
    op.drop_table("tags")
    drop_indexes("field_definitions", ["business_id", "entity", "code"])

    op.drop_table("field_definitions")
    drop_indexes("events", ["business_id", "entity", "entity_id"])

    op.drop_table("events")
    op.drop_table("credentials")
    drop_indexes("branches", ["business_id", "location_group_id"])

    op.drop_table("branches")
    drop_indexes("api_tokens", ["business_id", "realm", "kind"])

    op.drop_table("api_tokens")
    op.drop_table("businesses")
