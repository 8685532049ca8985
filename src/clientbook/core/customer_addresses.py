"""A client's additional addresses (delivery, billing, work…) beside the main address on the client record."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.customer_data import ClientAddress
from clientbook.store.repositories.customer_data import ClientAddressRepository

from . import clients, reference_data
from ._records import add_new, check_lengths, raise_if, save_changes, strip_strings
from .errors import AddressNotFound, FieldError, Reason
from .types import Tenant


@dataclass(frozen=True, kw_only=True)
class AddressValues:
    """The whole address (a PUT replaces it: fields left None are cleared)."""

    address_type: str | None
    address1: str | None = None
    address2: str | None = None
    address3: str | None = None
    address4: str | None = None
    address5: str | None = None
    address6: str | None = None
    address7: str | None = None
    zip: str | None = None
    city: str | None = None
    country_code: str | None = None


def _validate(values: AddressValues) -> dict[str, object]:
    data: dict[str, object] = dict(values.__dict__)
    strip_strings(data)
    errors: list[FieldError] = []
    if not data.get("address_type"):
        errors.append(FieldError("address_type", Reason.REQUIRED, "address_type is required"))
    country = data.get("country_code")
    if isinstance(country, str):
        data["country_code"] = country = country.upper()
        if not reference_data.is_country(country):
            errors.append(FieldError("country_code", Reason.NOT_ALLOWED, f"unknown country code {country}", country))
    check_lengths(ClientAddress, data, errors)
    raise_if(errors)
    return data


async def create(session: AsyncSession, tenant: Tenant, client_id: int, values: AddressValues) -> ClientAddress:
    await clients.get(session, tenant, client_id)
    data = _validate(values)
    address = ClientAddress(
        business_id=tenant.business_id, client_id=client_id, created_by=tenant.actor, updated_by=tenant.actor
    )
    event = {"client_id": client_id}
    await add_new(session, tenant, ClientAddressRepository(session), address, "client_address", data, event=event)
    return address


async def get(session: AsyncSession, tenant: Tenant, client_id: int, address_id: int) -> ClientAddress:
    address = await ClientAddressRepository(session).get(tenant.business_id, address_id)
    if address is None or address.client_id != client_id or address.deleted_at is not None:
        raise AddressNotFound(field="id", id=address_id)
    return address


async def replace(
    session: AsyncSession, tenant: Tenant, client_id: int, address_id: int, values: AddressValues
) -> ClientAddress:
    address = await get(session, tenant, client_id, address_id)
    await save_changes(session, tenant, ClientAddressRepository(session), address, "client_address", _validate(values))
    return address


async def for_client(
    session: AsyncSession, tenant: Tenant, client_id: int, *, address_type: str | None = None
) -> list[ClientAddress]:
    await clients.get(session, tenant, client_id, include_deleted=True)
    return await ClientAddressRepository(session).for_client(tenant.business_id, client_id, address_type)
