"""Customers (clients): list, read, create, replace, search, their segment records and additional addresses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import (
    cards,
    client_profiles,
    client_search,
    clients,
    customer_addresses,
    customer_sessions,
    customer_source_records,
    passwords,
    segments,
)
from clientbook.core.client_search import ClientFilter, Order
from clientbook.core.clients import ClientRules
from clientbook.core.errors import AddressNotFound, ClientNotFound, Reason, ValidationFailed
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.errors import within
from clientbook.store.models import Client

from .. import mapping, mapping_records, wire
from ..auth import Caller, CallerDep
from ..conventions import (
    Interface,
    array_param,
    body_id,
    bool_param,
    created,
    enterprise_only,
    id_array_param,
    listing,
    no_content,
    page,
    parse_date,
    path_id,
    sort,
    text_param,
)
from ._common import body, not_found_as, path_customer, small, wire_names

router = APIRouter(route_class=wire_names(mapping.CUSTOMER_WIRE_NAMES))

# What CareCloud asks of a customer beyond the core's own rules: an e-mail address no other customer of the business
# has, ISO codes for language and country, the phone as international digits, a known source, a strong password.
RULES = ClientRules(
    refuse_duplicate_email=True,
    language_codes=True,
    country_codes=True,
    phone_as_digits=True,
    refuse_unknown_source=True,
    password_policy=passwords.STRONG,
)
SORT_FIELDS = {"customer_id": "id", "last_change": "updated_at"}


async def _customer(session: AsyncSession, caller: Caller, raw_id: str) -> int:
    """The customer id of the path: it must exist (deleted ones too: they read as state 0) and be the caller's."""
    return (await _customer_record(session, caller, raw_id)).id


async def _customer_record(session: AsyncSession, caller: Caller, raw_id: str) -> Client:
    """The customer of the path, loaded (deleted ones too), the caller's own."""
    customer_id = path_customer(caller, raw_id)
    with not_found_as(ClientNotFound, "customers", raw_id):
        return await clients.get(session, caller.tenant, customer_id, include_deleted=True)


# ---- list, search ------------------------------------------------------------------------------------------------


def _filter(request: Request, caller: Caller) -> ClientFilter | None:
    """The query's filters (ANDed; `email_list[]` and `customer_ids[]` ORed within); None when nothing can match."""
    email = text_param(request, "email")
    emails = array_param(request, "email_list")
    if email is not None:
        emails = [email] if emails is None or email.lower() in {e.lower() for e in emails} else []
    ids = id_array_param(request, "customer_ids")
    if caller.interface is Interface.CUSTOMER:
        own = caller.customer_id
        if own is None or (ids is not None and own not in ids):
            return None
        ids = [own]
    phone = text_param(request, "phone")
    source_id = body_id(text_param(request, "customer_source_id"), "customer_source_id")
    bool_param(request, "customer_short_salutation")  # accepted; we have no short salutation to add
    return ClientFilter(
        client_ids=ids,
        emails=emails,
        phone=("+" + phone.lstrip("+")) if phone else None,
        first_name=text_param(request, "first_name"),
        last_name=text_param(request, "last_name"),
        birth_date=parse_date(text_param(request, "birthdate"), "birthdate"),
        customer_source_ids=[source_id] if source_id is not None else None,
    )


