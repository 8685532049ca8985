"""`clientbook statuses` and `clientbook customer-properties`: an operator tunes the status rule and defines the
customer properties the CareCloud API only reads."""

from __future__ import annotations

import json

from tests.cli.conftest import Clientbook, created_tenant


async def test_an_operator_lists_the_tiers_and_changes_what_earns_one(clientbook: Clientbook) -> None:
    number = (await created_tenant(clientbook, "Physio Plus"))["business"]["account_number"]
    tiers = json.loads((await clientbook("statuses", "list", "--business", number, "--json")).stdout)
    assert [t["text_id"] for t in tiers] == ["basic", "silver", "gold"]
    changed = await clientbook(
        "statuses", "set", "silver", "--turnover", "750.50", "--months", "6", "--business", number
    )
    assert changed.exit_code == 0, changed.stderr
    silver = json.loads((await clientbook("statuses", "list", "--business", number, "--json")).stdout)[1]
    assert (silver["turnover"], silver["qualification_months"], silver["validity_months"]) == ("750.5", 6, 12)
    refused = await clientbook("statuses", "set", "silver", "--qualification", "sometimes", "--business", number)
    assert refused.exit_code == 2
    assert "qualification must be one of" in refused.stderr
    assert (await clientbook("statuses", "set", "platinum", "--rank", "3", "--business", number)).exit_code == 2


async def test_an_operator_adds_a_customer_property(clientbook: Clientbook) -> None:
    number = (await created_tenant(clientbook, "Physio Plus"))["business"]["account_number"]
    added = await clientbook(
        "customer-properties", "add", "Colour", "--type", "list", "--choice", "Blue", "--business", number
    )
    assert added.exit_code == 0, added.stderr
    assert "added (id=" in added.stdout
    unknown_type = await clientbook("customer-properties", "add", "X", "--type", "COLOUR", "--business", number)
    assert unknown_type.exit_code == 2
