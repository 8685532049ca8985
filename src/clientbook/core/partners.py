"""Partners (the companies points, credits, products and stores name by `partner_id`) and the partner records
tying a customer to them. Partners are reference records (core/reference.py): read-only on the CareCloud wire,
managed with `clientbook loyalty partners`; a customer's partner records are written through the API."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.partners import Partner, PartnerRecord
from clientbook.store.repositories.partners import PartnerRecordRepository

from . import clients, events, reference
from .errors import PartnerNotFound, PartnerRecordNotFound, Reason, ValidationFailed
from .types import Tenant

DEFAULT_TEXT_ID = "own"
DEFAULT_NAME = "Own programme"  # the business itself, until an operator names its partners

KIND: reference.ReferenceKind[Partner] = reference.ReferenceKind(
    name="partners",
    entity="partner",
    model=Partner,
    missing=PartnerNotFound,
    default_name=DEFAULT_NAME,
    default_text_id=DEFAULT_TEXT_ID,
)


async def list_all(session: AsyncSession, tenant: Tenant) -> list[Partner]:
    return await reference.list_all(session, tenant, KIND)


async def get(session: AsyncSession, tenant: Tenant, partner_id: int, *, field: str = "partner_id") -> Partner:
    return await reference.get(session, tenant, KIND, partner_id, field=field)


# ---- a customer's partners -----------------------------------------------------------------------------------------


async def records_of(session: AsyncSession, tenant: Tenant, client_id: int) -> list[PartnerRecord]:
    await clients.get(session, tenant, client_id, field="client_id")
    return await PartnerRecordRepository(session).of_client(tenant.business_id, client_id)


async def add_record(session: AsyncSession, tenant: Tenant, client_id: int, partner_id: int) -> PartnerRecord:
    """Tie the customer to the partner; a second record for the same pair is refused (`relation_already_exists`)."""
    await clients.get(session, tenant, client_id, field="client_id")
    await get(session, tenant, partner_id)
    values = {"client_id": client_id, "partner_id": partner_id}
    record = PartnerRecord(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor, **values)
    if not await PartnerRecordRepository(session).add_unless_taken(record):  # the unique pair decides, races too
        message = f"the customer belongs to partner {partner_id} already"
        raise ValidationFailed.single("partner_id", Reason.ALREADY_EXISTS, message, partner_id)
    await events.record(session, tenant, "partner_record", record.id, "created", values)
    return record


async def remove_record(session: AsyncSession, tenant: Tenant, client_id: int, record_id: int) -> None:
    """End the customer's partner record (another customer's record is not found)."""
    repository = PartnerRecordRepository(session)
    record = await repository.get(tenant.business_id, record_id)
    if record is None or record.client_id != client_id:
        raise PartnerRecordNotFound(field="partner_record_id", id=record_id)
    await repository.delete_row(record)
    await events.record(session, tenant, "partner_record", record.id, "deleted", {"client_id": client_id})


async def set_partners(
    session: AsyncSession, tenant: Tenant, client_id: int, partner_ids: Sequence[int]
) -> list[PartnerRecord]:
    """Make the customer's partners exactly `partner_ids`: add the missing records, end the others. Every id is
    checked before anything is written."""
    await clients.get(session, tenant, client_id, field="client_id")
    wanted = list(dict.fromkeys(partner_ids))
    for index, partner_id in enumerate(wanted):
        await get(session, tenant, partner_id, field=f"partner_records.{index}.partner_id")
    current = await PartnerRecordRepository(session).of_client(tenant.business_id, client_id)
    held = {record.partner_id for record in current}
    for record in current:
        if record.partner_id not in wanted:
            await remove_record(session, tenant, client_id, record.id)
    for partner_id in wanted:
        if partner_id not in held:
            await add_record(session, tenant, client_id, partner_id)
    return await PartnerRecordRepository(session).of_client(tenant.business_id, client_id)
