"""clients: drop the five indexes another index already serves (issue 15.5): every client write maintained 22
indexes, five of them duplicates

- (business_id, status): the leading columns of (business_id, status, deleted_at);
- (business_id, full_name), (business_id, email_normalized), (business_id, created_at): every list, sort, duplicate
  check and date filter on these reads live clients only, which the partial live_full_name, live_email and
  live_created_at indexes (migration 0005) serve;
- (business_id, mobile_phone): the global mobile_phone index (migration 0002, for inbound SMS) finds a number's few
  clients, and the business is checked on those rows.
"""

from alembic import op

revision = "0031"
down_revision = "0030"

DROPPED = {
    "ix_clients_business_id_status": ["business_id", "status"],
    "ix_clients_business_id_full_name": ["business_id", "full_name"],
    "ix_clients_business_id_email_normalized": ["business_id", "email_normalized"],
    "ix_clients_business_id_created_at": ["business_id", "created_at"],
    "ix_clients_business_id_mobile_phone": ["business_id", "mobile_phone"],
}


def upgrade() -> None:
    for name in DROPPED:
        op.drop_index(name, "clients")


def downgrade() -> None:
    for name, columns in DROPPED.items():
        op.create_index(name, "clients", columns)
