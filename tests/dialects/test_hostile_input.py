"""No byte sequence is a 5xx (issue 14 items 1–4, 8): every dialect refuses deeply nested JSON, huge integer
literals, NaN/Infinity, lone surrogates and NUL characters in its own form, naming the field, and stores nothing."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.conftest import TenantFactory
from tests.dialects.carecloud.conftest import ENTERPRISE, login
from tests.dialects.carecloud.conftest import Api as CareCloudApi
from tests.dialects.carecloud.conftest import source_id as carecloud_source
from tests.dialects.timetap.conftest import open_session
from tests.helpers import Read, row_counts

HOLE = "§"
Send = Callable[[bytes], Awaitable[httpx.Response]]


@dataclass
class Probe:
    """One dialect's body endpoint with valid credentials: `send(value)` posts a client whose name field is the raw
    JSON literal `value`; `malformed` and `invalid` recognise the dialect's two refusal forms."""

    name: str
    business_id: int
    send_raw: Send
    template: str  # a JSON body with HOLE where the name field's literal goes
    field: str  # how the dialect names that field
    prefix: str = ""  # what a string literal in the field starts with (the native API's field is a URL)

    async def send(self, literal: str) -> httpx.Response:
        if literal.startswith('"'):
            literal = '"' + self.prefix + literal[1:]
        return await self.send_raw(self.template.replace(HOLE, literal).encode())

    def malformed(self, response: httpx.Response) -> bool:
        body = response.json()
        if self.name == "wiredclient":
            return (response.status_code, body["status"]) == (200, 2000)
        if self.name == "webcamconsult":
            return response.status_code in (400, 422) and "errors" in body
        if self.name == "carecloud":
            return response.status_code == 400 and body["error"]["exception"] == "bad_request_exception"
        return response.status_code == 400 and body["status"] == 400

    def names_field(self, response: httpx.Response) -> bool:
        """A refusal naming the field, in the dialect's form."""
        body = response.json()
        if self.name == "wiredclient":
            return body["status"] == 2000 and self.field in body["message"]
        if self.name == "webcamconsult":
            return response.status_code == 422 and self.field in body["errors"]
        if self.name == "carecloud":
            return response.status_code == 400 and any(
                p["name"].endswith(self.field) for p in body["error"]["error_data"]["invalid_params"]
            )
        if self.name == "clientbook":
            return response.status_code == 422 and [e["field"] for e in body["errors"]] == [self.field]
        return response.status_code == 400 and body["field"] == self.field


