"""CareCloud purchase request bodies (send-purchase, accept-payment, assign-customer, PUT /purchases/{id},
synchronize-points), as the vendor's spec types them: what it marks required is required here."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr

from .wire import UTM, IdText, RequiredId, Text, _Wire

Amount = StrictFloat  # integers are accepted too (pydantic takes an int for a strict float)
Code = Annotated[StrictStr, Field(max_length=100)]


class PluId(_Wire):
    list_code: Code
    code: Code


class PropertyRecord(_Wire):
    property_id: Code
    property_value: Any = None


class BillItem(_Wire):
    plu_ids: list[PluId] = Field(max_length=100)
    plu_name: Annotated[StrictStr, Field(max_length=200)]
    category_plu_id: Text = None
    vat_rate: Amount
    quantity: Amount
    paid_amount: Amount
    price: Amount
    bill_item_id: Code
    loyalty_off: StrictBool
    purchase_item_type_id: RequiredId
    purchase_item_property_records: list[PropertyRecord] = Field(default_factory=list, max_length=100)


class RecapVoucher(_Wire):
    code: Text = None
    name: Text = None
    discount_value: Amount | None = None
    discount_percent: Amount | None = None
    bill_item_id: Text = None


class PaymentRecap(_Wire):
    credit_points: Amount | None = None
    amount_for_credit: Amount | None = None
    vouchers: list[RecapVoucher] = Field(default_factory=list, max_length=100)
    recommended_discounts: list[dict[str, Any]] = Field(default_factory=list, max_length=1000)


class Bill(_Wire):
    bill_id: Code
    bill_number: Text = None
    payment_time: StrictStr
    created_by: Text = None
    currency_id: Annotated[StrictStr, Field(max_length=40)]
    total_price: Amount
    bill_items: list[BillItem] = Field(max_length=1000)
    purchase_type_id: RequiredId
    canceled: StrictBool
    payment_type: Annotated[StrictStr, Field(max_length=1)]
    payment_recap: PaymentRecap | None = None
    utm: UTM | None = None
    property_records: list[PropertyRecord] = Field(default_factory=list, max_length=100)


class SendPurchase(_Wire):
    store_id: RequiredId
    cashdesk_number: StrictInt
    card_number: Text = None
    customer_id: IdText = None
    bill: Bill


class AcceptBill(_Wire):
    bill_id: Code
    payment_time: StrictStr
    currency_id: Annotated[StrictStr, Field(max_length=40)]
    total_price: Amount
    bill_items: list[BillItem] = Field(max_length=1000)


class AcceptPayment(_Wire):
    store_id: RequiredId
    cashdesk_number: StrictInt
    card_number: Text = None
    customer_id: IdText = None
    payment_type: Annotated[StrictStr, Field(max_length=1)]
    max_points: Amount | None = None
    max_credit: Amount | None = None
    bill: AcceptBill


class AssignCustomer(_Wire):
    store_id: RequiredId
    external_purchase_id: Code
    card_number: Text = None
    customer_id: IdText = None


class PurchaseChanges(_Wire):
    customer_id: RequiredId
    card_number: Text = None


class PurchaseUpdate(_Wire):
    purchase: PurchaseChanges


class PointsSynchronization(_Wire):
    customer_id: RequiredId
    amount: Amount
    partner_id: Annotated[StrictStr, Field(max_length=100)] | None = None
    note: Text = None
