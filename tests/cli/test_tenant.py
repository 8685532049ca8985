"""`clientbook tenant create --json`, and `clientbook demo` and `make run`'s printed curl end to end (the installed
command and a real server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from tests.cli.conftest import Clientbook, created_tenant
from tests.phones import unique_mobile
from tests.servers import free_port, serving

BIN = Path(sys.executable).parent


def cli(database_url: str, *args: str, public_url: str = "http://127.0.0.1:8000") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLIENTBOOK_DATABASE_URL": database_url,
        "CLIENTBOOK_SECRET_KEY": "cli-test",
        "CLIENTBOOK_PUBLIC_URL": public_url,
    }
    return subprocess.run([str(BIN / "clientbook"), *args], env=env, capture_output=True, text=True, check=False)


async def test_tenant_create_json_has_the_documented_shape(clientbook: Clientbook) -> None:
    data = await created_tenant(clientbook, "Physio Plus", "Downtown", "Uptown")
    assert data["business"]["name"] == "Physio Plus"
    uuid.UUID(data["business"]["account_number"])
    assert [b["name"] for b in data["branches"]] == ["Downtown", "Uptown"]
    assert len({b["account_number"] for b in data["branches"]} | {data["business"]["account_number"]}) == 3
    assert set(data["credentials"]["wiredclient"]) == {"api_key", "api_password"}


async def test_tenant_create_refuses_a_taken_sms_number(clientbook: Clientbook) -> None:
    number = unique_mobile()  # +1415NNNNNNN
    assert (await clientbook("tenant", "create", "--name", "A", "--sms-number", number)).exit_code == 0
    spaced = f"{number[:2]} {number[2:5]} {number[5:8]} {number[8:]}"
    again = await clientbook("tenant", "create", "--name", "B", "--sms-number", spaced)
    assert again.exit_code == 2
    assert "sms_number" in again.stderr


def test_demo_runs_once_and_its_curl_creates_a_client_on_a_real_server(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/demo.db"
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    assert cli(url, "db", "upgrade").returncode == 0
    first = cli(url, "demo", public_url=public)
    assert "api_password=" in first.stdout
    curl = next(line.strip() for line in first.stdout.splitlines() if line.strip().startswith("curl "))
    assert "already" in cli(url, "demo", public_url=public).stdout
    env = {"CLIENTBOOK_DATABASE_URL": url, "CLIENTBOOK_SECRET_KEY": "cli-test", "CLIENTBOOK_RUN_WORKER": "false"}
    with serving(env, tmp_path / "server.log", port=port):
        answer = subprocess.run(curl, shell=True, capture_output=True, text=True, check=True)
    assert json.loads(answer.stdout) == {"id": 1, "status": 0, "message": "Inserted one client"}
