"""customer source records (issue 13): the systems a customer is known in, with their id there

Every client registered through a customer source before this revision gets that source as its first record, with
the external id it was registered with (`extra.carecloud.source_external_id`), in one set-based INSERT.
"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import create_indexes, create_table_with_id, ref, tenant_fk
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0023"
down_revision = "0022"

TABLE = "customer_source_records"


def upgrade() -> None:
    create_id_sequences(TABLE)
    create_table_with_id(
        TABLE,
        ref("client_id"),
        ref("customer_source_id"),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        tenant_fk(TABLE, "client_id", "clients"),
        tenant_fk(TABLE, "customer_source_id", "customer_sources"),
    )
    create_indexes(
        TABLE,
        ("business_id", "client_id"),
        ("business_id", "customer_source_id", "external_id"),
        ("business_id", "external_id"),
    )
    _registration_sources()


def _registration_sources() -> None:
    bind = op.get_bind()
    columns = "business_id, id, client_id, customer_source_id, external_id, created_at, updated_at, created_by"
    if bind.dialect.name == "postgresql":
        op.execute(
            f"INSERT INTO {TABLE} ({columns}) "
            f"SELECT business_id, nextval('{TABLE}_id_seq'), id, customer_source_id, "
            "LEFT(extra -> 'carecloud' ->> 'source_external_id', 200), created_at, created_at, 'migration' "
            "FROM clients WHERE customer_source_id IS NOT NULL ORDER BY business_id, id"
        )
        return
    # SQLite: take a block of ids from the table's `id_sequences` row, numbered by row, then move the row past it.
    first: int = bind.execute(
        sa.text("SELECT next_value FROM id_sequences WHERE name = :n"), {"n": f"{TABLE}_id_seq"}
    ).scalar_one()
    op.execute(
        sa.text(
            f"INSERT INTO {TABLE} ({columns}) "
            "SELECT business_id, :first - 1 + ROW_NUMBER() OVER (ORDER BY business_id, id), id, customer_source_id, "
            "SUBSTR(json_extract(extra, '$.carecloud.source_external_id'), 1, 200), created_at, created_at, "
            "'migration' FROM clients WHERE customer_source_id IS NOT NULL"
        ).bindparams(first=first)
    )
    op.execute(
        sa.text(
            f"UPDATE id_sequences SET next_value = :first + (SELECT COUNT(*) FROM {TABLE}) WHERE name = :n"
        ).bindparams(first=first, n=f"{TABLE}_id_seq")
    )


def downgrade() -> None:
    op.drop_table(TABLE)
    drop_id_sequences(TABLE)
