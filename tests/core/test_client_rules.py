"""The rules a dialect asks the core for with `ClientRules` flags (e-mail uniqueness), independent of any dialect."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.core import clients, tenants
from clientbook.core.clients import ClientChanges, ClientRules
from clientbook.core.errors import DuplicateEmail
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Client

UNIQUE_EMAIL = ClientRules(refuse_duplicate_email=True)


async def tenant_for(context: Any, tenant_json: dict[str, Any]) -> Tenant:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant_json["business"]["id"])
        return tenants.tenant_of(business, actor="test")


async def run(context: Any, work: Any) -> Any:
    async with context.db.transaction() as session:
        return await work(session)


async def create(context: Any, who: Tenant, rules: ClientRules = UNIQUE_EMAIL, **values: Any) -> Client:
    client: Client = await run(context, lambda s: clients.create(s, who, ClientChanges(**values), rules=rules))
    return client


async def with_email(read: Any, business_id: int, email: str) -> int:
    found = await read(
        lambda s: s.scalar(
            select(func.count())
            .select_from(Client)
            .where(Client.business_id == business_id, Client.email_normalized == email.lower())
        )
    )
    return int(found)


class TestUniqueEmail:
    async def test_a_taken_email_is_refused_in_any_case_only_when_the_caller_asks(
        self, context: Any, tenant: Any, read: Any
    ) -> None:
        who = await tenant_for(context, tenant)
        await create(context, who, last_name="A", email="ada@example.com")
        await create(context, who, ClientRules(), last_name="B", email="ADA@example.com")
        with pytest.raises(DuplicateEmail) as caught:
            await create(context, who, last_name="C", email=" Ada@Example.com ")
        assert (caught.value.field, caught.value.data["value"]) == ("email", " Ada@Example.com ")
        assert await with_email(read, who.business_id, "ada@example.com") == 2

    async def test_an_update_may_keep_its_own_email_but_not_take_another(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        first = await create(context, who, last_name="A", email="first@example.com")
        second = await create(context, who, last_name="B", email="second@example.com")
        kept = await run(
            context,
            lambda s: clients.update(s, who, second.id, ClientChanges(email="SECOND@example.com"), rules=UNIQUE_EMAIL),
        )
        assert kept.email == "SECOND@example.com"
        with pytest.raises(DuplicateEmail):
            await run(
                context,
                lambda s: clients.update(
                    s, who, second.id, ClientChanges(email="First@example.com"), rules=UNIQUE_EMAIL
                ),
            )
        assert (await run(context, lambda s: clients.get(s, who, second.id))).email == "SECOND@example.com"
        assert (await run(context, lambda s: clients.get(s, who, first.id))).email == "first@example.com"

    async def test_a_deleted_client_or_another_business_does_not_hold_the_email(
        self, context: Any, make_tenant: Any
    ) -> None:
        ours = await tenant_for(context, await make_tenant(name="Ours"))
        theirs = await tenant_for(context, await make_tenant(name="Theirs"))
        gone = await create(context, ours, last_name="Gone", email="free@example.com")
        await run(context, lambda s: clients.delete(s, ours, gone.id))
        await create(context, theirs, last_name="Elsewhere", email="free@example.com")
        again = await create(context, ours, last_name="New", email="free@example.com")
        assert again.email == "free@example.com"

    async def test_concurrent_creates_of_one_email_let_exactly_one_through(
        self, context: Any, tenant: Any, read: Any
    ) -> None:
        """Each create runs in its own transaction, side by side on PostgreSQL: the lock makes them take turns."""
        who = await tenant_for(context, tenant)
        results = await asyncio.gather(
            *(create(context, who, last_name=f"R{i}", email="Race@example.com") for i in range(6)),
            return_exceptions=True,
        )
        refused = [r for r in results if isinstance(r, DuplicateEmail)]
        assert (len(refused), len(results) - len(refused)) == (5, 1)
        assert await with_email(read, who.business_id, "race@example.com") == 1
