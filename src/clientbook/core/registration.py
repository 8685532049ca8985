"""Whether a new client could register with an identifier (CareCloud `check-registration-ability`): an e-mail address
or a mobile number no live client of the business has. Checking reads only; it writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.repositories.people import ClientRepository

from .contact import email_key, normalize_email, normalize_phone
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant


async def identifier_free(
    session: AsyncSession, tenant: Tenant, kind: Literal["email", "phone"], value: str, *, field: str = "value"
) -> bool:
    """True when no live client of the business has this identifier; a malformed one is refused naming `field`."""
    repository = ClientRepository(session)
    normalize = normalize_email if kind == "email" else _phone(tenant.default_region)
    normalized, error = normalize(value, field)
    if error is not None:
        raise ValidationFailed([error])
    if normalized is None:
        raise ValidationFailed.single(field, Reason.REQUIRED, f"{field} is required")
    if kind == "email":
        return not await repository.email_taken(tenant.business_id, email_key(normalized) or "", None)
    return not await repository.mobile_taken(tenant.business_id, normalized, None)


def _phone(region: str) -> Callable[[str, str], tuple[str | None, FieldError | None]]:
    return lambda raw, field: normalize_phone(raw, region, field)
