"""The log lines a request produces: one access line in text or JSON, the request id on every line of the request
(accepted from and returned in `X-Request-ID`), and no secret anywhere, at any level."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.store.engine import Database
from tests.observability.conftest import CaptureLogs


def access_lines(output: str) -> list[dict[str, Any]]:
    return [line for line in map(json.loads, output.splitlines()) if line["logger"] == "clientbook.access"]


async def test_a_request_is_one_access_line_with_method_path_route_status_and_duration_in_json(
    http: httpx.AsyncClient, capture_logs: CaptureLogs
) -> None:
    output = capture_logs("json", "INFO")
    answer = await http.get("/timetap/live/clients/12", headers={"X-Request-ID": "probe-1"})
    [line] = access_lines(output.getvalue())
    assert answer.headers["x-request-id"] == "probe-1"
    assert line["request_id"] == "probe-1"
    assert (line["method"], line["path"], line["route"], line["status"]) == (
        "GET",
        "/timetap/live/clients/12",
        "/timetap/live/clients/{clientId}",
        answer.status_code,
    )
    assert (line["dialect"], line["level"], line["event"]) == ("timetap", "info", "request")
    assert isinstance(line["duration_ms"], float)
    assert line["timestamp"].endswith("Z")


async def test_the_text_format_is_one_readable_line_per_request(
    http: httpx.AsyncClient, capture_logs: CaptureLogs
) -> None:
    output = capture_logs("text", "INFO")
    await http.get("/healthz", headers={"X-Request-ID": "probe-2"})
    [line] = output.getvalue().splitlines()
    assert "[info" in line
    assert "request" in line
    for part in ("method=GET", "path=/healthz", "route=/healthz", "status=200", "request_id=probe-2", "dialect=root"):
        assert part in line


@pytest.mark.parametrize("header", [None, "", "has space", "x" * 200, 'quote"d'])
async def test_a_missing_or_unacceptable_request_id_is_replaced_by_a_fresh_one(
    http: httpx.AsyncClient, capture_logs: CaptureLogs, header: str | None
) -> None:
    output = capture_logs("json", "INFO")
    answer = await http.get("/healthz", headers={"X-Request-ID": header} if header is not None else {})
    [line] = access_lines(output.getvalue())
    assert line["request_id"] == answer.headers["x-request-id"] != header
    assert len(line["request_id"]) == 32
    int(line["request_id"], 16)


async def test_every_line_logged_during_a_request_carries_its_request_id(
    settings: Settings, database: Database, capture_logs: CaptureLogs
) -> None:
    app = create_app(settings, database)

    async def noisy(_request: Request) -> PlainTextResponse:
        logging.getLogger("clientbook.test").warning("inside the handler")

        async def later() -> None:
            logging.getLogger("clientbook.test").warning("inside a task the handler started")

        await asyncio.create_task(later())
        return PlainTextResponse("ok")

    app.router.routes.insert(0, Route("/_test/noisy", noisy))
    output = capture_logs("json", "INFO")
    async with _client(app) as client:
        await client.get("/_test/noisy", headers={"X-Request-ID": "probe-3"})
        await client.get("/healthz", headers={"X-Request-ID": "probe-4"})
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    assert [(line["event"], line["request_id"]) for line in lines] == [
        ("inside the handler", "probe-3"),
        ("inside a task the handler started", "probe-3"),
        ("request", "probe-3"),
        ("request", "probe-4"),
    ]


async def test_a_newline_in_a_path_cannot_forge_a_text_line(http: httpx.AsyncClient, capture_logs: CaptureLogs) -> None:
    output = capture_logs("text", "INFO")
    await http.get("/nope%0A2026-01-01 [error    ] forged")
    [line] = output.getvalue().splitlines()
    assert "path=/nope%0A2026-01-01%20%5Berror%20%20%20%20%5D%20forged" in line
    assert "route=unmatched" in line


def _client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://clientbook.test")


class TestNoSecretInAnyLine:
    """Every way a credential travels, sent through the app with logging at DEBUG: none of it is in the output."""

    async def test_timetap_key_signature_and_session_token(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], capture_logs: CaptureLogs
    ) -> None:
        output = capture_logs("text", "DEBUG")
        keys = tenant["credentials"]["timetap"]
        signature = hashlib.md5((keys["api_key"] + keys["private_key"]).encode()).hexdigest()
        query = {"apiKey": keys["api_key"], "timestamp": "1700000000", "signature": signature}
        opened = await http.get("/timetap/live/sessionToken", params=query)
        token = opened.json()["sessionToken"]
        by_query = await http.get("/timetap/live/clients", params={"sessionToken": token})
        by_header = await http.get("/timetap/live/clients", headers={"Authorization": f"Bearer {token}"})
        assert [opened.status_code, by_query.status_code, by_header.status_code] == [200, 200, 200]
        _assert_absent(output.getvalue(), keys["api_key"], keys["private_key"], signature, token)
        assert "signature=[redacted]" in output.getvalue()

    async def test_webcamconsult_token_in_the_query_and_the_header(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], capture_logs: CaptureLogs
    ) -> None:
        output = capture_logs("json", "DEBUG")
        token = tenant["credentials"]["webcamconsult"]["token"]
        in_query = await http.get("/webcamconsult/users.json", params={"authentication_token": token})
        in_header = await http.get("/webcamconsult/users.json", headers={"Authorization": f"Token token={token}"})
        assert [in_query.status_code, in_header.status_code] == [200, 200]
        _assert_absent(output.getvalue(), token)

    async def test_wiredclient_key_pair_in_the_body(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], capture_logs: CaptureLogs
    ) -> None:
        output = capture_logs("text", "DEBUG")
        keys = tenant["credentials"]["wiredclient"]
        body = {
            **keys,
            "account_number": tenant["branches"][0]["account_number"],
            "id": 0,
            "first_name": "Ann",
            "last_name": "Lee",
            "mobile_phone1": "+1 415 555 0199",
        }
        answer = await http.post("/wiredclient/api/v1/client", json=body)
        assert answer.json()["status"] == 0, answer.text
        await http.post("/wiredclient/api/v1/client", json={**body, "api_password": "wrong-password-123"})
        _assert_absent(output.getvalue(), *keys.values(), "wrong-password-123")

    async def test_carecloud_password_bearer_and_customer_token_in_the_path(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], capture_logs: CaptureLogs
    ) -> None:
        output = capture_logs("json", "DEBUG")
        keys = tenant["credentials"]["carecloud"]
        base = "/carecloud/enterprise-interface/v1.0"
        login = {"user_external_application_id": keys["external_application_id"], **keys}
        bearer = (await http.post(f"{base}/users/actions/login", json=login)).json()["data"]["bearer_token"]
        assert (await http.get(f"{base}/customers", headers={"Authorization": f"Bearer {bearer}"})).status_code == 200
        token_id = "ab" * 36
        await http.post(f"/carecloud/customer-interface/v1.0/tokens/{token_id}/actions/login", json={})
        _assert_absent(output.getvalue(), keys["password"], bearer, token_id)
        assert any("{token_id}" in line["path"] for line in access_lines(output.getvalue()))

    async def test_sso_token_and_passwords_on_the_web_app(
        self, http: httpx.AsyncClient, capture_logs: CaptureLogs
    ) -> None:
        output = capture_logs("text", "DEBUG")
        jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzYW0ifQ.c2lnbmF0dXJlLW9mLWEtdG9rZW4"
        await http.get("/user/auto-login", params={"token": jwt, "redirect": "/"})
        await http.get("/anything", params={"password": "hunter2-hunter2", "apiKey": "k-123-456-789"})
        form = {"account_number": "1", "account_name": "sam", "password": "form-password-456"}
        await http.post("/login", data=form)
        _assert_absent(output.getvalue(), jwt, "hunter2-hunter2", "k-123-456-789", "form-password-456")
        assert "token=[redacted]" in output.getvalue()


def _assert_absent(output: str, *secrets: str) -> None:
    assert output.strip(), "nothing was logged"
    for secret in secrets:
        assert secret not in output


class _AnswersThenFails:
    """A raw ASGI endpoint that answers 503 and then raises, as a sub-app's error handler does."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 503, "headers": []})
        await send({"type": "http.response.body", "body": b"down"})
        raise RuntimeError("after the answer")


