"""The core promise: what one dialect writes, every other reads — the same record under four spellings.

Every writer (Wired Client, TimeTap, Webcamconsult, CareCloud) creates a client; every reader (TimeTap,
Webcamconsult, CareCloud; Wired Client has no read call) finds it by id with the same name and e-mail, and a
deletion through one dialect is seen by all.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.conftest import TenantFactory

ENTERPRISE = "/carecloud/enterprise-interface/v1.0"
_serial = itertools.count(1)


class Dialects:
    """One business seen through all four APIs."""

    def __init__(self, http: httpx.AsyncClient, tenant: dict[str, Any]) -> None:
        self.http = http
        self.tenant = tenant
        self.timetap_headers: dict[str, str] = {}
        self.carecloud_headers: dict[str, str] = {}
        self.webcam_headers = {"Authorization": f"Token token={tenant['credentials']['webcamconsult']['token']}"}

    async def open(self) -> None:
        keys = self.tenant["credentials"]["timetap"]
        signature = hashlib.md5((keys["api_key"] + keys["private_key"]).encode()).hexdigest()
        session = await self.http.get(
            "/timetap/live/sessionToken",
            params={"apiKey": keys["api_key"], "timestamp": str(int(time.time())), "signature": signature},
        )
        self.timetap_headers = {"Authorization": f"Bearer {session.json()['sessionToken']}"}
        carecloud = self.tenant["credentials"]["carecloud"]
        login = await self.http.post(
            f"{ENTERPRISE}/users/actions/login",
            json={
                "user_external_application_id": carecloud["external_application_id"],
                "login": carecloud["login"],
                "password": carecloud["password"],
            },
        )
        self.carecloud_headers = {"Authorization": f"Bearer {login.json()['data']['bearer_token']}"}

    async def call(self, method: str, url: str, headers: dict[str, str], status: int = 200, **kw: Any) -> Any:
        response = await self.http.request(method, url, headers=headers, **kw)
        assert response.status_code == status, f"{method} {url}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    # Writers: each returns the core id of the client it created.
    async def via_wiredclient(self, first: str, last: str, email: str, phone: str) -> int:
        credentials = self.tenant["credentials"]["wiredclient"]
        body = {
            **credentials,
            "account_number": self.tenant["branches"][0]["account_number"],
            "id": 0,
            "first_name": first,
            "last_name": last,
            "email_address1": email,
            "mobile_phone1": phone,
        }
        answer = await self.call("POST", "/wiredclient/api/v1/client", {}, json=body)
        assert answer["status"] == 0, answer
        return int(answer["id"])

    async def via_timetap(self, first: str, last: str, email: str, phone: str) -> int:
        body = {"firstName": first, "lastName": last, "emailAddress": email, "cellPhone": phone}
        return int((await self.call("POST", "/timetap/live/clients", self.timetap_headers, json=body))["clientId"])

    async def via_webcamconsult(self, first: str, last: str, email: str, phone: str) -> int:
        body = {"client": {"initials": first[0], "last_name": last, "email": email}}
        answer = await self.call("POST", "/webcamconsult/clients.json", self.webcam_headers, json=body)
        return int(answer["client"]["id"], 16)

    async def via_carecloud(self, first: str, last: str, email: str, phone: str) -> int:
        sources = await self.call("GET", f"{ENTERPRISE}/customer-sources", self.carecloud_headers)
        source_id = sources["data"]["customer_sources"][0]["customer_source_id"]
        body = {
            "customer": {
                "personal_information": {
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                    "phone": "".join(c for c in phone if c.isdigit()),
                    "language_id": "en",
                }
            },
            "customer_source": {"customer_source_id": source_id},
            "autologin": False,
        }
        answer = await self.call("POST", f"{ENTERPRISE}/customers", self.carecloud_headers, status=201, json=body)
        return int(answer["data"]["customer_id"])

    # Readers: (last name, e-mail) of client `client_id` as that dialect shows it.
    async def in_timetap(self, client_id: int) -> tuple[str, str]:
        client = await self.call("GET", f"/timetap/live/clients/{client_id}", self.timetap_headers)
        return client["lastName"], client["emailAddress"]

    async def in_webcamconsult(self, client_id: int) -> tuple[str, str]:
        client = (await self.call("GET", f"/webcamconsult/client/{client_id:024x}.json", self.webcam_headers))["client"]
        return client["last_name"], client["email"]

    async def in_carecloud(self, client_id: int) -> tuple[str, str]:
        data = (await self.call("GET", f"{ENTERPRISE}/customers/{client_id}", self.carecloud_headers))["data"]
        info = data["personal_information"]
        return info["last_name"], info["email"]


WRITERS = ["via_wiredclient", "via_timetap", "via_webcamconsult", "via_carecloud"]
READERS = ["in_timetap", "in_webcamconsult", "in_carecloud"]


@pytest.fixture
async def dialects(http: httpx.AsyncClient, make_tenant: TenantFactory) -> Dialects:
    d = Dialects(http, await make_tenant("Cross Practice"))
    await d.open()
    return d


@pytest.mark.parametrize("writer", WRITERS)
async def test_a_client_written_through_one_dialect_is_read_through_every_other(
    dialects: Dialects, writer: str
) -> None:
    n = next(_serial)
    last, email = f"Cross{n}", f"cross{n}@example.com"
    write: Callable[..., Awaitable[int]] = getattr(dialects, writer)
    client_id = await write("Robin", last, email, f"+1 415 555 {1000 + n:04d}")
    for reader in READERS:
        assert await getattr(dialects, reader)(client_id) == (last, email), reader


async def test_a_deletion_through_webcamconsult_is_seen_by_the_others(dialects: Dialects) -> None:
    client_id = await dialects.via_timetap("Dee", "Leted", "dee@example.com", "+1 415 555 0001")
    await dialects.call("DELETE", f"/webcamconsult/client/{client_id:024x}.json", dialects.webcam_headers)
    timetap = await dialects.call("GET", f"/timetap/live/clients/{client_id}", dialects.timetap_headers)
    assert timetap["deleted"] is True
    listed = await dialects.call("GET", "/timetap/live/clients", dialects.timetap_headers)
    assert client_id not in [c["clientId"] for c in listed]
    customers = await dialects.call("GET", f"{ENTERPRISE}/customers?email=dee@example.com", dialects.carecloud_headers)
    assert customers["data"]["total_items"] == 0
    await dialects.call("GET", f"/webcamconsult/client/{client_id:024x}.json", dialects.webcam_headers, status=404)


async def test_an_update_through_carecloud_is_read_by_timetap_and_webcamconsult(dialects: Dialects) -> None:
    client_id = await dialects.via_wiredclient("Pat", "Before", "pat@example.com", "+1 415 555 0002")
    current = (await dialects.call("GET", f"{ENTERPRISE}/customers/{client_id}", dialects.carecloud_headers))["data"]
    info = {**current["personal_information"], "last_name": "After"}
    await dialects.call(
        "PUT",
        f"{ENTERPRISE}/customers/{client_id}",
        dialects.carecloud_headers,
        status=204,
        json={"customer": {"personal_information": info}},
    )
    assert await dialects.in_timetap(client_id) == ("After", "pat@example.com")
    assert await dialects.in_webcamconsult(client_id) == ("After", "pat@example.com")
