"""What a client view shows beyond the client row, for a set of clients at once: one statement (every related row of
every client, and the business's field definitions beside them), so a get and a page cost the same round trips."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import fields
from clientbook.core.types import Tenant
from clientbook.store.repositories.client_relations import ClientRelationsRepository


@dataclass(frozen=True)
class ClientViews:
    definitions: Sequence[fields.FieldShape]
    tags: Mapping[int, list[str]]
    custom: Mapping[int, Mapping[int, str | None]]
    viewers: Mapping[int, list[int]]
    viewable: Mapping[int, list[int]]
    notes: Mapping[int, str | None]


async def views(
    session: AsyncSession, tenant: Tenant, client_ids: Collection[int], *, bare: bool = False
) -> ClientViews:
    """`bare`: the clients were created in this transaction with nothing beside their rows
    (`ClientProfile.beside_row` false), so there is nothing related to read (one statement less per create)."""
    related = await ClientRelationsRepository(session).related(tenant.business_id, () if bare else client_ids)
    # What this transaction read (a write maps its body with them, maybe changed them) wins over the statement's; the
    # statement's serve unless a built-in is missing, which `fields.definitions` creates; a bare view read none.
    definitions: Sequence[fields.FieldShape] | None = fields.read_in(session, tenant) or fields.usable(
        related.definitions
    )
    return ClientViews(
        definitions=definitions if definitions is not None else await fields.definitions(session, tenant),
        tags=related.tags,
        custom=related.custom,
        viewers=related.viewers,
        viewable=related.viewable,
        # the same text notes.text_of gives: live notes oldest first, joined by newlines
        notes={client_id: "\n".join(bodies) or None for client_id, bodies in related.notes.items()},
    )
