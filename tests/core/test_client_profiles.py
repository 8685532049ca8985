"""One write of a client with its tags, notes, custom field values and access (the use case TimeTap and CareCloud
share): everything lands together, or, refused, nothing does."""

from __future__ import annotations

from typing import Any

import pytest

from clientbook.core import client_access, client_profiles, fields, notes, tags, tenants
from clientbook.core.client_profiles import ClientProfile
from clientbook.core.clients import ClientChanges, ClientRules
from clientbook.core.errors import ValidationFailed
from clientbook.core.fields import NewField
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Client
from tests.helpers import row_counts


async def tenant_for(context: Any, tenant_json: dict[str, Any]) -> Tenant:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        return tenants.tenant_of(business, actor="test")


async def run(context: Any, work: Any) -> Any:
    async with context.db.transaction() as session:
        return await work(session)


async def write(context: Any, who: Tenant, client_id: int | None, profile: ClientProfile) -> Client:
    client: Client = await run(context, lambda s: client_profiles.write(s, who, client_id, profile))
    return client


async def everything_of(context: Any, who: Tenant, client_id: int) -> dict[str, Any]:
    async def load(session: Any) -> dict[str, Any]:
        return {
            "tags": (await tags.for_clients(session, who, [client_id])).get(client_id, []),
            "notes": notes.text_of((await notes.for_clients(session, who, [client_id])).get(client_id, [])),
            "custom": (await fields.values_for(session, who, [client_id])).get(client_id, {}),
            "viewers": (await client_access.viewers_of(session, who, [client_id])).get(client_id, []),
        }

    found: dict[str, Any] = await run(context, load)
    return found


async def test_a_create_writes_the_client_and_everything_beside_it(context: Any, tenant: Any) -> None:
    who = await tenant_for(context, tenant)
    custom = await run(context, lambda s: fields.create(s, who, NewField(label="Allergies")))
    viewer = await write(context, who, None, ClientProfile(changes=ClientChanges(last_name="Parent")))
    client = await write(
        context,
        who,
        None,
        ClientProfile(
            changes=ClientChanges(last_name="Child", password="any"),
            tags=["VIP", "new"],
            notes="Prefers mornings",
            custom={custom.id: "nuts"},
            viewers=[viewer.id],
        ),
    )
    assert client.password_hash is not None
    assert await everything_of(context, who, client.id) == {
        "tags": ["new", "VIP"],
        "notes": "Prefers mornings",
        "custom": {custom.id: "nuts"},
        "viewers": [viewer.id],
    }


async def test_an_update_changes_only_what_the_profile_sets(context: Any, tenant: Any) -> None:
    who = await tenant_for(context, tenant)
    client = await write(context, who, None, ClientProfile(changes=ClientChanges(last_name="A"), tags=["one"]))
    await write(context, who, client.id, ClientProfile(changes=ClientChanges(first_name="Ann"), notes="Hello"))
    found = await everything_of(context, who, client.id)
    assert (found["tags"], found["notes"]) == (["one"], "Hello")
    await write(context, who, client.id, ClientProfile(changes=ClientChanges(), tags=[], notes=None))
    found = await everything_of(context, who, client.id)
    assert (found["tags"], found["notes"]) == ([], None)


async def test_a_refused_part_writes_nothing_not_even_the_client(context: Any, make_tenant: Any, read: Any) -> None:
    ours = await tenant_for(context, await make_tenant(name="Ours"))
    theirs = await tenant_for(context, await make_tenant(name="Theirs"))
    foreign = await write(context, theirs, None, ClientProfile(changes=ClientChanges(last_name="Foreign")))
    before = await row_counts(read, ours.business_id)
    profile = ClientProfile(changes=ClientChanges(last_name="New"), tags=["x"], viewers=[foreign.id])
    with pytest.raises(ValidationFailed) as caught:
        await write(context, ours, None, profile)
    assert [e.field for e in caught.value.errors] == ["viewers.0"]
    assert await row_counts(read, ours.business_id) == before


async def test_the_rules_apply_to_the_client_row(context: Any, tenant: Any, read: Any) -> None:
    who = await tenant_for(context, tenant)
    before = await row_counts(read, who.business_id)
    with pytest.raises(ValidationFailed):
        await run(
            context,
            lambda s: client_profiles.write(
                s,
                who,
                None,
                ClientProfile(changes=ClientChanges(first_name="F"), tags=["t"]),
                rules=ClientRules(required=("last_name",)),
            ),
        )
    assert await row_counts(read, who.business_id) == before