def _sender(
    http: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> Callable[[bytes], Awaitable[httpx.Response]]:
    async def send(raw: bytes) -> httpx.Response:
        return await http.post(path, content=raw, headers={**headers, "Content-Type": "application/json"})

    return send


async def _probe(name: str, http: httpx.AsyncClient, tenant: dict[str, Any]) -> Probe:
    business_id = tenant["business"]["id"]
    if name == "wiredclient":
        keys = {**tenant["credentials"]["wiredclient"], "account_number": tenant["branches"][0]["account_number"]}
        head = json.dumps(keys)[:-1]
        template = head + ', "id": 0, "first_name": §, "last_name": "Doe", "mobile_phone1": "+1 415 555 0199"}'
        return Probe(name, business_id, _sender(http, "/wiredclient/api/v1/client", {}), template, "first_name")
    if name == "timetap":
        headers = {"Authorization": f"Bearer {await open_session(http, tenant)}"}
        template = '{"firstName": §, "lastName": "Doe", "emailAddress": "hostile@example.com"}'
        return Probe(name, business_id, _sender(http, "/timetap/live/clients", headers), template, "firstName")
    if name == "webcamconsult":
        headers = {"Authorization": f"Token token={tenant['credentials']['webcamconsult']['token']}"}
        template = '{"client": {"last_name": §, "email": "hostile@example.com"}}'
        return Probe(name, business_id, _sender(http, "/webcamconsult/clients.json", headers), template, "last_name")
    if name == "clientbook":  # the native API's one body that stores text: a webhook subscription's URL
        headers = {"Authorization": f"Bearer {tenant['credentials']['clientbook']['token']}"}
        template = '{"types": ["client"], "url": §}'
        send = _sender(http, "/api/v1/webhooks", headers)
        return Probe(name, business_id, send, template, "url", prefix="https://example.com/")
    headers = {"Authorization": f"Bearer {await login(http, tenant)}"}
    source = await carecloud_source(CareCloudApi(http, ENTERPRISE, headers, tenant))
    template = json.dumps(
        {
            "customer": {
                "personal_information": {
                    "first_name": "@@",
                    "last_name": "Doe",
                    "phone": "420601999999",
                    "language_id": "cs",
                }
            },
            "customer_source": {"customer_source_id": source, "external_id": "ext-1"},
            "autologin": False,
        }
    ).replace('"@@"', HOLE)
    return Probe(name, business_id, _sender(http, f"{ENTERPRISE}/customers", headers), template, "first_name")


DIALECTS = ["wiredclient", "timetap", "webcamconsult", "carecloud", "clientbook"]


@pytest.fixture(params=DIALECTS)
async def probe(request: pytest.FixtureRequest, http: httpx.AsyncClient, make_tenant: TenantFactory) -> Probe:
    return await _probe(request.param, http, await make_tenant())


async def test_the_probe_creates_a_client_with_a_plain_name(probe: Probe) -> None:
    response = await probe.send('"Jane"')
    assert response.status_code in (200, 201), response.text
    if probe.name == "wiredclient":
        assert response.json()["status"] == 0


async def _refused_and_nothing_written(probe: Probe, read: Read, literal: str) -> httpx.Response:
    before = await row_counts(read, probe.business_id)
    response = await probe.send(literal)
    assert response.status_code < 500, response.text
    assert probe.malformed(response), response.text
    assert await row_counts(read, probe.business_id) == before
    return response


async def test_deeply_nested_json_is_refused_as_malformed(probe: Probe, read: Read) -> None:
    response = await _refused_and_nothing_written(probe, read, "[" * 100_000 + "]" * 100_000)
    if probe.name not in ("webcamconsult", "clientbook"):  # a fixed sentence (the native API: FastAPI's own)
        assert "nested" in response.text


async def test_deeply_nested_json_is_refused_before_authentication(http: httpx.AsyncClient) -> None:
    nested = ("[" * 100_000 + "]" * 100_000).encode()
    headers = {"Content-Type": "application/json"}
    for path in (
        "/wiredclient/api/v1/client",
        "/timetap/live/clients",
        "/webcamconsult/clients.json",
        f"{ENTERPRISE}/customers",
        "/wiredclient/api/v1/sso/contactlist",
        "/api/v1/webhooks",
    ):
        response = await http.post(path, content=nested, headers=headers)
        assert response.status_code < 500, (path, response.text)
        if path.startswith("/wiredclient"):
            assert response.json()["status"] != 5000, response.text


async def test_a_moderately_nested_document_is_still_read(probe: Probe) -> None:
    """Depth within the limit (a list of lists in an ignored field) is no refusal for depth."""
    response = await probe.send('"Jane", "nested_extension": ' + "[" * 20 + "]" * 20)
    assert "nested" not in response.text


async def test_an_integer_literal_of_5000_digits_is_refused(probe: Probe, read: Read) -> None:
    await _refused_and_nothing_written(probe, read, "9" * 5000)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
async def test_non_finite_numbers_are_refused(probe: Probe, read: Read, literal: str) -> None:
    await _refused_and_nothing_written(probe, read, f'"Jane", "weight": {literal}')


@pytest.mark.parametrize("literal", ['"A\\ud800"', '"\\udc00B"', '"A\\u0000B"'])
async def test_nul_and_lone_surrogates_are_refused_naming_the_field(probe: Probe, read: Read, literal: str) -> None:
    before = await row_counts(read, probe.business_id)
    response = await probe.send(literal)
    assert response.status_code < 500, response.text
    assert probe.names_field(response), response.text
    assert await row_counts(read, probe.business_id) == before


async def test_a_valid_surrogate_pair_is_an_ordinary_character(probe: Probe) -> None:
    response = await probe.send('"Jane\\ud83d\\ude00"')
    assert response.status_code in (200, 201), response.text


@pytest.mark.parametrize(
    ("path", "auth"),
    [
        ("/timetap/live/clients?lastName=A%00B", "timetap"),
        ("/webcamconsult/clients.json?q=A%00B", "webcamconsult"),
        (f"{ENTERPRISE}/customers?email=a%00@example.com", "carecloud"),
        ("/api/v1/changes?after=A%00B", "clientbook"),
    ],
)
async def test_a_nul_in_a_query_parameter_is_refused_naming_it(
    http: httpx.AsyncClient, make_tenant: TenantFactory, path: str, auth: str
) -> None:
    tenant = await make_tenant()
    if auth == "timetap":
        headers = {"Authorization": f"Bearer {await open_session(http, tenant)}"}
    elif auth == "webcamconsult":
        headers = {"Authorization": f"Token token={tenant['credentials']['webcamconsult']['token']}"}
    elif auth == "clientbook":
        headers = {"Authorization": f"Bearer {tenant['credentials']['clientbook']['token']}"}
    else:
        headers = {"Authorization": f"Bearer {await login(http, tenant)}"}
    response = await http.get(path, headers=headers)
    assert response.status_code in (400, 422), response.text
    assert "NUL" in response.text or "errors" in response.json()
