"""The rules a dialect asks the core for with `ClientRules` flags (unique e-mail, password policy, code lists),
independent of any dialect."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, func, select

from clientbook.core import clients, customer_sources, passwords, tenants
from clientbook.core.clients import ClientChanges, ClientRules
from clientbook.core.errors import DuplicateEmail, FieldError, NotFound, Reason, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store.models import Business, Client, Event
from tests.helpers import row_counts

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


class TestPasswords:
    def test_one_policy_with_the_stronger_rules_as_flags(self) -> None:
        assert passwords.problem("long enough", passwords.STAFF) is None
        short = passwords.problem("short", passwords.STAFF)
        assert short is not None
        assert short.message == "password must be at least 8 characters"
        weak = passwords.problem("abc", passwords.STRONG)
        assert weak is not None
        assert weak.message == "password must contain at least 8 characters, a number, an uppercase letter"
        common = passwords.problem("PassWord1", passwords.STRONG)
        assert common is not None
        assert common.message == "password is too common"
        assert passwords.problem("Tr1cky-enough", passwords.STRONG) is None

    async def test_a_password_is_checked_by_the_policy_and_stored_only_as_its_hash(
        self, context: Any, tenant: Any, read: Any
    ) -> None:
        who = await tenant_for(context, tenant)
        strong = ClientRules(password_policy=passwords.STRONG)
        before = await row_counts(read, who.business_id)
        with pytest.raises(ValidationFailed) as caught:
            await create(context, who, strong, last_name="Weak", password="weakling")
        assert [(e.field, e.reason) for e in caught.value.errors] == [("password", Reason.INVALID_FORMAT)]
        assert await row_counts(read, who.business_id) == before
        client = await create(context, who, strong, last_name="Strong", password="Str0ng-pass")
        assert client.password_hash is not None
        assert client.password_hash.startswith("$argon2id$")
        assert passwords.verify_password("Str0ng-pass", client.password_hash)
        changes = await read(lambda s: s.scalars(select(Event.changes).where(Event.business_id == who.business_id)))
        assert all("password" not in c and "password_hash" not in c for c in changes)

    async def test_without_a_policy_any_password_is_taken_and_none_clears_it(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await create(context, who, ClientRules(), last_name="Any", password="a")
        assert passwords.verify_password("a", client.password_hash)
        cleared = await run(context, lambda s: clients.update(s, who, client.id, ClientChanges(password=None)))
        assert cleared.password_hash is None


CODES = ClientRules(language_codes=True, country_codes=True, phone_as_digits=True)


class TestCodeListsAndFormats:
    async def test_codes_are_checked_as_given_and_stored_normalized(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await create(
            context, who, CODES, last_name="Coded", language=" EN ", country=" cz ", mobile_phone="420601222333"
        )
        assert (client.language, client.country, client.mobile_phone) == ("en", "CZ", "+420601222333")

    async def test_every_bad_code_is_named_at_once_with_what_the_caller_refused(
        self, context: Any, tenant: Any, read: Any
    ) -> None:
        who = await tenant_for(context, tenant)
        before = await row_counts(read, who.business_id)
        theirs = FieldError("birthdate", Reason.INVALID_FORMAT, "birthdate must be a date")
        with pytest.raises(ValidationFailed) as caught:
            await run(
                context,
                lambda s: clients.create(
                    s,
                    who,
                    ClientChanges(last_name="X", language="xx", country="QQ", mobile_phone="+420601222333"),
                    rules=CODES,
                    refused=[theirs],
                ),
            )
        assert [(e.field, e.reason, e.value) for e in caught.value.errors] == [
            ("language", Reason.NOT_ALLOWED, "xx"),
            ("mobile_phone", Reason.INVALID_FORMAT, "+420601222333"),
            ("country", Reason.NOT_ALLOWED, "QQ"),
            ("birthdate", Reason.INVALID_FORMAT, None),
        ]
        assert await row_counts(read, who.business_id) == before

    async def test_without_the_flags_language_and_country_are_free_text(self, context: Any, tenant: Any) -> None:
        who = await tenant_for(context, tenant)
        client = await create(context, who, ClientRules(), last_name="Free", language="xx", country="Norway")
        assert (client.language, client.country) == ("xx", "Norway")

    async def test_an_unknown_customer_source_is_refused_when_the_caller_asks(
        self, context: Any, make_tenant: Any
    ) -> None:
        ours = await tenant_for(context, await make_tenant(name="Ours"))
        theirs = await tenant_for(context, await make_tenant(name="Theirs"))
        foreign = (await run(context, lambda s: customer_sources.ensure_defaults(s, theirs)))[0]
        rules = ClientRules(refuse_unknown_source=True)
        with pytest.raises(NotFound) as caught:
            await create(context, ours, rules, last_name="S", customer_source_id=foreign.id)
        assert caught.value.field == "customer_source_id"
        own = (await run(context, lambda s: customer_sources.ensure_defaults(s, ours)))[0]
        client = await create(context, ours, rules, last_name="S", customer_source_id=own.id)
        assert client.customer_source_id == own.id

    async def test_an_unknown_source_is_named_before_a_taken_email_and_checked_by_the_insert(
        self, context: Any, make_tenant: Any, read: Any
    ) -> None:
        ours = await tenant_for(context, await make_tenant(name="Ours"))
        own = (await run(context, lambda s: customer_sources.ensure_defaults(s, ours)))[0]
        rules = ClientRules(refuse_unknown_source=True, refuse_duplicate_email=True)
        await create(context, ours, rules, last_name="First", email="taken@example.com", customer_source_id=own.id)
        before = await row_counts(read, ours.business_id)
        with pytest.raises(NotFound) as caught:  # both wrong: the source is named, as when it had a query first
            await create(context, ours, rules, last_name="S", email="taken@example.com", customer_source_id=own.id + 99)
        assert (caught.value.field, caught.value.id) == ("customer_source_id", own.id + 99)
        with pytest.raises(DuplicateEmail):
            await create(context, ours, rules, last_name="S", email="taken@example.com", customer_source_id=own.id)
        assert await row_counts(read, ours.business_id) == before
        statements: list[str] = []

        def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        event.listen(context.db.engine.sync_engine, "before_cursor_execute", listen)
        try:
            await create(context, ours, rules, last_name="Second", email="free@example.com", customer_source_id=own.id)
        finally:
            event.remove(context.db.engine.sync_engine, "before_cursor_execute", listen)
        assert not [s for s in statements if s.lstrip().upper().startswith("SELECT") and "customer_sources" in s]
