"""A bill as a POS closes it, checked whole before anything is written: every refused field is named at once, and
every id it names must be the business's own (store, customer, purchase type, item types)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.purchases import Purchase, PurchaseItem

from . import cards, clients, earning, purchase_types, reference_data, tenants
from .errors import (
    BranchNotFound,
    ClientDeleted,
    ClientNotFound,
    FieldError,
    NotFound,
    PurchaseTypeNotFound,
    Reason,
    ValidationFailed,
)
from .types import Tenant
from .vouchers import Redemption

Number = Decimal | float | int | str | None
MAX_MONEY = Decimal("10000000000")  # per item and per bill, in the bill's currency
CHECKOUT_MODES = ("S", "A", "C", "D")  # the vendor's bill `payment_type`
MAX_ITEMS = 1000
MAX_TEXT = 100
CREDITS_PAID = "credits_paid"  # the key of Purchase.extra


@dataclass(frozen=True)
class BillItem:
    bill_item_id: str | None
    name: str | None
    product_codes: Sequence[dict[str, str]]  # the POS's (list_code, code) pairs; the first names the product
    item_type_id: int | None
    quantity: Number
    price: Number
    paid_amount: Number
    vat_rate: Number
    loyalty_off: bool = False
    category_code: str | None = None
    property_ids: Sequence[str] = ()


@dataclass(frozen=True)
class Bill:
    external_id: str | None  # the POS's bill_id, unique in the POS
    branch_id: int | None
    cashdesk_number: int | None
    purchase_type_id: int | None
    checkout_mode: str | None
    paid_at: datetime | None
    currency: str | None
    total_price: Number
    items: Sequence[BillItem]
    canceled: bool = False
    client_id: int | None = None
    card_number: str | None = None
    bill_number: str | None = None
    points_paid: Number = None  # points the customer paid part of the bill with
    credits_paid: Number = None
    vouchers: Sequence[Redemption] = ()  # applied at closing, by code (core/vouchers.redeem)
    property_ids: Sequence[str] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # utm, discounts, cashier: kept as given


def _scaled(value: Number, name: str, scale: int, errors: list[FieldError], *, positive: bool = False) -> int:
    """A non-negative number (positive when `positive`) with at most log10(scale) decimals, as an integer of
    1/scale units; 0 and an error appended when it is not one."""
    if value is None:
        errors.append(FieldError(name, Reason.REQUIRED, f"{name} is required"))
        return 0
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.append(FieldError(name, Reason.INVALID_FORMAT, f"{name} must be a number", value))
        return 0
    if not number.is_finite() or number < 0 or (positive and number == 0) or number > MAX_MONEY:
        low = "more than 0" if positive else "at least 0"
        errors.append(FieldError(name, Reason.NOT_ALLOWED, f"{name} must be {low} and at most {MAX_MONEY}", value))
        return 0
    units = number * scale
    if units != units.to_integral_value():
        errors.append(FieldError(name, Reason.INVALID_FORMAT, f"{name} has too many decimals", value))
        return 0
    return int(units)


def money(value: Number, name: str, errors: list[FieldError]) -> int:
    return _scaled(value, name, 100, errors)


def _text(value: str | None, name: str, errors: list[FieldError], *, required: bool = True) -> str | None:
    text = (value or "").strip() or None
    if text is None and required:
        errors.append(FieldError(name, Reason.REQUIRED, f"{name} is required"))
    elif text is not None and len(text) > MAX_TEXT:
        errors.append(FieldError(name, Reason.TOO_LONG, f"{name} is longer than {MAX_TEXT} characters", value))
    return text


def checked_item(given: BillItem, position: int, errors: list[FieldError]) -> PurchaseItem:
    at = f"items.{position}."
    codes = [c for c in given.product_codes if (c.get("code") or "").strip()]
    if not codes:
        errors.append(FieldError(at + "product_codes", Reason.REQUIRED, f"{at}product_codes needs a code"))
    if given.item_type_id is None:
        errors.append(FieldError(at + "item_type_id", Reason.REQUIRED, f"{at}item_type_id is required"))
    for index, property_id in enumerate(given.property_ids):
        message = f"purchase item property {property_id} not found (the business defines none)"
        errors.append(FieldError(f"{at}property_ids.{index}", Reason.NOT_FOUND, message, property_id))
    item = PurchaseItem(
        position=position,
        bill_item_id=_text(given.bill_item_id, at + "bill_item_id", errors),
        name=_text(given.name, at + "name", errors),
        product_code=codes[0]["code"].strip()[:MAX_TEXT] if codes else "",
        item_type_id=given.item_type_id or 0,
        quantity=_scaled(given.quantity, at + "quantity", 1000, errors, positive=True),
        price=money(given.price, at + "price", errors),
        paid_amount=money(given.paid_amount, at + "paid_amount", errors),
        vat_rate=_scaled(given.vat_rate, at + "vat_rate", 100, errors),
        loyalty_off=given.loyalty_off,
        extra={"plu_ids": list(given.product_codes), "category_plu_id": given.category_code},
    )
    return item


async def _references(session: AsyncSession, tenant: Tenant, bill: Bill, items: list[PurchaseItem]) -> list[FieldError]:
    """The ids the bill names that are not the business's own."""
    errors: list[FieldError] = []
    try:
        if bill.branch_id is not None:
            await tenants.get_branch(session, tenant, bill.branch_id, field="branch_id")
    except BranchNotFound:
        errors.append(FieldError("branch_id", Reason.NOT_FOUND, f"store {bill.branch_id} not found", bill.branch_id))
    try:
        if bill.client_id is not None:
            await clients.get(session, tenant, bill.client_id, field="client_id")
    except (ClientNotFound, ClientDeleted) as error:
        errors.append(FieldError("client_id", Reason.NOT_FOUND, error.message, bill.client_id))
    try:
        if bill.purchase_type_id is not None:
            await purchase_types.get_purchase_type(session, tenant, bill.purchase_type_id)
    except PurchaseTypeNotFound as error:
        errors.append(FieldError("purchase_type_id", Reason.NOT_FOUND, error.message, bill.purchase_type_id))
    known = await purchase_types.item_types(session, tenant, {i.item_type_id for i in items if i.item_type_id})
    for item in items:
        if item.item_type_id and item.item_type_id not in known:
            name = f"items.{item.position}.item_type_id"
            message = f"purchase item type {item.item_type_id} not found"
            errors.append(FieldError(name, Reason.NOT_FOUND, message, item.item_type_id))
    return errors


