"""front desk (issue 17): a short business handle for the login page, an admin flag on staff accounts, and the
indexes of the web app's appointment day and week views

The handle is looked up before any business is known (the login form), so its unique index is global, like the
account number's. The appointment indexes are live-only and partial, so they live in the migration only (as the
contact list's do, 0003b): (business, branch or staff, start) serves a day or week of one branch or one staff member.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"

LIVE = sa.text("deleted_at IS NULL")
APPOINTMENT_INDEXES = {
    "ix_appointments_live_branch_starts_at": ["business_id", "branch_id", "starts_at"],
    "ix_appointments_live_staff_starts_at": ["business_id", "staff_id", "starts_at"],
    "ix_appointments_live_client_starts_at": ["business_id", "client_id", "starts_at"],
}


def upgrade() -> None:
    with op.batch_alter_table("businesses") as batch:
        batch.add_column(sa.Column("handle", sa.String(length=40), nullable=True))
        batch.create_index("ix_businesses_handle", ["handle"], unique=True)
    with op.batch_alter_table("staff_accounts") as batch:
        batch.add_column(sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()))
    for name, columns in APPOINTMENT_INDEXES.items():
        op.create_index(name, "appointments", columns, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    for name in APPOINTMENT_INDEXES:
        op.drop_index(name, table_name="appointments")
    with op.batch_alter_table("staff_accounts") as batch:
        batch.drop_column("is_admin")
    with op.batch_alter_table("businesses") as batch:
        batch.drop_index("ix_businesses_handle")
        batch.drop_column("handle")
