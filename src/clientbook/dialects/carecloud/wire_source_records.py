"""CareCloud customer source-record request bodies, as the vendor's spec types them."""

from __future__ import annotations

from .wire import CustomerSourceRecord, _Wire


class CustomerSourceRecordWrite(_Wire):
    """POST `customers/{id}/customer-source-records`."""

    customer_source_record: CustomerSourceRecord
