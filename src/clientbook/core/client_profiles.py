"""Writing a client with everything kept beside its row: tags, notes, custom field values and who may view whom.

One use case for every dialect whose client object carries these (TimeTap, CareCloud), so the order of the writes,
and what a refusal leaves (nothing: the request's transaction rolls back), is the same for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client

from . import client_access, clients, fields, notes, tags
from .changes import UNSET, Unset
from .clients import ClientChanges, ClientRules
from .errors import FieldError
from .types import Tenant


@dataclass(frozen=True, kw_only=True)
class ClientProfile:
    """One write of a client: its columns (`changes`, the password among them) and, where not None or UNSET, the
    whole of its tags, its notes' text, the given custom field values (by field id; `custom_paths` names each in
    errors), the clients who may view it and those it may view. `refused`: what the caller could not translate,
    reported together with the core's own refusals."""

    changes: ClientChanges
    tags: Sequence[str] | None = None
    notes: str | Unset | None = UNSET
    custom: Mapping[int, str | None] = field(default_factory=dict)
    custom_paths: Mapping[int, str] = field(default_factory=dict)
    viewers: Sequence[int] | None = None
    viewable: Sequence[int] | None = None
    refused: Sequence[FieldError] = ()

    @property
    def beside_row(self) -> bool:
        """Whether the write sets anything kept beside the client's row: a client created without is bare (no tags,
        notes, custom values or access rows to read back)."""
        sets = (self.tags, self.custom, self.viewers, self.viewable)
        return any(s is not None and len(s) > 0 for s in sets) or self.notes not in (UNSET, None)


async def write(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int | None,
    profile: ClientProfile,
    *,
    rules: ClientRules = ClientRules(),
) -> Client:
    """Create the client (no id) or update it, then everything the profile sets beside its row."""
    if client_id is None:
        client = await clients.create(session, tenant, profile.changes, rules=rules, refused=profile.refused)
    else:
        client = await clients.update(session, tenant, client_id, profile.changes, rules=rules, refused=profile.refused)
    if profile.tags is not None:
        await tags.set_for_client(session, tenant, client.id, profile.tags)
    if profile.notes is not UNSET:
        await notes.replace_text(session, tenant, client.id, profile.notes)
    if profile.custom:
        await fields.set_values(session, tenant, client.id, profile.custom, paths=profile.custom_paths)
    if profile.viewers is not None:
        await client_access.set_viewers(session, tenant, client.id, profile.viewers, field="viewers")
    if profile.viewable is not None:
        await client_access.set_viewable(session, tenant, client.id, profile.viewable, field="viewable")
    return client
