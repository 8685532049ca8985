"""`clientbook reservable-products` and `clientbook stores`: operators set up what the APIs only read."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import Clientbook, created_tenant


async def _business(clientbook: Clientbook) -> tuple[str, str]:
    made = await created_tenant(clientbook, "Physio Plus", "Main")
    return made["business"]["account_number"], str(made["branches"][0]["id"])


async def _products(clientbook: Clientbook, number: str) -> list[dict[str, Any]]:
    done = await clientbook("reservable-products", "list", "--business", number, "--json")
    assert done.exit_code == 0, done.stderr
    products: list[dict[str, Any]] = json.loads(done.stdout)
    return products


async def test_an_operator_adds_a_product_changes_its_hours_and_removes_it(clientbook: Clientbook) -> None:
    number, _store = await _business(clientbook)
    hours = ["--hours", "MON-FRI 09:00-12:00,13:00-17:00", "--hours", "SAT 09:00-12:00"]
    added = await clientbook(
        "reservable-products", "add", "Physiotherapy", "--minutes", "45", *hours, "--business", number
    )
    assert added.exit_code == 0, added.stderr
    [product] = await _products(clientbook, number)
    assert (product["name"], product["duration_minutes"], product["capacity"]) == ("Physiotherapy", 45, 1)
    assert len(product["opening_hours"]) == 11  # five weekdays twice, Saturday once
    assert product["opening_hours"][0] == {"day": "MON", "from": "09:00", "to": "12:00"}
    changed = await clientbook(
        "reservable-products", "hours", str(product["id"]), "--hours", "SUN 10:00-11:00", "--business", number
    )
    assert changed.exit_code == 0, changed.stderr
    [product] = await _products(clientbook, number)
    assert product["opening_hours"] == [{"day": "SUN", "from": "10:00", "to": "11:00"}]
    removed = await clientbook("reservable-products", "remove", str(product["id"]), "--business", number)
    assert removed.exit_code == 0
    assert await _products(clientbook, number) == []


async def test_hours_that_close_before_they_open_are_refused_and_nothing_is_added(clientbook: Clientbook) -> None:
    number, _store = await _business(clientbook)
    refused = await clientbook(
        "reservable-products", "add", "X", "--minutes", "30", "--hours", "MON 12:00-09:00", "--business", number
    )
    assert refused.exit_code == 2
    assert "closes after it opens" in refused.stderr
    assert await _products(clientbook, number) == []


async def test_an_operator_adds_a_store_group_places_a_store_and_adds_a_property(clientbook: Clientbook) -> None:
    number, store = await _business(clientbook)
    group = await clientbook("stores", "group-add", "North region", "--business", number)
    assert group.exit_code == 0, group.stderr
    group_id = group.stdout.split("id=")[1].rstrip(")\n")
    assert (await clientbook("stores", "place", store, group_id, "--business", number)).exit_code == 0
    assert (await clientbook("stores", "place", store, "999999", "--business", number)).exit_code == 2
    prop = await clientbook(
        "stores", "property-add", "Region", "--type", "list", "--choice", "north", "--business", number
    )
    assert prop.exit_code == 0, prop.stderr
    unknown_type = await clientbook("stores", "property-add", "X", "--type", "COLOUR", "--business", number)
    assert unknown_type.exit_code == 2
