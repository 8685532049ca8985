"""loyalty cards (issue 12): card types and the cards that identify customers; every business gets its default type

Businesses that exist already get the default card type `tenant create` gives a new one (core/card_types.py), with
its `card_type.created` event, so every business reads the same reference records whenever it was created.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    create_indexes,
    create_named_table,
    create_table_with_id,
    datetimes,
    ref,
    tenant_fk,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences
from clientbook.store.models._base import JSONType, UTCDateTime

revision = "0018"
down_revision = "0017"

SEQUENCED = ("card_types", "cards")
# The default card type, as core/card_types.py creates it (copied: a migration never changes with the code).
DEFAULT = {"name": "Loyalty card", "text_id": "loyalty_card", "prefix": "", "is_default": True}


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_named_table(
        "card_types",
        sa.Column("prefix", sa.String(length=40), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
    )
    create_table_with_id(
        "cards",
        ref("card_type_id"),
        ref("client_id", nullable=True),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("secondary_number", sa.String(length=100), nullable=True),
        *datetimes("valid_from", "valid_to"),
        ref("branch_id", nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        tenant_fk("cards", "branch_id", "branches"),
        tenant_fk("cards", "card_type_id", "card_types"),
        tenant_fk("cards", "client_id", "clients"),
        unique("cards", "business_id", "number"),
        unique("cards", "business_id", "secondary_number"),
    )
    create_indexes(
        "cards",
        ("business_id", "client_id", "card_type_id"),
        ("business_id", "card_type_id", "client_id"),
        ("business_id", "state"),
        ("business_id", "valid_to"),
    )
    _default_card_types()


def _next_id(bind: sa.Connection, table: str) -> int:
    if bind.dialect.name == "postgresql":
        return int(bind.execute(sa.text(f"SELECT nextval('{table}_id_seq')")).scalar_one())
    allocate = "UPDATE id_sequences SET next_value = next_value + 1 WHERE name = :name RETURNING next_value - 1"
    return int(bind.execute(sa.text(allocate), {"name": f"{table}_id_seq"}).scalar_one())


def _default_card_types() -> None:
    """The default card type of every business that exists already, with its event (as `tenant create` writes)."""
    bind = op.get_bind()
    card_types = sa.table(
        "card_types",
        *(sa.column(name) for name in ("business_id", "id", "name", "text_id", "prefix", "is_default")),
        *(sa.column(name, UTCDateTime()) for name in ("created_at", "updated_at")),
        *(sa.column(name) for name in ("created_by", "updated_by")),
    )
    events = sa.table(
        "events",
        *(sa.column(name) for name in ("business_id", "id", "entity", "entity_id", "action", "actor")),
        sa.column("changes", JSONType),
        sa.column("created_at", UTCDateTime()),
    )
    now = datetime.now(UTC)
    business_ids: list[int] = list(bind.execute(sa.text("SELECT id FROM businesses ORDER BY id")).scalars())
    for business_id in business_ids:
        card_type_id = _next_id(bind, "card_types")
        who = {"created_by": "migration", "updated_by": "migration", "created_at": now, "updated_at": now}
        bind.execute(card_types.insert().values(business_id=business_id, id=card_type_id, **DEFAULT, **who))
        changes = {"name": DEFAULT["name"], "is_default": True}
        bind.execute(
            events.insert().values(
                business_id=business_id,
                id=_next_id(bind, "events"),
                entity="card_type",
                entity_id=card_type_id,
                action="created",
                changes=changes,
                actor="migration",
                created_at=now,
            )
        )


def downgrade() -> None:
    op.drop_table("cards")
    op.drop_table("card_types")
    drop_id_sequences(*SEQUENCED)
