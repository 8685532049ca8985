"""initial schema"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    business_id,
    create_indexes,
    create_link_table,
    create_table_with_id,
    dates,
    datetimes,
    drop_indexes,
    flags,
    json_column,
    primary_key,
    ref,
    strings,
    tenant_fk,
    timestamps,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0001"
down_revision = None


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
        *strings(name=200, account_number=36, time_zone=64, default_region=2, language=8, nullable=False),
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
        *strings(realm=32, kind=32, nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=True),
        ref("subject_id", nullable=True),
        json_column("data"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *datetimes("expires_at", "last_used_at", "revoked_at"),
        business_fk("api_tokens"),
        primary_key("api_tokens", "token_hash"),
    )
    create_indexes("api_tokens", ["business_id", "realm", "kind"])

    create_table_with_id(
        "branches",
        *strings(name=200, account_number=36, nullable=False),
        ref("location_group_id", nullable=True),
        *strings(time_zone=64, street=200, city=100, region=100, postal_code=20, country=100, phone=20, email=254),
        json_column("extra"),
        business_fk("branches"),
        unique("branches", "account_number"),
        soft_delete=True,
    )
    create_indexes("branches", ["business_id", "location_group_id"])

    create_table_with_id(
        "credentials",
        *strings(realm=32, key_id=128, nullable=False),
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
        ref("entity_id"),
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
        *strings(entity=16, code=64, label=200, data_type=16, nullable=False),
        *flags("required", "active", nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        json_column("options"),
        business_fk("field_definitions"),
    )
    create_indexes("field_definitions", ["business_id", "entity", "code"])

    create_table_with_id(
        "tags",
        *strings(name=100, name_normalized=100, nullable=False),
        business_fk("tags"),
        unique("tags", "business_id", "name_normalized"),
    )
    create_table_with_id(
        "staff",
        ref("branch_id", nullable=True),
        sa.Column("staff_type", sa.String(length=16), nullable=False),
        *strings(titles=100, initials=20, first_name=100, last_name=100, job_title=200, job_description=2000),
        *strings(email=254, email_normalized=254, main_phone=32, mobile_phone=20, mobile_phone_raw=40),
        *strings(street=200, city=100, region=100, postal_code=20, country=100),
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
        *strings(first_name=100, last_name=100),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        *strings(titles=100, initials=20, surname_prefix=40, salutation=40, post_nominals=100, gender=16),
        sa.Column("birth_date", sa.Date(), nullable=True),
        *strings(
            email=254, email_normalized=254, mobile_phone=20, mobile_phone_raw=40, home_phone=40, business_phone=40
        ),
        *strings(street=200, street2=200, city=100, county=100, region=100, postal_code=20, country=100),
        *strings(company_name=200, language=8, time_zone=64),
        *strings(status=16, client_type=16, contact_method=16, nullable=False),
        sa.Column("guardian", sa.Boolean(), nullable=False),
        *strings(guardian_first_name=100, guardian_last_name=100, reason=500),
        *dates("start_date", "end_date", "last_visit_date", "opted_in_date", "last_cancelled_date"),
        sa.Column("number_of_visits", sa.Integer(), nullable=True),
        *strings(external_user_name=200, reference_code=100),
        ref("customer_source_id", nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("sms_opted_out_at", sa.DateTime(timezone=True), nullable=True),
        ref("merged_into_id", nullable=True),
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
        *strings(account_name=200, password_hash=200, nullable=False),
        tenant_fk("staff_accounts", "staff_id", "staff"),
        unique("staff_accounts", "business_id", "account_name"),
        soft_delete=True,
    )
    create_table_with_id(
        "appointments",
        ref("client_id"),
        ref("staff_id", nullable=True),
        ref("branch_id", nullable=True),
        ref("created_by_staff_id", nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        *datetimes("orig_starts_at", "started_at"),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("virtual", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        ref("reason_id", nullable=True),
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
        ref("sent_by_staff_id", nullable=True),
        sa.Column("to_number", sa.String(length=20), nullable=False),
        sa.Column("from_number", sa.String(length=20), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("trimmed", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        *strings(provider=32, provider_message_id=64, error=500),
        *datetimes("queued_at", "sending_at", "sent_at", "delivered_at", "failed_at", "received_at", "read_at"),
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
