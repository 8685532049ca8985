"""`clientbook loyalty <kind> list | add | rename`: operators manage the reference records the APIs only read."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_tenant import cli


def test_an_operator_lists_adds_and_renames_point_types_credit_types_and_partners(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    assert cli(url, "db", "upgrade").returncode == 0
    business = json.loads(cli(url, "tenant", "create", "--name", "Physio Plus", "--json").stdout)["business"]
    number = business["account_number"]
    added = cli(url, "loyalty", "point-types", "add", "Gift points", "--business", number)
    assert added.returncode == 0, added.stderr
    assert "text_id=gift_points" in added.stdout
    taken = cli(url, "loyalty", "point-types", "add", "Gift  Points", "--business", number)
    assert (taken.returncode, "text_id" in taken.stderr) == (2, True)
    listed = json.loads(cli(url, "loyalty", "point-types", "list", "--business", number, "--json").stdout)
    assert [(t["name"], t["default"]) for t in listed] == [("Loyalty points", True), ("Gift points", False)]
    partner = json.loads(cli(url, "loyalty", "partners", "list", "--business", number, "--json").stdout)[0]
    renamed = cli(url, "loyalty", "partners", "rename", str(partner["id"]), "Physio Plus", "--business", number)
    assert renamed.returncode == 0, renamed.stderr
    partners = json.loads(cli(url, "loyalty", "partners", "list", "--business", number, "--json").stdout)
    assert [(p["name"], p["text_id"]) for p in partners] == [("Physio Plus", "own")]
    credit_types = json.loads(cli(url, "loyalty", "credit-types", "list", "--business", number, "--json").stdout)
    assert [t["name"] for t in credit_types] == ["Credits"]
    unknown = cli(url, "loyalty", "credit-types", "list", "--business", "no-such-business")
    assert unknown.returncode == 2


def test_an_operator_lists_and_renames_reward_types_but_adds_none(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    assert cli(url, "db", "upgrade").returncode == 0
    number = json.loads(cli(url, "tenant", "create", "--name", "Cafe", "--json").stdout)["business"]["account_number"]
    listed = json.loads(cli(url, "loyalty", "reward-types", "list", "--business", number, "--json").stdout)
    assert [t["behaviour"] for t in listed] == ["fixed_discount", "percentage", "final_price", "gift_card"]
    gift = listed[3]["id"]
    renamed = cli(url, "loyalty", "reward-types", "rename", str(gift), "Dárková karta", "--business", number)
    assert renamed.returncode == 0, renamed.stderr
    after = json.loads(cli(url, "loyalty", "reward-types", "list", "--business", number, "--json").stdout)
    assert (after[3]["id"], after[3]["name"]) == (gift, "Dárková karta")
    assert cli(url, "loyalty", "reward-types", "rename", str(gift), " ", "--business", number).returncode == 2
    assert cli(url, "loyalty", "reward-types", "add", "Free cake", "--business", number).returncode != 0


def test_an_operator_sets_what_purchases_earn(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    assert cli(url, "db", "upgrade").returncode == 0
    number = json.loads(cli(url, "tenant", "create", "--name", "Shop", "--json").stdout)["business"]["account_number"]
    rules = json.loads(cli(url, "loyalty", "earning-rules", "list", "--business", number, "--json").stdout)
    assert [(r["purchase_type_id"], r["points_per_unit"]) for r in rules] == [(None, 1)]
    types = json.loads(cli(url, "loyalty", "purchase-types", "list", "--business", number, "--json").stdout)
    assert [(t["text_id"], t["default"]) for t in types] == [("store", True), ("eshop", False), ("mobile_app", False)]
    eshop = str(types[1]["id"])
    done = cli(url, "loyalty", "earning-rules", "set", "2.5", "--purchase-type", eshop, "--business", number)
    assert done.returncode == 0, done.stderr
    assert cli(url, "loyalty", "earning-rules", "set", "0.5", "--business", number).returncode == 0
    rules = json.loads(cli(url, "loyalty", "earning-rules", "list", "--business", number, "--json").stdout)
    assert [(r["purchase_type_id"], r["points_per_unit"]) for r in rules] == [(None, 0.5), (int(eshop), 2.5)]
    refused = cli(url, "loyalty", "earning-rules", "set", "-1", "--business", number)
    assert (refused.returncode, "points_per_unit" in refused.stderr) == (2, True)
    items = json.loads(cli(url, "loyalty", "purchase-item-types", "list", "--business", number, "--json").stdout)
    turned = cli(url, "loyalty", "earning-rules", "item-type", str(items[0]["id"]), "--no-earns", "--business", number)
    assert turned.returncode == 0, turned.stderr
    added = cli(url, "loyalty", "payment-types", "add", "Meal vouchers", "--business", number)
    assert added.returncode == 0, added.stderr
