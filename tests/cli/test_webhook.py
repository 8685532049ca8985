"""`clientbook webhook add | list | test | log | replay | disable | enable` on a real database, end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.servers import cli


def run(env: dict[str, str], *args: str) -> Any:
    done = cli(env, *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith(("{", "["))]


def test_a_subscription_is_managed_from_the_command_line(tmp_path: Path) -> None:
    env = {"CLIENTBOOK_DATABASE_URL": f"sqlite:///{tmp_path}/w.db"}
    assert cli(env, "db", "upgrade").returncode == 0
    [tenant] = run(env, "tenant", "create", "--name", "Hooks", "--json")
    business = tenant["business"]["account_number"]
    assert set(tenant["credentials"]["clientbook"]) == {"token"}

    [added] = run(env, "webhook", "add", "--business", business, "--url", "http://127.0.0.1:9/h", "--type", "client")
    assert added["secret"].startswith("whsec_")
    assert (added["types"], added["enabled"]) == (["client"], True)
    [listed] = run(env, "webhook", "list", "--business", business)
    assert listed["id"] == added["id"]
    assert "secret" not in listed
    hook = str(added["id"])

    assert run(env, "webhook", "disable", hook, "--business", business)[0]["enabled"] is False
    assert run(env, "webhook", "enable", hook, "--business", business)[0]["enabled"] is True
    [sent] = run(env, "webhook", "test", hook, "--business", business)
    [logged] = run(env, "webhook", "log", hook, "--business", business)
    assert (logged["delivery_id"], logged["type"], logged["status"]) == (sent["delivery_id"], "webhook.test", "pending")
    [again] = run(env, "webhook", "replay", "--business", business, "--delivery", str(sent["delivery_id"]))
    assert len(again["delivery_ids"]) == 1


def test_another_business_number_finds_no_subscription(tmp_path: Path) -> None:
    env = {"CLIENTBOOK_DATABASE_URL": f"sqlite:///{tmp_path}/w.db"}
    cli(env, "db", "upgrade")
    [one] = run(env, "tenant", "create", "--name", "One", "--json")
    [two] = run(env, "tenant", "create", "--name", "Two", "--json")
    [added] = run(env, "webhook", "add", "--business", one["business"]["account_number"], "--url", "http://x.test/")
    refused = cli(env, "webhook", "disable", str(added["id"]), "--business", two["business"]["account_number"])
    assert refused.returncode == 2
    assert "not found" in refused.stderr
    assert run(env, "webhook", "list", "--business", two["business"]["account_number"]) == []


def test_a_url_argument_holding_a_byte_that_is_no_utf_8_is_refused_in_one_line(tmp_path: Path) -> None:
    """Python reads such a byte of argv as a lone surrogate, which no backend stores (issue 14 items 3-4): the core
    refuses it naming the URL, where PostgreSQL raised and SQLite stored it."""
    env = {"CLIENTBOOK_DATABASE_URL": f"sqlite:///{tmp_path}/w.db"}
    assert cli(env, "db", "upgrade").returncode == 0
    [tenant] = run(env, "tenant", "create", "--name", "Hooks", "--json")
    business = tenant["business"]["account_number"]
    done = cli(env, "webhook", "add", "--business", business, "--url", "http://127.0.0.1:9/\udcff")
    assert done.returncode != 0
    assert "url must not contain a lone surrogate" in done.stderr
    assert "Traceback" not in done.stderr
    assert run(env, "webhook", "list", "--business", business) == []
