"""single sign-on tokens (issue 4): one row per issued JWT, so each is used once

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23 10:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The primary key (business_id, jti) is the only lookup: the auto-login reads both from the verified JWT.
    op.create_table(
        "sso_tokens",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("staff_account_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_sso_tokens_business_id_businesses")),
        sa.ForeignKeyConstraint(
            ["business_id", "staff_account_id"],
            ["staff_accounts.business_id", "staff_accounts.id"],
            name=op.f("fk_sso_tokens_business_id_staff_account_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("business_id", "jti", name=op.f("pk_sso_tokens")),
    )


def downgrade() -> None:
    op.drop_table("sso_tokens")
