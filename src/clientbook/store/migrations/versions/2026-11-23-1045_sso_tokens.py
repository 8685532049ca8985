"""single sign-on tokens (issue 4): one row per issued JWT, so each is used once"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import business_fk, business_id, datetimes, primary_key, ref, tenant_fk

revision = "0003"
down_revision = "0001"


def upgrade() -> None:
    # The primary key (business_id, jti) is the only lookup: the auto-login reads both from the verified JWT.
    op.create_table(
        "sso_tokens",
        business_id(),
        sa.Column("jti", sa.String(length=64), nullable=False),
        ref("staff_account_id"),
        *datetimes("created_at", "expires_at", nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        business_fk("sso_tokens"),
        tenant_fk("sso_tokens", "staff_account_id", "staff_accounts"),
        primary_key("sso_tokens", "business_id", "jti"),
    )


def downgrade() -> None:
    op.drop_table("sso_tokens")
