"""CareCloud request bodies of rewards and vouchers, as the vendor's spec types them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr

from .wire import IdText, RequiredId, Text, _Wire

Money = StrictFloat  # integers are accepted too (pydantic takes an int for a strict float)
Code = Annotated[StrictStr | None, Field(max_length=100)]


class Translation(_Wire):
    language_code: Annotated[StrictStr | None, Field(max_length=8)] = None
    text: Text = None


class LinkTranslation(_Wire):
    language_code: Annotated[StrictStr | None, Field(max_length=8)] = None
    url: Text = None


class StoreRef(_Wire):
    store_id: RequiredId


class SegmentRef(_Wire):
    segment_id: RequiredId


class TagRef(_Wire):
    tag_id: RequiredId


class SimpleReward(_Wire):
    code: Annotated[StrictStr, Field(max_length=100)]
    names: Annotated[list[Translation], Field(max_length=100)]
    notes: Annotated[list[Translation] | None, Field(max_length=100)] = None
    subtitles: Annotated[list[Translation] | None, Field(max_length=100)] = None
    points_cost: Money | None = None
    valid_date_from: Text = None
    valid_date_to: Text = None
    reward_type_id: RequiredId
    reward_type_value: Money
    maximum_discount_value: Money | None = None
    minimum_purchase_value: Money | None = None
    stores: Annotated[list[StoreRef] | None, Field(max_length=1000)] = None
    segments: Annotated[list[SegmentRef] | None, Field(max_length=1000)] = None
    priority: Literal[1, 2, 3, 4, 5, 6, 7, 8, 9] | None = None
    image_urls: Annotated[list[LinkTranslation] | None, Field(max_length=100)] = None
    reward_external_urls: Annotated[list[LinkTranslation] | None, Field(max_length=100)] = None
    tags: Annotated[list[TagRef] | None, Field(max_length=1000)] = None
    global_reward: StrictBool
    partner_id: Annotated[StrictStr | None, Field(max_length=100)] = None
    voucher_validity: Literal["interval", "end_of_time_unit", "reward_validity"]
    voucher_validity_value: Annotated[StrictStr | None, Field(max_length=40)] = None
    voucher_code_generation_preference: Literal["A", "M"]
    is_portable: StrictBool | None = None
    state: Literal[1, 2]


class SimpleRewardBody(_Wire):
    simple_reward: SimpleReward


class PluId(_Wire):
    list_code: Annotated[StrictStr, Field(max_length=100)]
    code: Annotated[StrictStr, Field(max_length=100)]


class RewardProduct(_Wire):
    product_id: Annotated[StrictStr | None, Field(max_length=100)] = None
    plu_id: PluId | None = None
    reward_product_relation_type: Literal[0, 1]


class RewardProducts(_Wire):
    products: Annotated[list[RewardProduct], Field(max_length=1000)]


class NewVoucher(_Wire):
    """create-voucher."""

    customer_id: RequiredId
    code: Code = None
    note: Text = None


class NewCustomVoucher(NewVoucher):
    value: StrictInt


class Voucher(_Wire):
    """A voucher as PUT sends it (read-only fields accepted and ignored) and as vouchers/batch adds it."""

    customer_id: RequiredId
    store_id: IdText = None
    code: Code = None
    value: Money | None = None
    applied_date: Text = None
    valid_from: Text = None
    valid_to: Text = None
    note: Text = None


class VoucherBody(_Wire):
    voucher: Voucher


class BatchVoucher(Voucher):
    reward_id: RequiredId


class VoucherBatch(_Wire):
    vouchers: Annotated[list[BatchVoucher], Field(max_length=1000)]
    error_processing: Literal[1, 2] | None = None


class ApplyVoucher(_Wire):
    store_id: IdText = None
    date_applied: Annotated[StrictStr, Field(max_length=40)]


class GiftCardBalance(_Wire):
    voucher_id: IdText = None
    code: Code = None