@router.get("/customers", summary="getCustomers")
async def list_customers(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging = page(request)
    order = sort(request, SORT_FIELDS)
    found = _filter(request, caller)
    if found is None:
        return listing("customers", [], 0)
    tenant = caller.tenant
    core_order = Order(SORT_FIELDS[order.field] if order.field else "id", order.descending)
    rows = await client_search.search(
        session, tenant, found, order=core_order, offset=paging.offset, limit=paging.count
    )
    total = await client_search.count(session, tenant, found)
    return listing("customers", [mapping.customer(c, tenant.time_zone) for c in rows], total)


@router.get(
    "/customers/actions/search-customers",
    summary="getCustomerSearch",
    dependencies=enterprise_only("customers/actions/search-customers"),
)
async def search_customers(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    """Customers matching the given parameters, with `match` = how many of them match. `mode=strict` requires every
    given parameter; otherwise any one will do, best matches first. A card number matches the customer the card
    identifies (core `cards.holder_of`)."""
    mode = text_param(request, "mode") or "none"
    if mode not in ("strict", "none"):
        raise ValidationFailed.single("mode", Reason.NOT_ALLOWED, "mode must be strict or none", mode)
    first, last = text_param(request, "first_name"), text_param(request, "last_name")
    birth = parse_date(text_param(request, "birthdate"), "birthdate")
    card = text_param(request, "card_number")
    if first is None and last is None and birth is None and card is None:
        raise ValidationFailed.single(
            "first_name", Reason.REQUIRED, "give at least one of first_name, last_name, birthdate, card_number"
        )
    holder = await cards.holder_of(session, caller.tenant, card) if card is not None else None
    held = None if card is None else [holder.id] if holder is not None else []
    filters = [
        ClientFilter(first_name=first) if first is not None else None,
        ClientFilter(last_name=last) if last is not None else None,
        ClientFilter(birth_date=birth) if birth is not None else None,
        ClientFilter(client_ids=held) if held is not None else None,
    ]
    given = [f for f in filters if f is not None]
    if mode == "strict":
        every = ClientFilter(first_name=first, last_name=last, birth_date=birth, client_ids=held)
        rows = await client_search.search(session, caller.tenant, every, limit=1000)
        return {"data": {"strict": [{"customer_id": str(c.id), "match": len(given)} for c in rows]}}
    matches: dict[int, int] = {}
    for one in given:
        for client in await client_search.search(session, caller.tenant, one, limit=1000):
            matches[client.id] = matches.get(client.id, 0) + 1
    ranked = sorted(matches.items(), key=lambda item: (-item[1], item[0]))[:1000]
    return {"data": {"strict": [{"customer_id": str(cid), "match": n} for cid, n in ranked]}}


# ---- one customer ------------------------------------------------------------------------------------------------


@router.post("/customers", summary="postCustomer", status_code=201)
async def create_customer(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    new = await body(request, context, wire.NewCustomer)
    if new.autologin and not new.password:
        raise ValidationFailed.single("password", Reason.REQUIRED, "password is required when autologin is true")
    profile = mapping.customer_profile(new.customer, source=new.customer_source, password=new.password or None)
    external_id = new.customer_source.external_id
    client = await customer_source_records.register(session, caller.tenant, profile, external_id, rules=RULES)
    # On the customer interface, autologin logs the new customer in to the token (vendors.md §2).
    if new.autologin and caller.interface is Interface.CUSTOMER and caller.token is not None:
        await customer_sessions.bind(session, caller.token, client.id)
    return created("customer_id", client.id)


@router.get("/customers/{customer_id}", summary="getCustomer")
async def get_customer(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    bool_param(request, "customer_short_salutation")
    # the record checked is the one shown: the session's identity map holds it weakly, so a second get would read
    # the row again
    client = await _customer_record(session, caller, customer_id)
    return {"data": mapping.customer(client, caller.tenant.time_zone)}


@router.put("/customers/{customer_id}", summary="putCustomer", status_code=204)
async def put_customer(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    """Replace the customer (what is left out is cleared); the password changes only when one is sent."""
    client_id = await _customer(session, caller, customer_id)
    update = await body(request, context, wire.CustomerUpdate)
    current = await clients.get(session, caller.tenant, client_id)
    profile = mapping.customer_profile(update.customer, password=update.password, current=current)
    await client_profiles.write(session, caller.tenant, client_id, profile, rules=RULES)
    return no_content()


# ---- sub-resources -----------------------------------------------------------------------------------------------


@router.get("/customers/{customer_id}/segment-records", summary="getSubCustomerSegments")
async def customer_segment_records(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    client_id = await _customer(session, caller, customer_id)
    groups = id_array_param(request, "segment_group_ids")
    rows = await segments.records(session, caller.tenant, client_id=client_id, group_ids=groups)
    records = [mapping_records.segment_record(member, caller.tenant.time_zone) for member, _segment in rows]
    return listing("segment_records", records, len(records))


@router.get("/customers/{customer_id}/addresses", summary="getSubCustomerAddresses")
async def list_addresses(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    client_id = await _customer(session, caller, customer_id)
    listed = small(request)
    address_type = text_param(request, "customer_address_type_id")
    rows = await customer_addresses.for_client(session, caller.tenant, client_id, address_type=address_type)
    records = [mapping_records.additional_address(a) for a in rows]
    return listed.answer("addresses", records)


def _address_values(given: wire.AdditionalAddress) -> customer_addresses.AddressValues:
    return customer_addresses.AddressValues(address_type=given.address_type, **given.address.model_dump())


_ADDRESS_NAMES = (
    {"address_type": "additional_address.address_type"}
    | {
        k: f"additional_address.address.{k}"
        for k in ("address1", "address2", "address3", "address4", "address5", "address6", "address7", "zip", "city")
    }
    | {"country_code": "additional_address.address.country_code"}
)


@router.post("/customers/{customer_id}/addresses", summary="postSubCustomerAddress", status_code=201)
async def create_address(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    with within(_ADDRESS_NAMES):
        client_id = await _customer(session, caller, customer_id)
        given = await body(request, context, wire.AdditionalAddressBody)
        address = await customer_addresses.create(
            session, caller.tenant, client_id, _address_values(given.additional_address)
        )
    return created("additional_address_id", address.id)


async def _address_id(session: AsyncSession, caller: Caller, client_id: int, raw: str) -> int:
    address_id = path_id(raw, "addresses")
    with not_found_as(AddressNotFound, "addresses", raw):
        await customer_addresses.get(session, caller.tenant, client_id, address_id)
    return address_id


@router.get("/customers/{customer_id}/addresses/{additional_customer_address_id_path}", summary="getSubCustomerAddress")
async def get_address(
    customer_id: str, additional_customer_address_id_path: str, caller: CallerDep, session: SessionDep
) -> Any:
    client_id = await _customer(session, caller, customer_id)
    address_id = await _address_id(session, caller, client_id, additional_customer_address_id_path)
    address = await customer_addresses.get(session, caller.tenant, client_id, address_id)
    return {"data": mapping_records.additional_address(address)}


@router.put(
    "/customers/{customer_id}/addresses/{additional_customer_address_id_path}",
    summary="putSubCustomerAddress",
    status_code=204,
)
async def put_address(
    customer_id: str,
    additional_customer_address_id_path: str,
    request: Request,
    caller: CallerDep,
    context: ContextDep,
    session: SessionDep,
) -> Response:
    with within(_ADDRESS_NAMES):
        client_id = await _customer(session, caller, customer_id)
        address_id = await _address_id(session, caller, client_id, additional_customer_address_id_path)
        given = await body(request, context, wire.AdditionalAddressBody)
        await customer_addresses.replace(
            session, caller.tenant, client_id, address_id, _address_values(given.additional_address)
        )
    return no_content()
