"""Relations between two customers of a business, of a kind of core/relation_types.py: one row serves both
customers, each seeing the other as their related customer. `related_leads` is written from the side that created
the relation (the related customer leads: a parent of a child) and read inverted from the other side. A relation is
current until its `valid_to`; ending it (the wire's DELETE) sets `valid_to` and keeps it as a past relation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import CustomerRelation, utcnow
from clientbook.store.repositories.customer_relations import CustomerRelationRepository
from clientbook.store.repositories.people import ClientRepository

from . import clients, events, relation_types
from ._records import add_new
from .errors import CustomerRelationNotFound, Reason, ValidationFailed
from .types import Tenant


@dataclass(frozen=True)
class Seen:
    """A relation as one of its customers sees it."""

    relation: CustomerRelation
    related_client_id: int
    related_name: str
    related_leads: bool

    def current(self, now: datetime) -> bool:
        return self.relation.valid_to is None or self.relation.valid_to > now


def _seen(relation: CustomerRelation, client_id: int, names: dict[int, str]) -> Seen:
    if relation.client_id == client_id:
        other, leads = relation.related_client_id, relation.related_leads
    else:
        other, leads = relation.client_id, not relation.related_leads
    return Seen(relation, other, names.get(other, ""), leads)


async def of_customer(
    session: AsyncSession, tenant: Tenant, client_id: int, *, include_past: bool = False
) -> list[Seen]:
    """The customer's relations (current ones, or every one), oldest first."""
    await clients.get(session, tenant, client_id, field="client_id", include_deleted=True)
    found = await CustomerRelationRepository(session).of_client(tenant.business_id, client_id)
    others = {r.related_client_id if r.client_id == client_id else r.client_id for r in found}
    names = {c.id: c.full_name for c in (await ClientRepository(session).get_many(tenant.business_id, others)).values()}
    now = utcnow()
    seen = [_seen(r, client_id, names) for r in found]
    return seen if include_past else [s for s in seen if s.current(now)]


async def get(session: AsyncSession, tenant: Tenant, client_id: int, relation_id: int) -> Seen:
    for seen in await of_customer(session, tenant, client_id, include_past=True):
        if seen.relation.id == relation_id:
            return seen
    raise CustomerRelationNotFound(field="customer_relation_id", id=relation_id)


@dataclass(frozen=True)
class NewRelation:
    related_client_id: int
    relation_type: int
    related_leads: bool
    related_field: str = "related_client_id"
    type_field: str = "relation_type"


async def add(session: AsyncSession, tenant: Tenant, client_id: int, new: NewRelation) -> CustomerRelation:
    """Relate two live customers; the same kind of relation between them twice (current) is `already_exists`."""
    if new.related_client_id == client_id:
        message = f"{new.related_field} must be another customer"
        raise ValidationFailed.single(new.related_field, Reason.NOT_ALLOWED, message, str(new.related_client_id))
    if relation_types.find(new.relation_type) is None:
        message = f"{new.type_field} names no customer relation type"
        raise ValidationFailed.single(new.type_field, Reason.NOT_FOUND, message, str(new.relation_type))
    await clients.get(session, tenant, client_id, field="client_id")
    await clients.get(session, tenant, new.related_client_id, field=new.related_field)
    repository = CustomerRelationRepository(session)
    await repository.lock_customers(tenant.business_id, (client_id, new.related_client_id))
    for seen in await of_customer(session, tenant, client_id):
        if seen.related_client_id == new.related_client_id and seen.relation.relation_type == new.relation_type:
            message = f"the customers are related so already (relation {seen.relation.id})"
            raise ValidationFailed.single(new.related_field, Reason.ALREADY_EXISTS, message, str(new.related_client_id))
    relation = CustomerRelation(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    values = {
        "client_id": client_id,
        "related_client_id": new.related_client_id,
        "relation_type": new.relation_type,
        "related_leads": new.related_leads,
        "valid_from": utcnow(),
    }
    await add_new(session, tenant, repository, relation, "customer_relation", values)
    return relation


async def end(session: AsyncSession, tenant: Tenant, client_id: int, relation_id: int) -> None:
    """End a current relation now (it stays, as a past one); an ended one is CustomerRelationNotFound."""
    seen = await get(session, tenant, client_id, relation_id)
    now = utcnow()
    if not seen.current(now):
        raise CustomerRelationNotFound(field="customer_relation_id", id=relation_id)
    repository = CustomerRelationRepository(session)
    await repository.save(seen.relation, {"valid_to": now, "deleted_at": now, "updated_by": tenant.actor})
    await events.record(session, tenant, "customer_relation", relation_id, "deleted", {"valid_to": now})
