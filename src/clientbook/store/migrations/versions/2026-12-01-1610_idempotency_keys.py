"""idempotency keys (issue 18): the first answer to a write sent with an `Idempotency-Key`, for 24 hours"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import business_id, datetimes, json_column, strings

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        business_id(),
        *strings(credential=64, key=255, fingerprint=64, status=16, nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        json_column("response_headers", nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        *datetimes("created_at", "expires_at", nullable=False),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name="fk_idempotency_keys_business_id_businesses"),
        sa.PrimaryKeyConstraint("business_id", "credential", "key", name="pk_idempotency_keys"),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_expires_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
