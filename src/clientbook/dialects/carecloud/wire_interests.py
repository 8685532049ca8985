"""CareCloud customer interest-record request bodies, as the vendor's spec types them."""

from __future__ import annotations

from .wire import RequiredId, _Wire


class InterestRecordValue(_Wire):
    interest_id: RequiredId
    customer_id: RequiredId


class InterestRecordWrite(_Wire):
    """POST and PUT `customers/{id}/interest-records`."""

    interest_record: InterestRecordValue
