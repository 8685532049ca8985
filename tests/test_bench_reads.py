"""The read references `make bench` measures the dialects' gets and lists against answer the same bytes as the
dialects, from fewer statements (bench/reads.py, issue 15.1)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.core import fields, tenants
from clientbook.store.engine import Database
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.dialects.carecloud.conftest import ENTERPRISE
from tests.dialects.carecloud.conftest import login as carecloud_login
from tests.dialects.timetap.conftest import open_session
from tests.dialects.timetap.test_statements import counting

from .conftest import TenantFactory


@pytest.fixture
async def bench(settings: Settings, database: Database) -> Any:
    app = create_app(settings.model_copy(update={"bench_ceiling": True}), database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client


async def test_the_read_references_answer_each_dialects_bytes(
    bench: httpx.AsyncClient, make_tenant: TenantFactory, database: Database
) -> None:
    tenant = await make_tenant(time_zone="Europe/Amsterdam")
    business_id = tenant["business"]["id"]
    async with database.transaction() as session:
        business = await BusinessRepository(session).get(business_id)
        assert business is not None
        insurer = await fields.create(session, tenants.tenant_of(business), fields.NewField(label="Insurer"))
    tt = {"Authorization": f"Bearer {await open_session(bench, tenant)}"}
    bodies = [
        {
            "firstName": "Ünïs",
            "lastName": "Cödé",
            "emailAddress": "u@example.com",
            "sex": "Female",
            "dateOfBirth": "1990-02-03",
            "notes": "first visit",
            "tags": ["VIP", "Lapsed"],
            "address1": "Main St 1",
            "zip": "1234 AB",
            "cellPhone": "+31 6 1234 5678",
            "imageUrl": "https://example.com/a.png",
            "fields": [{"schedulerPreferenceFieldDefnId": insurer.id, "value": "Blue Shield"}],
        },
        {"firstName": "Bo", "lastName": "Brown", "emailAddress": "bo@example.com", "sex": "Male"},
        {"firstName": "Cy", "lastName": "Clark", "emailAddress": "cy@example.com"},
    ]
    ids = []
    for body in bodies:
        created = await bench.post("/timetap/live/clients", headers=tt, json=body)
        assert created.status_code == 200, created.text
        ids.append(created.json()["clientId"])
    cc = {"Authorization": f"Bearer {await carecloud_login(bench, tenant)}"}
    wc = {"Authorization": f"Token token={tenant['credentials']['webcamconsult']['token']}"}
    pairs = {
        "timetap": (tt, "/timetap/live/clients/{id}", "/timetap/live/clients?pageNumber=1&pageSize=50"),
        "carecloud": (cc, ENTERPRISE + "/customers/{id}", ENTERPRISE + "/customers?count=50"),
        "webcamconsult": (wc, "/webcamconsult/clients/{hex}.json", "/webcamconsult/clients.json?page=1&per_page=50"),
    }
    for dialect, (headers, one, page) in pairs.items():
        for client_id in ids:
            path = one.format(id=client_id, hex=f"{client_id:024x}")
            expected = await bench.get(path, headers=headers)
            with counting(database) as statements:
                reference = await bench.get(f"/_bench/reads/{dialect}/{client_id}", headers=headers)
            assert expected.status_code == reference.status_code == 200, (dialect, expected.text)
            assert reference.content == expected.content, dialect
            selects = [s for s in statements if not s.startswith("BEGIN")]
            # the token with its business and the client; TimeTap's related rows with its field definitions besides
            assert len(selects) == (3 if dialect == "timetap" else 2), selects
        expected = await bench.get(page, headers=headers)
        reference = await bench.get(f"/_bench/reads/{dialect}?limit=50", headers=headers)
        assert expected.status_code == reference.status_code == 200, (dialect, expected.text)
        assert len(expected.json()["data"]["customers"] if dialect == "carecloud" else expected.json()) == 3
        assert reference.content == expected.content, dialect


async def test_a_read_reference_refuses_an_unknown_token(bench: httpx.AsyncClient) -> None:
    answer = await bench.get("/_bench/reads/timetap/1", headers={"Authorization": "Bearer st:api:api:nope"})
    assert answer.status_code == 401
