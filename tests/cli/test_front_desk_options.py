"""`clientbook tenant create --handle` and `clientbook account create --admin` (issue 17: the login page's short
business handle, the web app's admin role)."""

from __future__ import annotations

import json

from sqlalchemy import select

from clientbook.context import Context
from clientbook.store.models import Business, StaffAccount
from tests.cli.conftest import Clientbook
from tests.web.factories import make_staff


async def test_the_cli_sets_the_handle_and_the_admin_role(clientbook: Clientbook, context: Context) -> None:
    made = await clientbook("tenant", "create", "--name", "Cli Handle", "--handle", "cli-handle", "--json")
    assert made.exit_code == 0, made.output
    business = json.loads(made.stdout)["business"]
    async with context.db.transaction() as session:
        stored = await session.get(Business, business["id"])
        assert stored is not None
        assert stored.handle == "cli-handle"
    member = await make_staff(context, {"business": business}, "Ann", "Admin")
    created = await clientbook(
        "account", "create", "--business", "cli-handle", "--staff-id", str(member), "--account-name", "ann",
        "--password", "long enough", "--admin",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    async with context.db.transaction() as session:
        rows = await session.scalars(select(StaffAccount).where(StaffAccount.business_id == business["id"]))
        assert [(a.account_name, a.is_admin) for a in rows] == [("ann", True)]
