"""purchase vocabularies as reference records (issue 12): purchase types, purchase item types and payment types mark
their default record (`is_default`), so `clientbook loyalty <kind>` manages them like point types

The defaults of a business made before this revision are its `store`, `store` and `cash` records (the first of each
core/purchase_types.py makes).
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"

DEFAULTS = {"purchase_types": "store", "purchase_item_types": "store", "payment_types": "cash"}


def upgrade() -> None:
    for table, text_id in DEFAULTS.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("is_default", sa.Boolean(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET is_default = (text_id = :text_id)").bindparams(text_id=text_id))
        with op.batch_alter_table(table) as batch:
            batch.alter_column("is_default", existing_type=sa.Boolean(), nullable=False)


def downgrade() -> None:
    for table in DEFAULTS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("is_default")
