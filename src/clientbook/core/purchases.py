"""Purchases: a closed bill stored whole with its items, its points settled on the ledger, in the request's one
transaction (core/bills.py checks it, core/earning.py decides what it earns, core/points.py keeps the ledger).

Sending a bill whose `external_id` the business has stored already records nothing and answers the stored purchase,
also when two sends race: the unique index on (business_id, external_id) decides (PurchaseRepository.add_once). An
`Idempotency-Key` retry is replayed by the edge before it reaches here.

What a purchase does, after storing the bill, in this order:
1. its vouchers are redeemed (core/vouchers.redeem: each at most once, a gift card down to its balance);
2. a point reservation held under the bill's `external_id` is freed (the purchase settles it);
3. `points_paid` are spent from the default point type (refused beyond the customer's available points), and
   `credits_paid` from the customer's credits (core/credits);
4. the points the earning rule gives are earned, one `purchase` ledger entry per point type;
5. a cancellation bill (`canceled`, `external_id` = "C" + the original's) earns nothing and takes back what the
   original earned, as far as the customer's available points go, and gives back the points and credits that paid;
6. the customer's status is recalculated from their purchase totals (core/status_records.recalculate)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import utcnow
from clientbook.store.models.loyalty import PointRecord
from clientbook.store.models.purchases import Purchase, PurchaseItem
from clientbook.store.repositories.loyalty import PointBalanceRepository, PointReservationRepository
from clientbook.store.repositories.purchases import PurchaseItemRepository, PurchasePointRepository, PurchaseRepository

from . import (
    _records,
    bills,
    clients,
    credits,
    earning,
    earning_rules,
    events,
    point_types,
    points,
    purchase_types,
    status_records,
    vouchers,
)
from .bills import Bill
from .errors import FieldError, PurchaseNotFound, Reason, ValidationFailed
from .types import Tenant

CANCELLATION_PREFIX = "C"  # the vendor's: a cancellation bill's bill_id is the original's with this prefix


async def send(session: AsyncSession, tenant: Tenant, bill: Bill) -> Purchase:
    """Store the closed bill and settle its points; the stored purchase when its bill was sent before."""
    await purchase_types.ensure_defaults(session, tenant)
    purchase, items = await bills.checked(session, tenant, bill)
    repository = PurchaseRepository(session)
    stored = await repository.by_external_id(tenant.business_id, purchase.external_id)
    if stored is not None:
        return stored
    stored = await repository.add_once(purchase)
    if stored is not purchase:
        return stored  # a concurrent send of the same bill stored it first
    item_repository = PurchaseItemRepository(session)
    for item in items:
        item.business_id, item.purchase_id = tenant.business_id, purchase.id
        await item_repository.add(item)
    changes = {"external_id": purchase.external_id, "client_id": purchase.client_id, "items": len(items)}
    await events.record(session, tenant, "purchase", purchase.id, "created", changes)
    if purchase.canceled:
        # A cancellation repeats its original's figures, vouchers and points paid included: it settles the original
        # instead of using them again.
        await _cancel_original(session, tenant, purchase)
    else:
        # Vouchers must be usable now, when they are marked used, not at the bill's paid_at: that has whole seconds,
        # so a voucher claimed at the till a moment before the bill closed would not be valid yet then.
        await vouchers.redeem(
            session,
            tenant,
            bill.vouchers,
            purchase_id=purchase.id,
            client_id=purchase.client_id,
            branch_id=purchase.branch_id,
            field="vouchers",
        )
        await _settle_reservation(session, tenant, purchase)
        await _pay_with_points(session, tenant, purchase)
        await _pay_with_credits(session, tenant, purchase)
        await _earn(session, tenant, purchase, items)
    await _after_stored(session, tenant, purchase)
    return purchase


async def _after_stored(session: AsyncSession, tenant: Tenant, purchase: Purchase) -> None:
    """Everything a purchase sets off once it is stored with its customer's points: one place, so each follow-up
    runs once per purchase (and once more when an anonymous purchase gets its customer)."""
    if purchase.client_id is None:
        return
    client_id = purchase.client_id

    async def turnover(currency: str, since: datetime | None) -> Decimal:
        spent = await PurchaseRepository(session).turnover(tenant.business_id, client_id, currency, since)
        return Decimal(spent) / 100

    await status_records.recalculate(session, tenant, client_id, turnover)


async def _settle_reservation(session: AsyncSession, tenant: Tenant, purchase: Purchase) -> None:
    if purchase.client_id is None:
        return
    reservation = await PointReservationRepository(session).by_external_id(tenant.business_id, purchase.external_id)
    if reservation is None or reservation.client_id != purchase.client_id or reservation.state != 1:
        return
    if reservation.expires_at is None or reservation.expires_at > utcnow():
        await points.free(session, tenant, purchase.external_id)


async def _pay_with_points(session: AsyncSession, tenant: Tenant, purchase: Purchase) -> None:
    if not purchase.points_paid or purchase.client_id is None:
        return
    point_type = await point_types.resolve(session, tenant, None)
    record = PointRecord(client_id=purchase.client_id, point_type_id=point_type.id, operation=points.PURCHASE_PAYMENT)
    record.amount, record.purchase_id = -purchase.points_paid, purchase.id
    record.note = f"paid purchase {purchase.external_id}"
    try:
        await points.spend(session, tenant, record, point_type)
    except ValidationFailed as error:
        message = "points_paid is more than the customer's available points"
        raise ValidationFailed.single(
            "points_paid", Reason.NOT_ALLOWED, message, points.from_units(-record.amount)
        ) from error


def _credits(purchase: Purchase, units: int, note: str) -> credits.Change:
    assert purchase.client_id is not None
    return credits.Change(
        client_id=purchase.client_id, amount=Decimal(units) / 100, currency=purchase.currency, note=note
    )


async def _pay_with_credits(session: AsyncSession, tenant: Tenant, purchase: Purchase) -> None:
    """Take what the bill says credits paid off the customer's credits (the default credit type, in the bill's
    currency); refused naming `credits_paid` beyond their balance or in another currency."""
    units = bills.credits_paid(purchase)
    if not units or purchase.client_id is None:
        return
    try:
        await credits.reduce(session, tenant, _credits(purchase, units, f"paid purchase {purchase.external_id}"))
    except ValidationFailed as error:
        refused = [
            FieldError("credits_paid", e.reason, e.message.replace(e.field, "credits_paid", 1), e.value)
            for e in error.errors
        ]
        raise ValidationFailed(refused) from error


async def _earn(session: AsyncSession, tenant: Tenant, purchase: Purchase, items: list[PurchaseItem]) -> None:
    """The points the earning rule gives the purchase's customer, once (a purchase assigned later earns then)."""
    if purchase.client_id is None or purchase.points_earned:
        return
    named = await purchase_types.item_types(session, tenant, {i.item_type_id for i in items})
    earning_types = {type_id for type_id, item_type in named.items() if item_type.earns_points}
    earned = earning.points_earned(
        await earning_rules.list_rules(session, tenant),
        purchase_type_id=purchase.purchase_type_id,
        checkout_mode=purchase.checkout_mode,
        canceled=purchase.canceled,
        eligible=earning.eligible_amount(bills.earnable(items), earning_types),
    )
    for point_type_id, units in sorted(earned.items()):
        point_type = await point_types.get(session, tenant, point_type_id)
        record = PointRecord(client_id=purchase.client_id, point_type_id=point_type_id, operation=points.PURCHASE)
        record.amount, record.purchase_id = units, purchase.id
        record.note = f"earned by purchase {purchase.external_id}"
        await points.earn(session, tenant, record, point_type)
    await PurchaseRepository(session).save(purchase, {"points_earned": True, "updated_by": tenant.actor})


