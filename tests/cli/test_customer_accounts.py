"""`clientbook statuses` and `clientbook customer-properties`: an operator tunes the status rule and defines the
customer properties the CareCloud API only reads."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_tenant import cli


def _business(url: str) -> str:
    assert cli(url, "db", "upgrade").returncode == 0
    made = json.loads(cli(url, "tenant", "create", "--name", "Physio Plus", "--json").stdout)
    number: str = made["business"]["account_number"]
    return number


def test_an_operator_lists_the_tiers_and_changes_what_earns_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    number = _business(url)
    tiers = json.loads(cli(url, "statuses", "list", "--business", number, "--json").stdout)
    assert [t["text_id"] for t in tiers] == ["basic", "silver", "gold"]
    changed = cli(url, "statuses", "set", "silver", "--turnover", "750.50", "--months", "6", "--business", number)
    assert changed.returncode == 0, changed.stderr
    silver = json.loads(cli(url, "statuses", "list", "--business", number, "--json").stdout)[1]
    assert (silver["turnover"], silver["qualification_months"], silver["validity_months"]) == ("750.5", 6, 12)
    refused = cli(url, "statuses", "set", "silver", "--qualification", "sometimes", "--business", number)
    assert refused.returncode == 2
    assert "qualification must be one of" in refused.stderr
    assert cli(url, "statuses", "set", "platinum", "--rank", "3", "--business", number).returncode == 2


def test_an_operator_adds_a_customer_property(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    number = _business(url)
    added = cli(url, "customer-properties", "add", "Colour", "--type", "list", "--choice", "Blue", "--business", number)
    assert added.returncode == 0, added.stderr
    assert "added (id=" in added.stdout
    assert cli(url, "customer-properties", "add", "X", "--type", "COLOUR", "--business", number).returncode == 2