def _unserved(bill: Bill, errors: list[FieldError]) -> None:
    """What a bill may carry that this server does not hold yet: refused, rather than recorded as if applied."""
    for position, property_id in enumerate(bill.property_ids):
        message = f"purchase property {property_id} not found (the business defines none)"
        errors.append(FieldError(f"property_ids.{position}", Reason.NOT_FOUND, message, property_id))


async def customer_of(
    session: AsyncSession, tenant: Tenant, client_id: int | None, card_number: str | None
) -> int | None:
    """The customer a bill names: by id, or by the card the POS read (core/cards); both must agree."""
    if not (card_number or "").strip():
        return client_id
    holder = await cards.customer_of_card(session, tenant, card_number or "", field="card_number")
    if client_id is not None and holder.id != client_id:
        message = f"card {card_number} belongs to another customer than {client_id}"
        raise ValidationFailed.single("card_number", Reason.NOT_ALLOWED, message, card_number)
    holder_id: int = holder.id
    return holder_id


async def _customer(session: AsyncSession, tenant: Tenant, bill: Bill, errors: list[FieldError]) -> int | None:
    try:
        return await customer_of(session, tenant, bill.client_id, bill.card_number)
    except ValidationFailed as error:
        errors.extend(error.errors)
    except (NotFound, ClientDeleted) as error:
        reason = Reason.DELETED if isinstance(error, ClientDeleted) else Reason.NOT_FOUND
        errors.append(FieldError(error.field or "card_number", reason, error.message, bill.card_number))
    return bill.client_id


async def checked(session: AsyncSession, tenant: Tenant, bill: Bill) -> tuple[Purchase, list[PurchaseItem]]:
    """The purchase and its items the bill makes (not written), or every refusal at once."""
    errors: list[FieldError] = []
    for name in ("branch_id", "cashdesk_number", "purchase_type_id", "paid_at"):
        if getattr(bill, name) is None:
            errors.append(FieldError(name, Reason.REQUIRED, f"{name} is required"))
    if bill.checkout_mode not in CHECKOUT_MODES:
        message = f"checkout_mode must be one of {', '.join(CHECKOUT_MODES)}"
        errors.append(FieldError("checkout_mode", Reason.NOT_ALLOWED, message, bill.checkout_mode))
    currency = (bill.currency or "").strip().upper()
    if currency not in reference_data.currency_codes():
        errors.append(FieldError("currency", Reason.NOT_ALLOWED, "currency is not a known currency", bill.currency))
    if not bill.items or len(bill.items) > MAX_ITEMS:
        message = f"items must list 1 to {MAX_ITEMS} bill items"
        errors.append(FieldError("items", Reason.EMPTY if not bill.items else Reason.NOT_ALLOWED, message))
    items = [checked_item(given, position, errors) for position, given in enumerate(bill.items[:MAX_ITEMS])]
    client_id = await _customer(session, tenant, bill, errors)
    purchase = Purchase(
        business_id=tenant.business_id,
        external_id=_text(bill.external_id, "external_id", errors),
        bill_number=_text(bill.bill_number, "bill_number", errors, required=False),
        client_id=client_id,
        card_number=_text(bill.card_number, "card_number", errors, required=False),
        branch_id=bill.branch_id,
        cashdesk_number=bill.cashdesk_number,
        purchase_type_id=bill.purchase_type_id,
        checkout_mode=bill.checkout_mode,
        canceled=bill.canceled,
        paid_at=bill.paid_at,
        currency=currency,
        total_price=money(bill.total_price, "total_price", errors),
        items_count=len(items),
        points_paid=0 if bill.points_paid in (None, 0) else _scaled(bill.points_paid, "points_paid", 100, errors),
        points_earned=False,
        extra=bill.extra,  # with credits_paid below
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    if bill.credits_paid not in (None, 0):
        # Hundredths of the bill's currency paid from the customer's credits (core/credits): what the payment
        # summary answers and a cancellation gives back.
        purchase.extra = {**bill.extra, CREDITS_PAID: money(bill.credits_paid, "credits_paid", errors)}
        if client_id is None:
            errors.append(FieldError("credits_paid", Reason.NOT_ALLOWED, "credits pay only for a customer's purchase"))
    if purchase.points_paid and client_id is None:
        errors.append(FieldError("points_paid", Reason.NOT_ALLOWED, "points pay only for a customer's purchase"))
    _unserved(bill, errors)
    errors.extend(await _references(session, tenant, bill, items))
    if errors:
        raise ValidationFailed(errors)
    return purchase, items


def credits_paid(purchase: Purchase) -> int:
    """Hundredths of the bill's currency the customer paid with credits."""
    return int((purchase.extra or {}).get(CREDITS_PAID) or 0)


def earnable(items: Sequence[PurchaseItem]) -> list[earning.EarnableItem]:
    return [earning.EarnableItem(i.paid_amount, i.item_type_id, i.loyalty_off) for i in items]