async def _cancel_original(session: AsyncSession, tenant: Tenant, cancellation: Purchase) -> None:
    """Take back what the original earned (as far as the customer's available points go: spent ones stay spent)
    and give back the points that paid for it, each a `purchase_cancel` entry of the cancellation, and the credits
    that paid for it (a deposit)."""
    if not cancellation.external_id.startswith(CANCELLATION_PREFIX):
        return
    original = await PurchaseRepository(session).by_external_id(
        tenant.business_id, cancellation.external_id.removeprefix(CANCELLATION_PREFIX)
    )
    if original is None or original.client_id is None or original.canceled:
        return
    if units := bills.credits_paid(original):
        await credits.deposit(session, tenant, _credits(original, units, f"purchase {original.external_id} canceled"))
    entries, _total = await PurchasePointRepository(session).of_purchase(
        tenant.business_id, original.id, operations=(points.PURCHASE, points.PURCHASE_PAYMENT)
    )
    balances = PointBalanceRepository(session)
    for entry in entries:
        point_type = await point_types.get(session, tenant, entry.point_type_id)
        record = PointRecord(client_id=entry.client_id, point_type_id=entry.point_type_id)
        record.operation, record.purchase_id = points.PURCHASE_CANCEL, cancellation.id
        record.note = f"purchase {original.external_id} canceled"
        if entry.operation == points.PURCHASE_PAYMENT:
            record.amount = -entry.amount
            await points.earn(session, tenant, record, point_type)
            continue
        balance = await balances.lock(tenant.business_id, entry.client_id, entry.point_type_id)
        record.amount = -min(entry.amount, balance.available)
        if record.amount < 0:
            await points.spend(session, tenant, record, point_type)


