"""CareCloud customer-status request bodies, as the vendor's spec types them."""

from __future__ import annotations

from .wire import RequiredId, Text, _Wire


class StatusRecordSet(_Wire):
    """`customers/actions/set-status-record`."""

    status_id: RequiredId
    customer_id: RequiredId
    valid_from: Text = None
    valid_to: Text = None
