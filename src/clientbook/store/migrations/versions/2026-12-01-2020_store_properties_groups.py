"""store properties and store groups (issue 13): branches' values of store properties, location groups by name"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    create_indexes,
    create_link_table,
    create_table_with_id,
    timestamps,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0020"
down_revision = "0019"


def upgrade() -> None:
    create_link_table(
        "branch_field_values",
        ("branch_id", "branches"),
        ("field_id", "field_definitions"),
        columns=[sa.Column("value", sa.Text(), nullable=False), *timestamps()],
    )
    create_indexes("branch_field_values", ("business_id", "field_id"))
    create_id_sequences("location_groups")
    create_table_with_id(
        "location_groups", sa.Column("name", sa.String(length=200), nullable=False), business_fk("location_groups")
    )


def downgrade() -> None:
    op.drop_table("location_groups")
    drop_id_sequences("location_groups")
    op.drop_table("branch_field_values")