async def get(session: AsyncSession, tenant: Tenant, purchase_id: int, *, field: str = "id") -> Purchase:
    return await _records.find(PurchaseRepository(session), tenant, purchase_id, PurchaseNotFound, field=field)


async def find_by_bill(
    session: AsyncSession, tenant: Tenant, external_id: str | None, branch_id: int | None
) -> Purchase:
    """The purchase of the store's bill `external_id`; refused naming `external_id` when the store has none."""
    key = (external_id or "").strip()
    if not key:
        raise ValidationFailed.single("external_id", Reason.REQUIRED, "external_id is required")
    found = await PurchaseRepository(session).by_external_id(tenant.business_id, key)
    if found is None or (branch_id is not None and found.branch_id != branch_id):
        raise PurchaseNotFound(field="external_id", id=key)
    return found


async def assign_customer(
    session: AsyncSession, tenant: Tenant, purchase: Purchase, client_id: int | None, *, card_number: str | None = None
) -> Purchase:
    """Give an anonymous purchase its customer (by id or card), who earns its points then; the same customer again
    changes nothing, another one is refused (the points went to the first). The claim is one guarded UPDATE (`WHERE
    client_id IS NULL`), so of concurrent assignments exactly one earns."""
    client_id = await bills.customer_of(session, tenant, client_id, card_number)
    if client_id is None:
        raise ValidationFailed.single("client_id", Reason.REQUIRED, "client_id or card_number is required")
    await clients.get(session, tenant, client_id, field="client_id")
    repository = PurchaseRepository(session)
    card = (card_number or "").strip() or purchase.card_number
    if not await repository.claim(tenant.business_id, purchase.id, client_id, card, tenant.actor):
        current = await repository.fresh(tenant.business_id, purchase.id)
        if current.client_id == client_id:
            return current
        message = f"purchase {purchase.id} belongs to another customer already"
        raise ValidationFailed.single("client_id", Reason.NOT_ALLOWED, message, client_id)
    claimed = await repository.fresh(tenant.business_id, purchase.id)
    await events.record(
        session, tenant, "purchase", claimed.id, "updated", {"client_id": client_id, "card_number": card}
    )
    items = (await PurchaseItemRepository(session).of_purchases(tenant.business_id, [claimed.id]))[claimed.id]
    await _earn(session, tenant, claimed, items)
    await _after_stored(session, tenant, claimed)
    return claimed
