"""What the Wired Client API writes, the Webcamconsult API reads and changes, and back (issue 5): staff → users,
clients → clients, pending appointments → appointments, over real HTTP to a uvicorn server on both backends.

The server runs the suite's app in the test's event loop, so it uses the same (parametrized) database; the business
comes from the real `clientbook tenant create --json` once, and from the same code path in-process after that.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import SECRET_KEY, TenantFactory


class Dialects:
    """One business seen through both APIs."""

    def __init__(self, http: httpx.AsyncClient, tenant: dict[str, Any]) -> None:
        self.http = http
        self.tenant = tenant
        self.wcc_token = tenant["credentials"]["webcamconsult"]["token"]

    async def wired(self, path: str, body: dict[str, Any], *, branch: bool) -> dict[str, Any]:
        account = (self.tenant["branches"][0] if branch else self.tenant["business"])["account_number"]
        credentials = {**self.tenant["credentials"]["wiredclient"], "account_number": account}
        response = await self.http.post(f"/wiredclient/api/v1/{path}", json={**credentials, **body})
        assert response.status_code == 200
        answer: dict[str, Any] = response.json()
        return answer

    async def wcc(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        headers = {"Authorization": f"Token token={self.wcc_token}"}
        # The documented URLs' double slash (K1), as a client built from the seed would send it.
        response = await self.http.request(method, f"/webcamconsult/{path}", json=body, headers=headers)
        assert response.status_code == status, response.text
        return response.json()


@pytest.fixture
async def both(base_url: str, make_tenant: TenantFactory) -> AsyncIterator[Dialects]:
    tenant = await make_tenant("Cross Dialect", time_zone="Europe/Amsterdam", default_region="NL")
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        yield Dialects(http, tenant)


def _hex(core_id: int) -> str:
    return f"{core_id:024x}"


async def test_cli_tenant_create_prints_a_webcamconsult_token_that_opens_the_api(
    base_url: str, database_url: str
) -> None:
    env = {**os.environ, "CLIENTBOOK_DATABASE_URL": database_url, "CLIENTBOOK_SECRET_KEY": SECRET_KEY}
    command = [
        sys.executable,
        "-c",
        "from clientbook.cli import main; main()",
        "tenant",
        "create",
        "--name",
        "CLI",
        "--json",
    ]
    done = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    token = json.loads(done.stdout)["credentials"]["webcamconsult"]["token"]
    async with httpx.AsyncClient(base_url=base_url) as http:
        response = await http.get("/webcamconsult//users.json", headers={"Authorization": f"Token token={token}"})
        assert (response.status_code, response.json()) == (200, [])
        response = await http.get("/webcamconsult/users.json", params={"authentication_token": token})
        assert response.status_code == 200


async def test_wired_client_staff_clients_and_pending_appointments_are_webcamconsult_records(
    both: Dialects,
) -> None:
    staff = await both.wired(
        "staff",
        {"id": 0, "first_name": "Jane", "last_name": "Doe", "email_address1": "jane@example.com", "city": "Delft"},
        branch=False,
    )
    assert staff["status"] == 0, staff
    client = await both.wired(
        "client",
        {
            "id": 0,
            "first_name": "Piet",
            "last_name": "Bakker",
            "mobile_phone1": "06 12345678",
            "gender": 2,
            "email_address1": "piet@example.com",
            "birthday": "1980-02-29",
            "staff_id": staff["id"],
            "pending_appointments": [
                {"appointment_date": "2026-12-01", "appointment_time": "09:30:00", "appointment_staff_id": staff["id"]}
            ],
        },
        branch=True,
    )
    assert client["status"] == 0, client

    users = await both.wcc("GET", "/users.json")
    assert users == [
        {
            "id": _hex(staff["id"]),
            "titles": None,
            "initials": None,
            "last_name": "Doe",
            "full_name": "Jane Doe",
            "email": "jane@example.com",
            "address": None,
            "postal_code": None,
            "city": "Delft",
            "roles": ["consultant"],
        }
    ]
    [listed] = await both.wcc("GET", "/clients.json")
    assert {k: listed[k] for k in ("id", "last_name", "email", "gender", "date_of_birth", "client_full_name")} == {
        "id": _hex(client["id"]),
        "last_name": "Bakker",
        "email": "piet@example.com",
        "gender": "male",
        "date_of_birth": "1980-02-29T00:00:00.000+01:00",
        "client_full_name": "Dhr. Piet Bakker",
    }
    [appointment] = await both.wcc("GET", "/appointments.json")
    assert {k: appointment[k] for k in ("user_id", "client_id", "date", "orig_date", "state")} == {
        "user_id": _hex(staff["id"]),
        "client_id": _hex(client["id"]),
        "date": "2026-12-01T09:30:00.000+01:00",
        "orig_date": "2026-12-01T09:30:00.000+01:00",
        "state": "idle",
    }

    # Webcamconsult changes what Wired Client wrote.
    path = f"/appointment/{appointment['id']}.json"
    moved = await both.wcc("PUT", path, {"appointment": {"date": "2026-12-02T10:00:00.000+01:00", "duration": 30}})
    assert moved["appointment"]["date"] == "2026-12-02T10:00:00.000+01:00"
    await both.wcc("PUT", f"/client/{listed['id']}.json", {"client": {"initials": "P.", "titles": "ir."}})
    assert (await both.wcc("GET", f"/clients/{listed['id']}"))["client"]["client_full_name"] == "Dhr. ir. P. Bakker"


async def test_webcamconsult_records_are_wired_client_records(both: Dialects) -> None:
    user = (
        await both.wcc(
            "POST", "/users.json", {"user": {"initials": "A", "last_name": "Visser", "email": "visser@example.com"}}
        )
    )["user"]
    client = (await both.wcc("POST", "/clients.json", {"client": {"last_name": "Jansen", "gender": "female"}}))[
        "client"
    ]
    staff_id, client_id = int(user["id"], 16), int(client["id"], 16)

    # Wired Client updates the Webcamconsult client and assigns the Webcamconsult user to it.
    answer = await both.wired(
        "client",
        {
            "id": client_id,
            "first_name": "Anna",
            "last_name": "Jansen-de Vries",
            "mobile_phone1": "0612345679",
            "staff_id": staff_id,
        },
        branch=True,
    )
    assert (answer["status"], answer["id"]) == (0, client_id), answer
    shown = (await both.wcc("GET", f"/client/{client['id']}.json"))["client"]
    assert (shown["last_name"], shown["client_full_name"]) == ("Jansen-de Vries", "Mevr. Anna Jansen-de Vries")

    # Wired Client updates the Webcamconsult user; Webcamconsult sees it.
    answer = await both.wired(
        "staff",
        {"id": staff_id, "first_name": "Ada", "last_name": "Visser", "email_address1": "ada@example.com"},
        branch=False,
    )
    assert answer["status"] == 0, answer
    assert (await both.wcc("GET", f"/users/{user['id']}.json"))["user"]["email"] == "ada@example.com"

    # A user deleted through Webcamconsult is a deleted staff member to Wired Client (status 1003).
    await both.wcc("DELETE", f"/users/{user['id']}.json")
    answer = await both.wired(
        "client",
        {
            "id": client_id,
            "first_name": "Anna",
            "last_name": "Jansen",
            "mobile_phone1": "0612345679",
            "staff_id": staff_id,
        },
        branch=True,
    )
    assert answer["status"] == 1003, answer

    # A client deleted through Webcamconsult cannot be updated through Wired Client (status 2003).
    await both.wcc("DELETE", f"/client/{client['id']}.json")
    answer = await both.wired(
        "client",
        {"id": client_id, "first_name": "Anna", "last_name": "Jansen", "mobile_phone1": "0612345679"},
        branch=True,
    )
    assert answer["status"] == 2003, answer
