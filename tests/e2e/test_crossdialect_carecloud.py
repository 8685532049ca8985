"""What CareCloud writes, the other dialects read, and back (issue 7): a customer is a client, a booking is an
appointment, and `send-message` queues an SMS the delivery worker delivers — over real HTTP to a uvicorn server.

Webcamconsult and TimeTap are checked when they are registered dialects (they arrive in their own issues)."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from clientbook.delivery.providers.file import FileProvider
from clientbook.delivery.worker import Worker
from clientbook.dialects.registry import DIALECTS
from clientbook.store.engine import Database
from tests.conftest import TenantFactory

ENTERPRISE = "/carecloud/enterprise-interface/v1.0"
REGISTERED = {d.name for d in DIALECTS}


class Dialects:
    def __init__(self, http: httpx.AsyncClient, tenant: dict[str, Any], bearer: str) -> None:
        self.http = http
        self.tenant = tenant
        self.cc_headers = {"Authorization": f"Bearer {bearer}"}

    async def cc(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = await self.http.request(method, ENTERPRISE + path, json=body, headers=self.cc_headers)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    async def wired(self, body: dict[str, Any]) -> dict[str, Any]:
        credentials = {
            **self.tenant["credentials"]["wiredclient"],
            "account_number": self.tenant["branches"][0]["account_number"],
        }
        response = await self.http.post("/wiredclient/api/v1/client", json={**credentials, **body})
        assert response.status_code == 200
        answer: dict[str, Any] = response.json()
        assert answer["status"] == 0, answer
        return answer

    async def wcc(self, path: str) -> Any:
        token = self.tenant["credentials"]["webcamconsult"]["token"]
        response = await self.http.get(f"/webcamconsult/{path}", headers={"Authorization": f"Token token={token}"})
        assert response.status_code == 200, response.text
        return response.json()

    async def wcc_post(self, path: str, body: Any) -> Any:
        token = self.tenant["credentials"]["webcamconsult"]["token"]
        headers = {"Authorization": f"Token token={token}"}
        response = await self.http.post(f"/webcamconsult/{path}", json=body, headers=headers)
        assert response.status_code in (200, 201), response.text
        return response.json()

    async def timetap(self, path: str, body: Any = None) -> Any:
        keys = self.tenant["credentials"]["timetap"]
        signature = hashlib.md5((keys["api_key"] + keys["private_key"]).encode()).hexdigest()
        session = await self.http.get(
            "/timetap/live/sessionToken",
            params={"apiKey": keys["api_key"], "timestamp": str(int(time.time())), "signature": signature},
        )
        assert session.status_code == 200, session.text
        token = session.json()["sessionToken"]
        method = "GET" if body is None else "POST"
        response = await self.http.request(
            method, f"/timetap/live/{path}", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
async def dialects(base_url: str, make_tenant: TenantFactory) -> AsyncIterator[Dialects]:
    tenant = await make_tenant("Cross CareCloud", time_zone="Europe/Prague", default_region="CZ")
    carecloud = tenant["credentials"]["carecloud"]
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        login = await http.post(
            f"{ENTERPRISE}/users/actions/login",
            json={
                "user_external_application_id": carecloud["external_application_id"],
                "login": carecloud["login"],
                "password": carecloud["password"],
            },
        )
        assert login.status_code == 200, login.text
        yield Dialects(http, tenant, login.json()["data"]["bearer_token"])


async def _new_customer(d: Dialects, **info: Any) -> str:
    sources = await d.cc("GET", "/customer-sources")
    body = {
        "customer": {"personal_information": {"language_id": "cs", **info}},
        "customer_source": {"customer_source_id": sources["data"]["customer_sources"][0]["customer_source_id"]},
        "autologin": False,
    }
    created = await d.cc("POST", "/customers", body, status=201)
    customer_id: str = created["data"]["customer_id"]
    return customer_id


async def test_a_carecloud_customer_is_a_client_in_every_other_dialect(dialects: Dialects) -> None:
    customer_id = await _new_customer(
        dialects, first_name="Tereza", last_name="Dvořáková", email="tereza@example.com", phone="420605111222"
    )
    # Wired Client updates the same record by its id.
    updated = await dialects.wired(
        {"id": int(customer_id), "first_name": "Terezie", "last_name": "Dvořáková", "mobile_phone1": "+420605111222"}
    )
    assert updated["id"] == int(customer_id)
    info = (await dialects.cc("GET", f"/customers/{customer_id}"))["data"]["personal_information"]
    assert (info["first_name"], info["email"], info["phone"]) == ("Terezie", "tereza@example.com", "420605111222")
    if "webcamconsult" in REGISTERED:
        clients = await dialects.wcc("clients.json")
        assert any(c["id"] == f"{int(customer_id):024x}" for c in clients), clients
    if "timetap" in REGISTERED:
        client = await dialects.timetap(f"clients/{customer_id}")
        assert (client["firstName"], client["emailAddress"]) == ("Terezie", "tereza@example.com")


async def test_a_wired_client_client_and_its_pending_appointment_are_a_customer_and_a_booking(
    dialects: Dialects,
) -> None:
    created = await dialects.wired(
        {
            "id": 0,
            "first_name": "Karel",
            "last_name": "Čapek",
            "mobile_phone1": "602333444",
            "gender": 2,
            "birthday": "1990-01-09",
            "pending_appointments": [{"appointment_date": "2026-12-03", "appointment_time": "14:00:00"}],
        }
    )
    customer_id = str(created["id"])
    customer = (await dialects.cc("GET", f"/customers/{customer_id}"))["data"]
    info = customer["personal_information"]
    assert (info["first_name"], info["phone"], info["gender"], info["birthdate"]) == (
        "Karel",
        "420602333444",
        1,
        "1990-01-09",
    )
    bookings = (await dialects.cc("GET", f"/bookings?customer_id={customer_id}&add_booking_items=full"))["data"]
    assert bookings["total_items"] == 1
    assert bookings["bookings"][0]["booking_items"][0]["valid_from"] == "2026-12-03 14:00:00"


async def test_a_carecloud_booking_is_an_appointment_elsewhere(dialects: Dialects) -> None:
    customer_id = await _new_customer(dialects, first_name="Olga", last_name="Havlová")
    created = await dialects.cc(
        "POST",
        "/bookings",
        {
            "booking": {
                "customer_id": customer_id,
                "created_at": "2026-01-01 00:00:00",
                "booking_items": [{"time_slot_id": "2026-12-10T08:15:00/50", "created_at": "2026-01-01 00:00:00"}],
            }
        },
        status=201,
    )
    booking_id = created["data"]["booking_id"]
    if "webcamconsult" in REGISTERED:
        appointments = await dialects.wcc("appointments.json")
        ours = [a for a in appointments if a["id"] == f"{int(booking_id):024x}"]
        assert len(ours) == 1, appointments
    booking = (await dialects.cc("GET", f"/bookings/{booking_id}"))["data"]
    assert booking["booking_items"][0]["valid_to"] == "2026-12-10 09:05:00"


async def test_send_message_queues_an_sms_the_worker_delivers(
    dialects: Dialects, database: Database, tmp_path: Path
) -> None:
    customer_id = await _new_customer(dialects, first_name="Jiří", last_name="Trnka", phone="420606777888")
    await dialects.cc(
        "POST",
        "/messages/actions/send-message",
        {
            "message": {
                "message_template_id": "reminder",
                "customer_id": customer_id,
                "communication_channel_id": 2,
                "message_data": [{"parameter_name": "text", "value": "Připomínka: zítra v 9:00"}],
            }
        },
        status=204,
    )
    listed = (await dialects.cc("GET", f"/messages?customer_id={customer_id}"))["data"]
    assert [m["status"] for m in listed["messages"]] == [0]
    outbox = tmp_path / "sms.jsonl"
    await Worker(database, FileProvider(outbox)).drain()
    delivered = [json.loads(line) for line in outbox.read_text().splitlines()]
    ours = [d for d in delivered if d["to"] == "+420606777888"]
    assert [d["body"] for d in ours] == ["Připomínka: zítra v 9:00"]
    message = (await dialects.cc("GET", f"/messages/{listed['messages'][0]['message_id']}"))["data"]
    assert message["status"] == 1


async def test_clients_written_in_webcamconsult_and_timetap_are_carecloud_customers(dialects: Dialects) -> None:
    if "webcamconsult" in REGISTERED:
        client = (
            await dialects.wcc_post(
                "clients.json", {"client": {"initials": "L.", "last_name": "Visser", "gender": "female"}}
            )
        )["client"]
        customer = (await dialects.cc("GET", f"/customers/{int(client['id'], 16)}"))["data"]
        info = customer["personal_information"]
        assert (info["last_name"], info["gender"]) == ("Visser", 2)
    if "timetap" in REGISTERED:
        client = await dialects.timetap(
            "clients", {"firstName": "Jan", "lastName": "Novák", "emailAddress": "jan.novak@example.com"}
        )
        customer = (await dialects.cc("GET", f"/customers/{client['clientId']}"))["data"]
        assert customer["personal_information"]["email"] == "jan.novak@example.com"
        found = (await dialects.cc("GET", "/customers?email=jan.novak@example.com"))["data"]
        assert [c["customer_id"] for c in found["customers"]] == [str(client["clientId"])]
