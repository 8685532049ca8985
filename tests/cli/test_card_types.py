"""`clientbook loyalty card-types`: an operator manages the card types integrators read through the CareCloud API."""

from __future__ import annotations

import json

from tests.cli.conftest import Clientbook, created_tenant


async def test_an_operator_adds_a_card_type_beside_the_default(clientbook: Clientbook) -> None:
    number = (await created_tenant(clientbook, "Physio Plus"))["business"]["account_number"]
    added = await clientbook("loyalty", "card-types", "add", "Členská karta", "--business", number)
    assert added.exit_code == 0, added.stderr
    listed = json.loads((await clientbook("loyalty", "card-types", "list", "--business", number, "--json")).stdout)
    assert [(t["name"], t["text_id"], t["default"]) for t in listed] == [
        ("Loyalty card", "loyalty_card", True),
        ("Členská karta", "clenska_karta", False),
    ]
