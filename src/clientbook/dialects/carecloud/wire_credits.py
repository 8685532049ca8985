"""CareCloud credit and partner request bodies, as the vendor's spec types them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictStr

from .wire import IdText, RequiredId, Text, _Wire
from .wire_loyalty import BalanceChange, BalanceTransfer

Currency = Annotated[StrictStr, Field(max_length=3)] | None


class CreditsChange(BalanceChange):
    """deposit-credits and reduce-credits (`partner_id` required by the spec; absent, the default partner)."""

    credit_type_id: IdText = None
    currency_id: Currency = None
    note: Text = None


class CreditsTransfer(BalanceTransfer):
    credit_type_id: RequiredId
    currency_id: Currency = None
    note: Text = None


class PartnerRecordIn(_Wire):
    partner_id: RequiredId


class NewPartnerRecord(_Wire):
    partner_record: PartnerRecordIn


class SetPartners(_Wire):
    customer_id: RequiredId
    partner_records: Annotated[list[PartnerRecordIn], Field(max_length=1000)]
