"""Core client rules, independent of any dialect."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from clientbook.core import clients, tenants
from clientbook.core.clients import ClientChanges, ClientRules
from clientbook.core.errors import ClientDeleted, ClientNotFound, DuplicateMobile, Reason, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Event


async def tenant_for(context: Any, tenant_json: dict[str, Any]) -> Tenant:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        return tenants.tenant_of(business, actor="test")


async def run(context: Any, work: Any) -> Any:
    async with context.db.transaction() as session:
        return await work(session)


class TestCreate:
    async def test_full_name_follows_first_and_last_name(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await run(context, lambda s: clients.create(s, who, ClientChanges(first_name="Ada", last_name="King")))
        assert client.full_name == "Ada King"
        updated = await run(context, lambda s: clients.update(s, who, client.id, ClientChanges(last_name="Lovelace")))
        assert updated.full_name == "Ada Lovelace"

    async def test_an_explicit_full_name_wins(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await run(
            context,
            lambda s: clients.create(
                s, who, ClientChanges(first_name="Ada", last_name="King", full_name="Countess Lovelace")
            ),
        )
        assert client.full_name == "Countess Lovelace"

    async def test_every_bad_field_is_named_at_once(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        with pytest.raises(ValidationFailed) as caught:
            await run(
                context,
                lambda s: clients.create(
                    s, who, ClientChanges(email="nope", mobile_phone="abc"), rules=ClientRules(required=("last_name",))
                ),
            )
        assert {(e.field, e.reason) for e in caught.value.errors} == {
            ("last_name", Reason.REQUIRED),
            ("email", Reason.INVALID_FORMAT),
            ("mobile_phone", Reason.INVALID_FORMAT),
        }

    @pytest.mark.parametrize("bad", ["A\x00B", "A\ud800"])
    async def test_text_no_backend_stores_alike_is_refused_naming_the_field(
        self, context: Any, tenant: Any, bad: str
    ) -> None:
        """NUL and lone surrogates (from a web form, the CLI, any dialect): refused on SQLite as on PostgreSQL."""
        who = await tenant_for(context, tenant)
        with pytest.raises(ValidationFailed) as caught:
            await run(context, lambda s: clients.create(s, who, ClientChanges(first_name="Ada", last_name=bad)))
        assert [(e.field, e.reason) for e in caught.value.errors] == [("last_name", Reason.INVALID_FORMAT)]

    async def test_phone_numbers_are_read_in_the_business_region(self, context: Any, make_tenant: Any) -> None:
        dutch = await tenant_for(context, await make_tenant(name="Praktijk", default_region="NL"))
        client = await run(
            context, lambda s: clients.create(s, dutch, ClientChanges(last_name="V", mobile_phone="06 12345678"))
        )
        assert client.mobile_phone == "+31612345678"

    async def test_duplicate_mobiles_are_refused_only_when_the_caller_asks(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        await run(context, lambda s: clients.create(s, who, ClientChanges(last_name="A", mobile_phone="+14155550300")))
        twin = await run(
            context, lambda s: clients.create(s, who, ClientChanges(last_name="B", mobile_phone="+14155550300"))
        )
        assert twin.mobile_phone == "+14155550300"
        with pytest.raises(DuplicateMobile):
            await run(
                context,
                lambda s: clients.create(
                    s,
                    who,
                    ClientChanges(last_name="C", mobile_phone="+14155550300"),
                    rules=ClientRules(refuse_duplicate_mobile=True),
                ),
            )

    async def test_every_write_records_an_event(self, context: Any, tenant: Any, read: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await run(context, lambda s: clients.create(s, who, ClientChanges(last_name="Evented")))
        await run(context, lambda s: clients.update(s, who, client.id, ClientChanges(first_name="E")))
        await run(context, lambda s: clients.delete(s, who, client.id))
        events = list(
            await read(
                lambda s: s.scalars(
                    select(Event)
                    .where(Event.business_id == who.business_id, Event.entity == "client", Event.entity_id == client.id)
                    .order_by(Event.id)
                )
            )
        )
        assert [(e.action, e.actor) for e in events] == [("created", "test"), ("updated", "test"), ("deleted", "test")]
        assert events[0].changes["last_name"] == "Evented"


class TestIsolationAndDeletion:
    async def test_another_business_client_is_not_found(self, context: Any, make_tenant: Any) -> None:
        ours = await tenant_for(context, await make_tenant(name="Ours"))
        theirs = await tenant_for(context, await make_tenant(name="Theirs"))
        client = await run(context, lambda s: clients.create(s, theirs, ClientChanges(last_name="Private")))
        with pytest.raises(ClientNotFound):
            await run(context, lambda s: clients.get(s, ours, client.id))
        with pytest.raises(ClientNotFound):
            await run(context, lambda s: clients.update(s, ours, client.id, ClientChanges(last_name="Stolen")))

    async def test_deleted_clients_are_kept_but_refuse_updates(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await run(context, lambda s: clients.create(s, who, ClientChanges(last_name="Soon gone")))
        await run(context, lambda s: clients.delete(s, who, client.id))
        with pytest.raises(ClientDeleted):
            await run(context, lambda s: clients.update(s, who, client.id, ClientChanges(last_name="Back")))
        kept = await run(context, lambda s: clients.get(s, who, client.id, include_deleted=True))
        assert kept.deleted_at is not None

    async def test_a_refused_update_changes_nothing(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await run(context, lambda s: clients.create(s, who, ClientChanges(last_name="Stable", city="Oslo")))
        with pytest.raises(ValidationFailed):
            await run(context, lambda s: clients.update(s, who, client.id, ClientChanges(city="Bergen", email="bad")))
        assert (await run(context, lambda s: clients.get(s, who, client.id))).city == "Oslo"
