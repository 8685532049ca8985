"""CareCloud related-customer request bodies, as the vendor's spec types them."""

from __future__ import annotations

from pydantic import StrictBool

from .wire import RequiredId, _Wire


class RelatedCustomer(_Wire):
    related_customer_id: RequiredId
    customer_relation_type_id: RequiredId
    is_leading: StrictBool


class RelatedCustomerWrite(_Wire):
    """POST `customers/{id}/related-customers`."""

    related_customer: RelatedCustomer
