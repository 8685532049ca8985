"""CareCloud loyalty request bodies (points and point reservations), as the vendor's spec types them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictFloat, StrictStr

from .wire import IdText, RequiredId, Text, _Wire

Amount = StrictFloat  # integers are accepted too (pydantic takes an int for a strict float)


class BalanceChange(_Wire):
    """What adding to or taking from a customer's points or credits names first; a subclass adds its type (and the
    rest) after these, so a refusal lists the fields' errors in the spec's order."""

    amount: Amount
    customer_id: RequiredId
    partner_id: IdText = None


class BalanceTransfer(_Wire):
    """What moving points or credits from one customer to another names first (see `BalanceChange`)."""

    original_customer_id: RequiredId
    new_customer_id: RequiredId
    amount: Amount


class PointsChange(BalanceChange):
    """assign-points and reduce-points."""

    point_type_id: IdText = None
    note: Text = None


class PointsTransfer(BalanceTransfer):
    point_type_id: RequiredId
    note: Text = None


class PointsReservation(_Wire):
    external_id: Annotated[StrictStr, Field(max_length=200)]
    customer_id: RequiredId
    amount: Amount
    expiration_time: Text = None


class PointsRelease(_Wire):
    external_id: Annotated[StrictStr, Field(max_length=200)]
