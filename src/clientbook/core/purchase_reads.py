"""Reading purchases: lists with exact totals, a purchase's items and ledger entries, its payment summary, and the
quote `accept-payment` answers before a bill is closed (which writes nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.loyalty import PointRecord
from clientbook.store.models.products import Product
from clientbook.store.models.purchases import Purchase, PurchaseItem
from clientbook.store.models.vouchers import Voucher
from clientbook.store.repositories.purchases import (
    PurchaseItemRepository,
    PurchasePointRepository,
    PurchaseQuery,
    PurchaseRepository,
)
from clientbook.store.repositories.vouchers import VoucherQuery

from . import bills, clients, earning, earning_rules, point_types, points, purchase_types, purchases, vouchers
from .bills import BillItem
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant


@dataclass(frozen=True)
class Listing(PurchaseQuery):
    """The store's purchase query, with the ledger entry whose purchase is asked for in place of `ids`."""

    point_record_id: int | None = None  # the purchase that wrote this ledger entry


async def page(
    session: AsyncSession, tenant: Tenant, given: Listing
) -> tuple[list[Purchase], dict[int, list[PurchaseItem]], int]:
    """One page of purchases, their items by purchase, and the exact total."""
    if given.client_id is not None:
        await clients.get(session, tenant, given.client_id, field="client_id", include_deleted=True)
    ids = None
    if given.point_record_id is not None:
        record = await points.get_record(session, tenant, given.point_record_id)
        ids = [] if record.purchase_id is None else [record.purchase_id]
    query = replace(given, ids=ids)
    rows, total = await PurchaseRepository(session).page(tenant.business_id, query)
    items = await PurchaseItemRepository(session).of_purchases(tenant.business_id, [p.id for p in rows])
    return rows, items, total


async def catalogue_of(session: AsyncSession, tenant: Tenant, items: list[PurchaseItem]) -> dict[int, Product]:
    """The catalogue product each item names by its PLU codes, by item id: read when the purchase is, so an item
    sold before its product was loaded finds it afterwards."""
    return await PurchaseItemRepository(session).catalogue(tenant.business_id, items)


async def with_items(session: AsyncSession, tenant: Tenant, purchase_id: int) -> tuple[Purchase, list[PurchaseItem]]:
    purchase = await purchases.get(session, tenant, purchase_id)
    items = await PurchaseItemRepository(session).of_purchases(tenant.business_id, [purchase.id])
    return purchase, items[purchase.id]


async def items_page(
    session: AsyncSession, tenant: Tenant, purchase_id: int, *, sort: str, descending: bool, offset: int, count: int
) -> tuple[list[PurchaseItem], int]:
    purchase = await purchases.get(session, tenant, purchase_id)
    return await PurchaseItemRepository(session).page(
        tenant.business_id, purchase.id, sort=sort, descending=descending, offset=offset, count=count
    )


async def ledger(
    session: AsyncSession, tenant: Tenant, purchase_id: int, *, offset: int = 0, count: int = 100
) -> tuple[Purchase, list[PointRecord], int]:
    """The purchase and the ledger entries it wrote (earned, paid, taken back by its cancellation)."""
    purchase = await purchases.get(session, tenant, purchase_id)
    rows, total = await PurchasePointRepository(session).of_purchase(
        tenant.business_id, purchase.id, operations=points.PURCHASE_OPERATIONS, offset=offset, count=count
    )
    return purchase, rows, total


async def vouchers_of(
    session: AsyncSession, tenant: Tenant, purchase_id: int, *, offset: int = 0, count: int = 100
) -> tuple[list[Voucher], int]:
    """The vouchers the purchase applied (a gift card under every purchase it paid)."""
    purchase = await purchases.get(session, tenant, purchase_id)
    return await vouchers.list(session, tenant, VoucherQuery(purchase_id=purchase.id, offset=offset, count=count))


@dataclass(frozen=True)
class Summary:
    earned: int  # hundredths of a point, every point type
    points_paid: int
    credits_paid: int  # hundredths of the bill's currency
    vouchers: list[Voucher]


async def summary(session: AsyncSession, tenant: Tenant, purchase_id: int) -> Summary:
    purchase, rows, _total = await ledger(session, tenant, purchase_id, count=1000)
    earned = sum(r.amount for r in rows if r.operation == points.PURCHASE)
    paid = -sum(r.amount for r in rows if r.operation == points.PURCHASE_PAYMENT)
    used, _count = await vouchers_of(session, tenant, purchase_id, count=1000)
    return Summary(earned=earned, points_paid=paid, credits_paid=bills.credits_paid(purchase), vouchers=used)


@dataclass(frozen=True)
class Quote:
    earned: int  # what the bill would earn, hundredths of a point (default point type)
    available: int  # what the customer can pay with (capped by max_points), hundredths
    total_available: int
    messages: list[str] = field(default_factory=list)


async def quote(
    session: AsyncSession,
    tenant: Tenant,
    *,
    client_id: int | None,
    checkout_mode: str | None,
    items: list[BillItem],
    max_points: float | None = None,
) -> Quote:
    """What closing this bill would earn and what the customer could pay with points, by the same rule `send`
    applies (for a bill of no purchase type: the business-wide rules)."""
    await purchase_types.ensure_defaults(session, tenant)
    errors: list[FieldError] = []
    checked = [bills.checked_item(given, position, errors) for position, given in enumerate(items)]
    if errors:
        raise ValidationFailed(errors)
    if client_id is not None:
        await clients.get(session, tenant, client_id, field="client_id")
    named = await purchase_types.item_types(session, tenant, {i.item_type_id for i in checked})
    unknown = [
        FieldError(f"items.{i.position}.item_type_id", Reason.NOT_FOUND, "purchase item type not found", i.item_type_id)
        for i in checked
        if i.item_type_id not in named
    ]
    if unknown:
        raise ValidationFailed(unknown)
    earning_types = {type_id for type_id, item_type in named.items() if item_type.earns_points}
    default = await point_types.resolve(session, tenant, None)
    earned = earning.points_earned(
        await earning_rules.list_rules(session, tenant),
        purchase_type_id=None,
        checkout_mode=checkout_mode or "",
        canceled=False,
        eligible=earning.eligible_amount(bills.earnable(checked), earning_types),
    )
    balance = 0
    if client_id is not None:
        available = (await points.available(session, tenant, client_id)).get(default.id, (0.0, 0.0))[0]
        balance = round(available * points.SCALE)
    usable = balance if max_points is None else min(balance, round(max_points * points.SCALE))
    return Quote(earned=earned.get(default.id, 0), available=max(usable, 0), total_available=balance)
