"""After an unexpected error the keep-alive connection stays usable (issue 14 item 7): each dialect answers in its
own 5xx form, and the client's next request on the same connection is served (real uvicorn, real sockets)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from clientbook.core import credentials, session_tokens

ENTERPRISE = "/carecloud/enterprise-interface/v1.0"
WIRED_BODY = {"api_key": "k", "api_password": "p", "account_number": "1", "first_name": "A"}

# (what fails, the request reaching it, how the dialect says 5xx)
CASES = [
    (session_tokens, "resolve", ("GET", "/timetap/live/clients", {"headers": {"Authorization": "Bearer x"}}), 500),
    (credentials, "find_token", ("GET", "/webcamconsult/users.json", {"headers": {"Authorization": "Token x"}}), 500),
    (credentials, "find_token", ("GET", f"{ENTERPRISE}/customers", {"headers": {"Authorization": "Bearer x"}}), 500),
    (credentials, "owner_of_key_pair", ("POST", "/wiredclient/api/v1/staff", {"json": WIRED_BODY}), 200),
]


def _client_port(response: httpx.Response) -> Any:
    """The connection's local address; None once the server has closed it."""
    try:
        return response.extensions["network_stream"].get_extra_info("client_addr")
    except OSError:
        return None


@pytest.mark.parametrize(
    ("module", "name", "request_", "status"), CASES, ids=["timetap", "webcam", "carecloud", "wired"]
)
async def test_the_connection_serves_the_next_request_after_an_unexpected_error(
    base_url: str,
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    name: str,
    request_: tuple[str, str, dict[str, Any]],
    status: int,
) -> None:
    async def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    method, path, kwargs = request_
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base_url, limits=limits) as http:
        monkeypatch.setattr(module, name, fail)
        failed = await http.request(method, path, **kwargs)
        port = _client_port(failed)
        assert port is not None, "the server closed the connection after its 5xx"
        assert failed.status_code == status, failed.text
        if status == 200:  # Wired Client says 5000 in an HTTP 200 body
            assert failed.json()["status"] == 5000
        monkeypatch.undo()
        served = await http.request(method, path, **kwargs)
        assert served.status_code < 500, served.text
        assert _client_port(served) == port  # the same connection, not a reconnect
