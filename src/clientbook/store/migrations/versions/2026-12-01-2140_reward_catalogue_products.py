"""reward products name the catalogue's products (issue 12): reward_products held the ids and codes set-products was
given, as text, before the product catalogue existed; each now names a product of the business. A row is resolved
by its product id, else by its (list code, code) in product_codes; a row naming no product of the catalogue is
dropped (it named nothing a purchase could match)."""

from typing import Any

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_id,
    create_indexes,
    create_link_table,
    primary_key,
    ref,
    strings,
    tenant_fk,
)

revision = "0028"
down_revision = "0027"


def _resolved(bind: sa.Connection) -> list[dict[str, object]]:
    rows = bind.execute(
        sa.text("SELECT business_id, reward_id, relation, product_ref, list_code, list_item_code FROM reward_products")
    ).all()
    products = {(b, i) for b, i in bind.execute(sa.text("SELECT business_id, id FROM products")).all()}
    codes: dict[tuple[Any, ...], Any] = {
        (b, list_code, code): product_id
        for b, list_code, code, product_id in bind.execute(
            sa.text("SELECT business_id, list_code, code, product_id FROM product_codes")
        ).all()
    }
    found: dict[tuple[object, ...], dict[str, object]] = {}
    for business, reward_id, relation, product_ref, list_code, code in rows:
        text = str(product_ref or "")
        product_id = int(text) if text.isascii() and text.isdigit() else None
        if (business, product_id) not in products:
            product_id = codes.get((business, list_code, code))
        if product_id is not None:
            key = (business, reward_id, product_id, relation)
            found[key] = dict(zip(("business_id", "reward_id", "product_id", "relation"), key, strict=True))
    return list(found.values())


def upgrade() -> None:
    kept = _resolved(op.get_bind())
    op.drop_table("reward_products")
    table = create_link_table(
        "reward_products",
        ("reward_id", "rewards"),
        ("product_id", "products"),
        columns=[sa.Column("relation", sa.String(length=20), nullable=False)],
        key=("relation",),
    )
    create_indexes("reward_products", ("business_id", "product_id"))
    if kept:
        op.bulk_insert(table, kept)


def downgrade() -> None:
    rows = op.get_bind().execute(sa.text("SELECT business_id, reward_id, product_id, relation FROM reward_products"))
    kept = [
        {"business_id": b, "reward_id": r, "position": n, "relation": rel, "product_ref": str(p)}
        for n, (b, r, p, rel) in enumerate(rows.all())
    ]
    op.drop_index(op.f("ix_reward_products_business_id_product_id"), table_name="reward_products")
    op.drop_table("reward_products")
    table = op.create_table(
        "reward_products",
        business_id(),
        ref("reward_id"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        *strings(product_ref=100, list_code=100, list_item_code=100),
        tenant_fk("reward_products", "reward_id", "rewards"),
        primary_key("reward_products", "business_id", "reward_id", "position"),
    )
    if kept:
        op.bulk_insert(table, kept)
