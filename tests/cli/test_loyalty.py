"""`clientbook loyalty <kind> list | add | rename`: operators manage the reference records the APIs only read."""

from __future__ import annotations

import json

from tests.cli.conftest import Clientbook, created_tenant


async def test_an_operator_lists_adds_and_renames_point_types_credit_types_and_partners(clientbook: Clientbook) -> None:
    number = (await created_tenant(clientbook, "Physio Plus"))["business"]["account_number"]
    added = await clientbook("loyalty", "point-types", "add", "Gift points", "--business", number)
    assert added.exit_code == 0, added.stderr
    assert "text_id=gift_points" in added.stdout
    taken = await clientbook("loyalty", "point-types", "add", "Gift  Points", "--business", number)
    assert (taken.exit_code, "text_id" in taken.stderr) == (2, True)
    listed = json.loads((await clientbook("loyalty", "point-types", "list", "--business", number, "--json")).stdout)
    assert [(t["name"], t["default"]) for t in listed] == [("Loyalty points", True), ("Gift points", False)]
    partners = await clientbook("loyalty", "partners", "list", "--business", number, "--json")
    partner = json.loads(partners.stdout)[0]
    renamed = await clientbook("loyalty", "partners", "rename", str(partner["id"]), "Physio Plus", "--business", number)
    assert renamed.exit_code == 0, renamed.stderr
    partners = await clientbook("loyalty", "partners", "list", "--business", number, "--json")
    assert [(p["name"], p["text_id"]) for p in json.loads(partners.stdout)] == [("Physio Plus", "own")]
    credit_types = await clientbook("loyalty", "credit-types", "list", "--business", number, "--json")
    assert [t["name"] for t in json.loads(credit_types.stdout)] == ["Credits"]
    unknown = await clientbook("loyalty", "credit-types", "list", "--business", "no-such-business")
    assert unknown.exit_code == 2


async def test_an_operator_lists_and_renames_reward_types_but_adds_none(clientbook: Clientbook) -> None:
    number = (await created_tenant(clientbook, "Cafe"))["business"]["account_number"]
    listed = json.loads((await clientbook("loyalty", "reward-types", "list", "--business", number, "--json")).stdout)
    assert [t["behaviour"] for t in listed] == ["fixed_discount", "percentage", "final_price", "gift_card"]
    gift = listed[3]["id"]
    renamed = await clientbook("loyalty", "reward-types", "rename", str(gift), "Dárková karta", "--business", number)
    assert renamed.exit_code == 0, renamed.stderr
    after = json.loads((await clientbook("loyalty", "reward-types", "list", "--business", number, "--json")).stdout)
    assert (after[3]["id"], after[3]["name"]) == (gift, "Dárková karta")
    blank = await clientbook("loyalty", "reward-types", "rename", str(gift), " ", "--business", number)
    assert blank.exit_code == 2
    assert (await clientbook("loyalty", "reward-types", "add", "Free cake", "--business", number)).exit_code != 0


async def test_an_operator_sets_what_purchases_earn(clientbook: Clientbook) -> None:
    number = (await created_tenant(clientbook, "Shop"))["business"]["account_number"]

    async def listed(kind: str) -> list[dict[str, object]]:
        done = await clientbook("loyalty", kind, "list", "--business", number, "--json")
        assert done.exit_code == 0, done.stderr
        rows: list[dict[str, object]] = json.loads(done.stdout)
        return rows

    rules = await listed("earning-rules")
    assert [(r["purchase_type_id"], r["points_per_unit"]) for r in rules] == [(None, 1)]
    types = await listed("purchase-types")
    assert [(t["text_id"], t["default"]) for t in types] == [("store", True), ("eshop", False), ("mobile_app", False)]
    eshop = str(types[1]["id"])
    done = await clientbook("loyalty", "earning-rules", "set", "2.5", "--purchase-type", eshop, "--business", number)
    assert done.exit_code == 0, done.stderr
    assert (await clientbook("loyalty", "earning-rules", "set", "0.5", "--business", number)).exit_code == 0
    rules = await listed("earning-rules")
    assert [(r["purchase_type_id"], r["points_per_unit"]) for r in rules] == [(None, 0.5), (int(eshop), 2.5)]
    refused = await clientbook("loyalty", "earning-rules", "set", "-1", "--business", number)
    assert (refused.exit_code, "points_per_unit" in refused.stderr) == (2, True)
    items = await listed("purchase-item-types")
    item = str(items[0]["id"])
    turned = await clientbook("loyalty", "earning-rules", "item-type", item, "--no-earns", "--business", number)
    assert turned.exit_code == 0, turned.stderr
    added = await clientbook("loyalty", "payment-types", "add", "Meal vouchers", "--business", number)
    assert added.exit_code == 0, added.stderr
