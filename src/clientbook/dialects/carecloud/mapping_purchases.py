"""Pure translation between the CareCloud purchase wire and core purchases (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from clientbook.core import points
from clientbook.core.bills import Bill, BillItem
from clientbook.core.purchase_reads import Quote, Summary
from clientbook.core.vouchers import Redemption
from clientbook.store.models.products import Product
from clientbook.store.models.purchases import PaymentType, Purchase, PurchaseItem, PurchaseItemType, PurchaseType

from . import wire_purchases as wire
from .conventions import body_id, compact, named, render_datetime, render_id
from .mapping import Renamed

# Core bill field → wire name, for refusals of send-purchase.
BILL_WIRE_NAMES = {
    "external_id": "bill.bill_id",
    "bill_number": "bill.bill_number",
    "branch_id": "store_id",
    "client_id": "customer_id",
    "card_number": "card_number",
    "cashdesk_number": "cashdesk_number",
    "purchase_type_id": "bill.purchase_type_id",
    "checkout_mode": "bill.payment_type",
    "paid_at": "bill.payment_time",
    "currency": "bill.currency_id",
    "total_price": "bill.total_price",
    "items": "bill.bill_items",
    "points_paid": "bill.payment_recap.credit_points",
    "credits_paid": "bill.payment_recap.amount_for_credit",
    "vouchers": "bill.payment_recap.vouchers",
}
ITEM_WIRE_NAMES = {
    "bill_item_id": "bill_item_id",
    "name": "plu_name",
    "product_codes": "plu_ids",
    "item_type_id": "purchase_item_type_id",
    "quantity": "quantity",
    "price": "price",
    "paid_amount": "paid_amount",
    "vat_rate": "vat_rate",
}
# assign-customer, PUT /purchases/{id} and synchronize-points.
PURCHASE_WIRE_NAMES = {"external_id": "external_purchase_id", "branch_id": "store_id", "client_id": "customer_id"}


def _bill_name(core: str) -> str:
    """A core field of a bill → the wire's, item fields too (`items.2.paid_amount` → `bill.bill_items.2.paid_amount`,
    `property_ids.0` → `bill.property_records.0.property_id`)."""
    if core in BILL_WIRE_NAMES:
        return BILL_WIRE_NAMES[core]
    head, _, rest = core.partition(".")
    if head == "property_ids":
        return f"bill.property_records.{rest}.property_id"
    position, _, name = rest.partition(".")
    if head == "vouchers" and name in ("code", "amount"):  # a gift card's amount is the discount it gave
        return f"bill.payment_recap.vouchers.{position}.{'code' if name == 'code' else 'discount_value'}"
    if head == "items" and name in ITEM_WIRE_NAMES:
        return f"bill.bill_items.{position}.{ITEM_WIRE_NAMES[name]}"
    if head == "items" and name.startswith("property_ids."):
        at = name.removeprefix("property_ids.")
        return f"bill.bill_items.{position}.purchase_item_property_records.{at}.property_id"
    raise KeyError(core)


BILL_NAMES = Renamed(BILL_WIRE_NAMES, _bill_name)

# Wire sort field → core sort key (every scalar first-level field of a purchase, and of a purchase item).
PURCHASE_SORT = {
    "purchase_id": "id",
    "customer_id": "client_id",
    "store_id": "branch_id",
    "external_purchase_id": "external_id",
    "payment_time": "paid_at",
    "items_count": "items_count",
    "type_id": "purchase_type_id",
    "total_price": "total_price",
    "currency_id": "currency",
    "card_number": "card_number",
    "cashdesk_number": "cashdesk_number",
    "last_change": "updated_at",
}
ITEM_SORT = {
    "purchase_item_id": "id",
    "product_id": "product_code",
    "product_name": "name",
    "external_id": "bill_item_id",
    "purchase_item_type_id": "item_type_id",
    "price": "price",
    "amount": "quantity",
    "vat_rate": "vat_rate",
}


def _item(given: wire.BillItem, position: int) -> BillItem:
    return BillItem(
        bill_item_id=given.bill_item_id,
        name=given.plu_name,
        product_codes=[{"list_code": p.list_code, "code": p.code} for p in given.plu_ids],
        item_type_id=body_id(given.purchase_item_type_id, f"bill.bill_items.{position}.purchase_item_type_id"),
        quantity=given.quantity,
        price=given.price,
        paid_amount=given.paid_amount,
        vat_rate=given.vat_rate,
        loyalty_off=given.loyalty_off,
        category_code=given.category_plu_id,
        property_ids=[r.property_id for r in given.purchase_item_property_records],
    )


def items(given: list[wire.BillItem]) -> list[BillItem]:
    return [_item(item, position) for position, item in enumerate(given)]


def to_core_bill(given: wire.SendPurchase, paid_at: datetime | None) -> Bill:
    bill = given.bill
    recap = bill.payment_recap or wire.PaymentRecap()
    extra = {
        "utm": bill.utm.model_dump(exclude_none=True) if bill.utm else None,
        "created_by": bill.created_by,
        "recommended_discounts": recap.recommended_discounts or None,
    }
    return Bill(
        external_id=bill.bill_id,
        branch_id=body_id(given.store_id, "store_id", required=True),
        cashdesk_number=given.cashdesk_number,
        purchase_type_id=body_id(bill.purchase_type_id, "bill.purchase_type_id", required=True),
        checkout_mode=bill.payment_type,
        paid_at=paid_at,
        currency=bill.currency_id,
        total_price=bill.total_price,
        items=items(bill.bill_items),
        canceled=bill.canceled,
        client_id=body_id(given.customer_id, "customer_id"),
        card_number=given.card_number,
        bill_number=bill.bill_number,
        points_paid=recap.credit_points,
        credits_paid=recap.amount_for_credit,
        vouchers=[Redemption(v.code or "", v.discount_value or None) for v in recap.vouchers],
        property_ids=[r.property_id for r in bill.property_records],
        extra={k: v for k, v in extra.items() if v is not None},
    )


def _money(units: int) -> float:
    return units / 100


def purchase_item(item: PurchaseItem, product: Product | None) -> dict[str, Any]:
    """An item; `product_id` is the catalogue product one of its PLU codes names, else its first code as sent."""
    known = (
        {
            "product_id": str(product.id),
            "product_name": product.name,
            "product_group_id": render_id(product.product_group_id),
            "product_brand_id": render_id(product.product_brand_id),
        }
        if product is not None
        else {"product_id": item.product_code, "product_name": item.name}
    )
    return compact(
        {
            "purchase_item_id": str(item.id),
            **known,
            "external_id": item.bill_item_id,
            "purchase_item_type_id": str(item.item_type_id),
            "price": _money(item.price),
            "amount": item.quantity / 1000,
            "vat_rate": item.vat_rate / 100,
            "additional_properties": [],
        }
    )


def purchase(
    record: Purchase, tz: str, purchase_items: list[PurchaseItem] | None, catalogue: Mapping[int, Product]
) -> dict[str, Any]:
    """A purchase; its items when `purchase_items` is given (`catalogue`: their products, by item id). An anonymous
    purchase's `customer_id` is "" (the spec requires the field)."""
    result = {
        "purchase_id": str(record.id),
        "customer_id": "" if record.client_id is None else str(record.client_id),
        "store_id": str(record.branch_id),
        "external_purchase_id": record.external_id,
        "payment_time": render_datetime(record.paid_at, tz),
        "items_count": record.items_count,
        "purchase_items": None
        if purchase_items is None
        else [purchase_item(i, catalogue.get(i.id)) for i in purchase_items],
        "type_id": str(record.purchase_type_id),
        "total_price": _money(record.total_price),
        "currency_id": record.currency,
        "card_number": record.card_number,
        "cashdesk_number": str(record.cashdesk_number),
        "last_change": render_datetime(record.updated_at, tz),
        "property_records": [],
    }
    return compact(result)


def vocabulary(record: PurchaseType | PurchaseItemType, key: str) -> dict[str, Any]:
    """A purchase type or purchase item type."""
    return {key: str(record.id), "name": record.name, "text_id": record.text_id}


def payment_type(record: PaymentType, tz: str) -> dict[str, Any]:
    return named("payment_type_id", record, tz)


def payment_summary(summary: Summary, used_vouchers: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary, with its vouchers as /vouchers renders them (mapping_vouchers)."""
    return {
        "earned_points": points.from_units(summary.earned),
        "used_credits": _money(summary.credits_paid),
        "used_points": points.from_units(summary.points_paid),
        "used_points_total": points.from_units(summary.points_paid),
        "used_vouchers": used_vouchers,
    }


def quote(result: Quote) -> dict[str, Any]:
    return {
        "recommended_discounts": [],
        "credit_points": points.from_units(result.available),
        "credit": 0.0,
        "vouchers": [],
        "credit_points_of_this_transaction": points.from_units(result.earned),
        "total_credit_points": points.from_units(result.total_available),
        "total_credit": 0.0,
        "messages": [{"text": text} for text in result.messages],
    }
