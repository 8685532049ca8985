"""The installed `clientbook` command runs each command group the in-process tests drive through Typer's runner.

One real process per group (a Python start and an import of every dialect cost seconds of CPU on the CI machine):
what it prints and its exit code are those of the same command run in process. The groups whose tests already run
the installed command (tenant, webhook, import, db, demo, serve) are not repeated here."""

from __future__ import annotations

import asyncio

import pytest

from clientbook.config import Settings
from tests.cli.conftest import Clientbook, created_tenant
from tests.servers import cli

# A command of each group that writes nothing, so running it twice gives the same answer: a list, or (for a group
# without one) a refusal.
COMMANDS = {
    "loyalty": ("loyalty", "point-types", "list", "--json"),
    "statuses": ("statuses", "list", "--json"),
    "reservable-products": ("reservable-products", "list", "--json"),
    "customer-properties": ("customer-properties", "add", "X", "--type", "COLOUR"),
    "stores": ("stores", "group-add", " "),
}


@pytest.mark.parametrize("group", COMMANDS)
async def test_the_installed_command_answers_as_the_group_does_in_process(
    group: str, clientbook: Clientbook, settings: Settings
) -> None:
    business = (await created_tenant(clientbook, "Entry Point", "Main"))["business"]["account_number"]
    command = (*COMMANDS[group], "--business", business)
    in_process = await clientbook(*command)
    installed = await asyncio.to_thread(cli, {"CLIENTBOOK_DATABASE_URL": settings.database_url}, *command)
    assert (installed.returncode, installed.stdout, installed.stderr) == (
        in_process.exit_code,
        in_process.stdout,
        in_process.stderr,
    )
    assert (in_process.exit_code == 0) == (COMMANDS[group][-1] == "--json"), in_process.output
