"""`clientbook reservable-products` and `clientbook stores`: operators set up what the APIs only read."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_tenant import cli


def _business(url: str) -> tuple[str, str]:
    assert cli(url, "db", "upgrade").returncode == 0
    made = json.loads(cli(url, "tenant", "create", "--name", "Physio Plus", "--branch", "Main", "--json").stdout)
    return made["business"]["account_number"], str(made["branches"][0]["id"])


def test_an_operator_adds_a_product_changes_its_hours_and_removes_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    number, _store = _business(url)
    hours = ["--hours", "MON-FRI 09:00-12:00,13:00-17:00", "--hours", "SAT 09:00-12:00"]
    added = cli(url, "reservable-products", "add", "Physiotherapy", "--minutes", "45", *hours, "--business", number)
    assert added.returncode == 0, added.stderr
    [product] = json.loads(cli(url, "reservable-products", "list", "--business", number, "--json").stdout)
    assert (product["name"], product["duration_minutes"], product["capacity"]) == ("Physiotherapy", 45, 1)
    assert len(product["opening_hours"]) == 11  # five weekdays twice, Saturday once
    assert product["opening_hours"][0] == {"day": "MON", "from": "09:00", "to": "12:00"}
    changed = cli(
        url, "reservable-products", "hours", str(product["id"]), "--hours", "SUN 10:00-11:00", "--business", number
    )
    assert changed.returncode == 0, changed.stderr
    [product] = json.loads(cli(url, "reservable-products", "list", "--business", number, "--json").stdout)
    assert product["opening_hours"] == [{"day": "SUN", "from": "10:00", "to": "11:00"}]
    assert cli(url, "reservable-products", "remove", str(product["id"]), "--business", number).returncode == 0
    assert json.loads(cli(url, "reservable-products", "list", "--business", number, "--json").stdout) == []


def test_hours_that_close_before_they_open_are_refused_and_nothing_is_added(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    number, _store = _business(url)
    refused = cli(
        url, "reservable-products", "add", "X", "--minutes", "30", "--hours", "MON 12:00-09:00", "--business", number
    )
    assert refused.returncode == 2
    assert "closes after it opens" in refused.stderr
    assert json.loads(cli(url, "reservable-products", "list", "--business", number, "--json").stdout) == []


def test_an_operator_adds_a_store_group_places_a_store_and_adds_a_property(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    number, store = _business(url)
    group = cli(url, "stores", "group-add", "North region", "--business", number)
    assert group.returncode == 0, group.stderr
    group_id = group.stdout.split("id=")[1].rstrip(")\n")
    assert cli(url, "stores", "place", store, group_id, "--business", number).returncode == 0
    assert cli(url, "stores", "place", store, "999999", "--business", number).returncode == 2
    prop = cli(url, "stores", "property-add", "Region", "--type", "list", "--choice", "north", "--business", number)
    assert prop.returncode == 0, prop.stderr
    assert cli(url, "stores", "property-add", "X", "--type", "COLOUR", "--business", number).returncode == 2
