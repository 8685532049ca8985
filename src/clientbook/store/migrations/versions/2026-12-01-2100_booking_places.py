"""appointments.places: how many of a reservable product's slot places a booking takes (CareCloud capacity_taken)"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"


def upgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.add_column(sa.Column("places", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.drop_column("places")
