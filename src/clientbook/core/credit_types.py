"""Credit types: the wallets a business's credits belong to (read-only on the CareCloud wire; operators manage them
with `clientbook loyalty credit-types`). Each type holds one currency: the currency of the business's region when the
type was made, so a wallet never mixes money."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.credits import CreditType

from . import reference, reference_data
from .errors import CreditTypeNotFound
from .types import Tenant

DEFAULT_TEXT_ID = "credits"
DEFAULT_NAME = "Credits"


def _values(tenant: Tenant) -> dict[str, Any]:
    return {"currency": reference_data.currency_of_region(tenant.default_region)}


KIND: reference.ReferenceKind[CreditType] = reference.ReferenceKind(
    name="credit-types",
    entity="credit_type",
    model=CreditType,
    missing=CreditTypeNotFound,
    default_name=DEFAULT_NAME,
    default_text_id=DEFAULT_TEXT_ID,
    values=_values,
)


async def list_all(session: AsyncSession, tenant: Tenant) -> list[CreditType]:
    return await reference.list_all(session, tenant, KIND)


async def get(
    session: AsyncSession, tenant: Tenant, credit_type_id: int, *, field: str = "credit_type_id"
) -> CreditType:
    return await reference.get(session, tenant, KIND, credit_type_id, field=field)


async def resolve(session: AsyncSession, tenant: Tenant, credit_type_id: int | None) -> CreditType:
    """The credit type named, or the business's default when none is."""
    return await reference.resolve(session, tenant, KIND, credit_type_id, field="credit_type_id")
