"""`clientbook loyalty card-types`: an operator manages the card types integrators read through the CareCloud API."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_tenant import cli


def test_an_operator_adds_a_card_type_beside_the_default(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    assert cli(url, "db", "upgrade").returncode == 0
    number = json.loads(cli(url, "tenant", "create", "--name", "Physio Plus", "--json").stdout)["business"][
        "account_number"
    ]
    added = cli(url, "loyalty", "card-types", "add", "Členská karta", "--business", number)
    assert added.returncode == 0, added.stderr
    listed = json.loads(cli(url, "loyalty", "card-types", "list", "--business", number, "--json").stdout)
    assert [(t["name"], t["text_id"], t["default"]) for t in listed] == [
        ("Loyalty card", "loyalty_card", True),
        ("Členská karta", "clenska_karta", False),
    ]
