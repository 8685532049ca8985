"""Newsletter sign-ups (CareCloud newsletters-sign-up): a contact, who need not be a client, signs up with the
consents and the source they came with. One sign-up per contact: signing up again updates it, so the consents in
force are always the latest given."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import NewsletterSignup
from clientbook.store.repositories.customer_reach import NewsletterSignupRepository

from . import customer_sources, partners
from ._records import add_new, save_changes
from .contact import email_key, normalize_email, normalize_phone
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant

ENTITY = "newsletter_signup"


def _contact(tenant: Tenant, raw: str, field: str) -> tuple[str, str, str]:
    """(kind, key, contact): an e-mail address (compared in lower case) or a phone number (E.164)."""
    problem: FieldError | None
    if "@" in raw:
        address, problem = normalize_email(raw, field)
        if problem is None and address:
            return "email", email_key(address) or "", address
    else:
        number, problem = normalize_phone(raw, tenant.default_region, field)
        if problem is None and number:
            return "phone", number, number
    raise ValidationFailed([problem or FieldError(field, Reason.REQUIRED, f"{field} is required")])


async def sign_up(
    session: AsyncSession,
    tenant: Tenant,
    contact: str,
    customer_source_id: int,
    *,
    consents: dict[str, Any],
    language: str | None = None,
    partner_ids: list[int] | None = None,
    contact_field: str = "contact",
    source_field: str = "customer_source_id",
    partner_field: str = "partner_records",
) -> NewsletterSignup:
    """Sign `contact` up (or update their sign-up). `partner_ids` None or empty: every partner of the business."""
    kind, key, given = _contact(tenant, contact, contact_field)
    await customer_sources.get(session, tenant, customer_source_id, field=source_field)
    for n, partner_id in enumerate(partner_ids or []):
        await partners.get(session, tenant, partner_id, field=f"{partner_field}.{n}.partner_id")
    values = {
        "contact_kind": kind,
        "contact": given,
        "customer_source_id": customer_source_id,
        "language": language.lower() if language else None,
        "consents": consents,
        "partner_ids": sorted(set(partner_ids)) if partner_ids else None,
    }
    repository = NewsletterSignupRepository(session)
    existing = await repository.of_contact(tenant.business_id, key)
    if existing is not None:
        await save_changes(session, tenant, repository, existing, ENTITY, values)
        return existing
    record = NewsletterSignup(
        business_id=tenant.business_id, contact_key=key, created_by=tenant.actor, updated_by=tenant.actor
    )
    await add_new(session, tenant, repository, record, ENTITY, values)
    return record
