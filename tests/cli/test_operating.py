"""The operator's commands end to end: db status/upgrade, tenant list/show, accounts, SMS retry and unmatched."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner, Result

from clientbook.cli import app
from clientbook.context import Context
from clientbook.core import accounts, messages, staff
from clientbook.core.errors import LoginFailed
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Tenant
from clientbook.store.models import Event, Message, StaffAccount
from tests.conftest import POSTGRES_URL, SECRET_KEY, TenantFactory, _create_postgres_database
from tests.helpers import Read
from tests.phones import unique_mobile

from .conftest import Clientbook


@pytest.fixture
async def new_database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    assert POSTGRES_URL
    url, drop = await _create_postgres_database(POSTGRES_URL)
    yield url
    await drop()


async def _run(url: str, *args: str) -> Result:
    env = {"CLIENTBOOK_DATABASE_URL": url, "CLIENTBOOK_SECRET_KEY": SECRET_KEY}

    def call() -> Result:
        return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)

    return await asyncio.to_thread(call)


async def test_db_upgrade_names_what_it_applied_and_then_that_nothing_was_left(new_database_url: str) -> None:
    before = await _run(new_database_url, "db", "status")
    assert before.exit_code == 1
    assert "current: none" in before.stdout
    assert "pending:" in before.stdout
    assert "0001  initial schema" in before.stdout

    first = await _run(new_database_url, "db", "upgrade")
    assert first.exit_code == 0, first.stdout
    assert first.stdout.startswith("applied ")
    assert "from an empty database to " in first.stdout
    assert "up to date" not in first.stdout
    assert "0001  initial schema" in first.stdout

    again = await _run(new_database_url, "db", "upgrade")
    assert again.exit_code == 0
    assert again.stdout.startswith("already at ")

    after = await _run(new_database_url, "db", "status")
    assert after.exit_code == 0
    current = after.stdout.splitlines()[0].removeprefix("current:").strip()
    head = after.stdout.splitlines()[1].removeprefix("head:").strip()
    assert current == head
    assert "up to date" in after.stdout


async def test_tenant_list_and_show_name_businesses_branches_and_key_ids_but_no_secret(
    clientbook: Clientbook, make_tenant: TenantFactory
) -> None:
    made = await make_tenant(name=f"Listed {uuid.uuid4().hex[:6]}", branches=("North", "South"))
    listed = await clientbook("tenant", "list", "--json")
    assert listed.exit_code == 0
    row = next(r for r in json.loads(listed.stdout) if r["id"] == made["business"]["id"])
    assert row == {**made["business"], "branches": 2}

    shown = await clientbook("tenant", "show", made["business"]["account_number"])
    assert shown.exit_code == 0, shown.stderr
    assert made["business"]["name"] in shown.stdout
    for branch in made["branches"]:
        assert branch["account_number"] in shown.stdout
    assert made["credentials"]["wiredclient"]["api_key"] in shown.stdout
    assert "tokens webcamconsult/api: 1 live" in shown.stdout
    secrets = [
        made["credentials"]["wiredclient"]["api_password"],
        made["credentials"]["timetap"]["private_key"],
        made["credentials"]["webcamconsult"]["token"],
        made["credentials"]["carecloud"]["password"],
    ]
    assert not [s for s in secrets if s in shown.stdout]


async def test_tenant_show_of_an_unknown_number_is_refused(clientbook: Clientbook) -> None:
    shown = await clientbook("tenant", "show", str(uuid.uuid4()))
    assert shown.exit_code == 2
    assert "Invalid business account number" in shown.stderr


async def _staff_member(context: Context, business_id: int) -> int:
    async with context.db.transaction() as session:
        member = await staff.create(
            session, Tenant(business_id, actor="test"), StaffChanges(first_name="Ann", last_name="Lee")
        )
        return member.id


async def _account(read: Read, business_id: int, name: str) -> StaffAccount | None:
    async def query(session: AsyncSession) -> StaffAccount | None:
        statement = select(StaffAccount).where(
            StaffAccount.business_id == business_id, StaffAccount.account_name == name
        )
        found: StaffAccount | None = await session.scalar(statement)
        return found

    found: StaffAccount | None = await read(query)
    return found


async def _signs_in(context: Context, business_id: int, name: str, password: str) -> bool:
    async with context.db.transaction() as session:
        try:
            await accounts.authenticate(session, Tenant(business_id), name, password)
        except LoginFailed:
            return False
        return True


async def test_account_create_reads_the_password_from_stdin_and_set_password_changes_it(
    clientbook: Clientbook, tenant: dict[str, Any], context: Context, read: Read
) -> None:
    business = tenant["business"]
    member = await _staff_member(context, business["id"])
    made = await clientbook(
        "account", "create", "--business", business["account_number"], "--staff-id", str(member),
        "--account-name", "ann", "--password-stdin", input="first-password\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert await _signs_in(context, business["id"], "ann", "first-password")

    changed = await clientbook(
        "account", "set-password", "--business", business["account_number"], "ann", "--password-stdin",
        input="second-password\n",
    )  # fmt: skip
    assert changed.exit_code == 0, changed.stderr
    assert "second-password" not in changed.stdout
    assert await _signs_in(context, business["id"], "ann", "second-password")
    assert not await _signs_in(context, business["id"], "ann", "first-password")
    account = await _account(read, business["id"], "ann")
    assert account is not None
    assert "second-password" not in account.password_hash


async def test_set_password_prompts_twice_and_refuses_a_mismatch_or_a_short_one(
    clientbook: Clientbook, tenant: dict[str, Any], context: Context
) -> None:
    business = tenant["business"]
    member = await _staff_member(context, business["id"])
    async with context.db.transaction() as session:
        await accounts.create(session, Tenant(business["id"]), member, "bo", "original-pw")
    number = business["account_number"]
    prompted = await clientbook(
        "account", "set-password", "--business", number, "bo", input="prompted-pw\nprompted-pw\n"
    )
    assert prompted.exit_code == 0, prompted.stderr
    assert await _signs_in(context, business["id"], "bo", "prompted-pw")

    short = await clientbook("account", "set-password", "--business", number, "bo", "--password-stdin", input="short\n")
    assert short.exit_code == 2
    assert "password must be at least" in short.stderr
    assert await _signs_in(context, business["id"], "bo", "prompted-pw")


async def test_account_list_and_disable(clientbook: Clientbook, tenant: dict[str, Any], context: Context) -> None:
    business = tenant["business"]
    member = await _staff_member(context, business["id"])
    async with context.db.transaction() as session:
        await accounts.create(session, Tenant(business["id"]), member, "cy", "cy-password")
    number = business["account_number"]
    listed = json.loads((await clientbook("account", "list", "--business", number, "--json")).stdout)
    assert [{k: v for k, v in row.items() if k != "id"} for row in listed] == [
        {"account_name": "cy", "staff_id": member, "staff": "Ann Lee", "state": "active"}
    ]
    disabled = await clientbook("account", "disable", "--business", number, "cy")
    assert disabled.exit_code == 0, disabled.stderr
    assert not await _signs_in(context, business["id"], "cy", "cy-password")
    assert json.loads((await clientbook("account", "list", "--business", number, "--json")).stdout)[0]["state"] == (
        "disabled"
    )
    again = await clientbook("account", "disable", "--business", number, "cy")
    assert again.exit_code == 2
    assert "No live account named cy" in again.stderr


async def test_sms_retry_queues_a_failed_message_again_and_refuses_other_states(
    clientbook: Clientbook, make_tenant: TenantFactory, context: Context, read: Read
) -> None:
    made = await make_tenant()
    other = await make_tenant()
    tenant = Tenant(made["business"]["id"], actor="test")
    member = await _staff_member(context, tenant.business_id)
    async with context.db.transaction() as session:
        await staff.update(session, tenant, member, StaffChanges(mobile_phone="+14155550111"))
        sent = await messages.send_to_staff(session, tenant, member, "hello")
        message_id = sent.message.id
    number = made["business"]["account_number"]
    queued = await clientbook("sms", "retry", str(message_id), "--business", number)
    assert queued.exit_code == 2
    assert "is queued, not failed" in queued.stderr

    async def fail(session: AsyncSession) -> None:
        message = await session.get(Message, (tenant.business_id, message_id))
        assert message is not None
        message.status, message.attempts, message.error = "failed", 5, "provider said no"

    await read(fail)
    theirs = await clientbook("sms", "retry", str(message_id), "--business", other["business"]["account_number"])
    assert theirs.exit_code == 2
    retried = await clientbook("sms", "retry", str(message_id), "--business", number)
    assert retried.exit_code == 0, retried.stderr
    stored = await read(lambda s: s.get(Message, (tenant.business_id, message_id)))
    assert (stored.status, stored.attempts, stored.error) == ("queued", 0, None)
    events = await read(
        lambda s: s.scalars(
            select(Event.action).where(
                Event.business_id == tenant.business_id, Event.entity_id == message_id, Event.entity == "message"
            )
        )
    )
    assert "retried" in list(events)


async def test_sms_unmatched_lists_what_no_business_claimed(clientbook: Clientbook, context: Context) -> None:
    sender = unique_mobile()  # a number no client of any business in the run has
    async with context.db.transaction() as session:
        kept = await messages.receive(
            session, from_number=sender, to_number="+15005550006", body="who is this", provider_message_id=None
        )
    assert kept is None
    listed = await clientbook("sms", "unmatched", "--json", "--limit", "500")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {"from": sender, "to": "+15005550006", "body": "who is this"}.items() <= next(
        r for r in rows if r["from"] == sender
    ).items()


async def test_account_create_still_takes_password_on_the_command_line_or_a_prompt(
    clientbook: Clientbook, tenant: dict[str, Any], context: Context
) -> None:
    business = tenant["business"]
    member = await _staff_member(context, business["id"])
    number, staff_id = business["account_number"], str(member)
    old = await clientbook("account", "create", "--business", number, "--staff-id", staff_id,
                           "--account-name", "legacy", "--password", "legacy-password")  # fmt: skip
    assert old.exit_code == 0, old.stderr
    assert await _signs_in(context, business["id"], "legacy", "legacy-password")
    prompted = await clientbook("account", "create", "--business", number, "--staff-id", staff_id,
                                "--account-name", "asked", input="asked-password\nasked-password\n")  # fmt: skip
    assert prompted.exit_code == 0, prompted.stderr
    assert await _signs_in(context, business["id"], "asked", "asked-password")
    mismatch = await clientbook("account", "create", "--business", number, "--staff-id", staff_id,
                                "--account-name", "typo", input="one-password\nother-password\n")  # fmt: skip
    assert mismatch.exit_code != 0
    assert not await _signs_in(context, business["id"], "typo", "one-password")
