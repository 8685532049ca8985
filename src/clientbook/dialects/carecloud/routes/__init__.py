"""Every CareCloud route, served on both interfaces: `enterprise.py` and `customer.py` hold what only one interface
offers, the rest is shared; a route on the wrong interface answers 403 `interface_not_allowed_exception`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, Request

from ..conventions import Interface, check_version
from . import (
    agreements,
    booking_occupancy,
    booking_statuses,
    booking_tickets,
    bookings,
    card_types,
    cards,
    credits,
    customer,
    customer_actions,
    customer_auth,
    customer_properties,
    customer_reach,
    customer_source_records,
    customer_types,
    customers,
    enterprise,
    external_applications,
    free_cards,
    interests,
    messages,
    messaging_reference,
    partners,
    points,
    products,
    purchase_actions,
    purchase_types,
    purchases,
    reference,
    related_customers,
    reservable_products,
    rewards,
    segments,
    statuses,
    store_groups,
    store_properties,
    stores,
    tests,
    tokens,
    user_sso,
    vouchers,
)

ROUTERS = (
    enterprise.router,
    customer.router,
    customers.router,
    stores.router,
    bookings.router,
    segments.router,
    reference.router,
    messages.router,
    tests.router,
    customer_types.router,
    points.router,
    cards.router,
    free_cards.router,
    card_types.router,
    purchases.router,
    purchase_actions.router,
    purchase_types.router,
    customer_actions.router,
    statuses.router,
    customer_auth.router,
    customer_reach.router,
    messaging_reference.router,
    tokens.router,
    user_sso.router,
    customer_properties.router,
    booking_statuses.router,
    booking_occupancy.router,
    reservable_products.router,
    booking_tickets.router,
    agreements.router,
    external_applications.router,
    interests.router,
    credits.router,
    partners.router,
    store_properties.router,
    store_groups.router,
    rewards.router,
    vouchers.router,
    products.router,
    customer_source_records.router,
    related_customers.router,
)
PREFIXES = {
    Interface.ENTERPRISE: "/enterprise-interface/{version}",
    Interface.CUSTOMER: "/customer-interface/{version}",
}


def _on(interface: Interface) -> Callable[[Request], Awaitable[None]]:
    async def mark(request: Request) -> None:
        request.state.interface = interface
        check_version(request)

    return mark


def interfaces() -> APIRouter:
    """Every resource router under both interfaces' prefixes, each marking the interface and checking the version."""
    both = APIRouter()
    for interface, prefix in PREFIXES.items():
        router = APIRouter(prefix=prefix, dependencies=[Depends(_on(interface))])
        for resource in ROUTERS:
            router.include_router(resource)
        both.include_router(router)
    return both