async def test_an_unhandled_error_is_logged_with_the_request_id_and_answered_500(
    settings: Settings, database: Database, capture_logs: CaptureLogs
) -> None:
    app = create_app(settings, database)

    async def broken(_request: Request) -> PlainTextResponse:
        raise RuntimeError("boom")

    app.router.routes[:0] = [Route("/_test/broken", broken), Route("/_test/late", _AnswersThenFails())]
    output = capture_logs("json", "INFO")
    transport = httpx.ASGITransport(app=app)  # raises what the app raises: nothing must escape
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        broken_answer = await client.get("/_test/broken", headers={"X-Request-ID": "probe-5"})
        late_answer = await client.get("/_test/late", headers={"X-Request-ID": "probe-6"})
    assert (broken_answer.status_code, broken_answer.headers["x-request-id"]) == (500, "probe-5")
    assert (late_answer.status_code, late_answer.text) == (503, "down")
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    failures = [line for line in lines if line["logger"] == "clientbook.errors"]
    assert [(line["request_id"], line["level"]) for line in failures] == [("probe-5", "error"), ("probe-6", "error")]
    assert "RuntimeError: boom" in failures[0]["exception"]
    assert [(line["request_id"], line["status"]) for line in access_lines(output.getvalue())] == [
        ("probe-5", 500),
        ("probe-6", 503),
    ]
