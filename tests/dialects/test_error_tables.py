"""Every core error has a row of its own in every app's error table, and each app answers every code in its own form.

Zulip's stable error codes, times each dialect: a new `ClientbookError` subclass that falls through to a table's
base row fails here until every app says how it answers it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import clientbook
from clientbook.core import errors as core
from clientbook.dialects.registry import DIALECTS
from clientbook.edge import errors as kit

# Every app with an error table: the dialects (from the registry, so a new one is checked too), the web app, /sms.
APPS: dict[str, str] = {
    **{d.name: f"clientbook.dialects.{d.name}.errors" for d in DIALECTS},
    "web": "clientbook.web.errors",
    "sms": "clientbook.delivery.errors",
}


def _import_all() -> None:
    """Import every module of the package, so every error class anywhere is defined."""
    for module in pkgutil.walk_packages(clientbook.__path__, "clientbook."):
        if ".migrations." not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls: type[core.ClientbookError]) -> Iterator[type[core.ClientbookError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


_import_all()
ERROR_CLASSES = sorted(set(_subclasses(core.ClientbookError)), key=lambda c: c.__qualname__)


def _module(app: str) -> ModuleType:
    return importlib.import_module(APPS[app])


def _tables(app: str) -> dict[str, kit.Table[Any]]:
    module = _module(app)
    tables: dict[str, kit.Table[Any]] = {app: module.TABLE}
    if app == "wiredclient":
        tables["wiredclient single sign-on"] = module.SSO.status
    return tables


def test_every_error_class_is_defined_in_core_errors() -> None:
    strays = [f"{c.__module__}.{c.__qualname__}" for c in ERROR_CLASSES if c.__module__ != core.__name__]
    assert strays == [], "add error classes to clientbook/core/errors.py"


def test_every_error_class_carries_a_stable_code() -> None:
    assert all(isinstance(c.code, core.ErrorCode) for c in ERROR_CLASSES)


@pytest.mark.parametrize("app", sorted(APPS))
def test_every_error_class_has_an_explicit_row(app: str) -> None:
    for name, table in _tables(app).items():
        missing = [c.__qualname__ for c in ERROR_CLASSES if table.row_class(c) is core.ClientbookError]
        assert missing == [], f"{name}: no row for {', '.join(missing)} (they fall through to ClientbookError)"


def test_the_most_specific_row_answers() -> None:
    table = kit.Table({core.NotFound: "not found", core.StaffNotFound: "no staff", core.ClientbookError: "base"})
    assert table.of(core.StaffNotFound(id=1)) == "no staff"
    assert table.of(core.ClientNotFound(id=1)) == "not found"
    assert table.of(core.Conflict("x")) == "base"
    assert table.override({core.ClientNotFound: "no client"}).of(core.ClientNotFound(id=1)) == "no client"


def test_a_table_without_a_base_row_is_refused() -> None:
    with pytest.raises(ValueError, match="base"):
        kit.Table({core.NotFound: 404})


# One error of each stable code; a new code needs one here (and, below, its answer in every app).
EXAMPLES: dict[core.ErrorCode, core.ClientbookError] = {
    core.ErrorCode.INVALID: core.ValidationFailed.single("email", core.Reason.INVALID_FORMAT, "email is not valid"),
    core.ErrorCode.NOT_FOUND: core.ClientNotFound(field="id", id=7),
    core.ErrorCode.DELETED: core.ClientDeleted(field="id", id=7),
    core.ErrorCode.DUPLICATE: core.DuplicateEmail("email is taken", field="email"),
    core.ErrorCode.UNAUTHORIZED: core.Unauthorized("no such credentials"),
    core.ErrorCode.FORBIDDEN: core.Forbidden("not yours"),
    core.ErrorCode.TOO_LARGE: core.PayloadTooLarge("the body is too large"),
    core.ErrorCode.RATE_LIMITED: core.RateLimited("slow down", retry_after=3),
    core.ErrorCode.CONFLICT: core.Conflict("changed meanwhile"),
    core.ErrorCode.LOGIN_FAILED: core.LoginFailed("Invalid login or password"),
    core.ErrorCode.LOGIN_REQUIRED: core.LoginRequired("/messages/list"),
    core.ErrorCode.CSRF_REJECTED: core.CsrfRejected("The form has expired"),
    core.ErrorCode.INTERFACE_NOT_ALLOWED: core.InterfaceNotAllowed("users", "Customer"),
}

C = core.ErrorCode
# The HTTP status each app answers each code with (Wired Client: HTTP 200 and the code in the body, but 429).
STATUS: dict[str, dict[core.ErrorCode, int]] = {
    "wiredclient": {c: 429 if c is C.RATE_LIMITED else 200 for c in C},
    "timetap": {
        **{C.INVALID: 400, C.NOT_FOUND: 404, C.DELETED: 404, C.DUPLICATE: 409, C.UNAUTHORIZED: 401},
        **{C.FORBIDDEN: 403, C.TOO_LARGE: 413, C.RATE_LIMITED: 429, C.CONFLICT: 409, C.LOGIN_FAILED: 401},
        **{C.LOGIN_REQUIRED: 401, C.CSRF_REJECTED: 403, C.INTERFACE_NOT_ALLOWED: 403},
    },
    "webcamconsult": {
        **{C.INVALID: 422, C.NOT_FOUND: 404, C.DELETED: 404, C.DUPLICATE: 422, C.UNAUTHORIZED: 401},
        **{C.FORBIDDEN: 403, C.TOO_LARGE: 413, C.RATE_LIMITED: 429, C.CONFLICT: 409, C.LOGIN_FAILED: 401},
        **{C.LOGIN_REQUIRED: 401, C.CSRF_REJECTED: 403, C.INTERFACE_NOT_ALLOWED: 403},
    },
    "carecloud": {
        **{C.INVALID: 400, C.NOT_FOUND: 400, C.DELETED: 400, C.DUPLICATE: 400, C.UNAUTHORIZED: 401},
        **{C.FORBIDDEN: 403, C.TOO_LARGE: 400, C.RATE_LIMITED: 429, C.CONFLICT: 400, C.LOGIN_FAILED: 401},
        **{C.LOGIN_REQUIRED: 401, C.CSRF_REJECTED: 403, C.INTERFACE_NOT_ALLOWED: 403},
    },
    "clientbook": {
        **{C.INVALID: 422, C.NOT_FOUND: 404, C.DELETED: 410, C.DUPLICATE: 409, C.UNAUTHORIZED: 401},
        **{C.FORBIDDEN: 403, C.TOO_LARGE: 413, C.RATE_LIMITED: 429, C.CONFLICT: 409, C.LOGIN_FAILED: 401},
        **{C.LOGIN_REQUIRED: 401, C.CSRF_REJECTED: 403, C.INTERFACE_NOT_ALLOWED: 403},
    },
    "web": {
        **{C.INVALID: 400, C.NOT_FOUND: 404, C.DELETED: 404, C.DUPLICATE: 409, C.UNAUTHORIZED: 401},
        **{C.FORBIDDEN: 403, C.TOO_LARGE: 413, C.RATE_LIMITED: 400, C.CONFLICT: 409, C.LOGIN_FAILED: 401},
        **{C.LOGIN_REQUIRED: 303, C.CSRF_REJECTED: 403, C.INTERFACE_NOT_ALLOWED: 403},
    },
    "sms": {
        **dict.fromkeys(C, 400),
        **{C.FORBIDDEN: 403, C.TOO_LARGE: 413, C.CSRF_REJECTED: 403, C.INTERFACE_NOT_ALLOWED: 403},
    },
}


def test_every_code_has_an_example_and_an_answer_in_every_app() -> None:
    assert set(EXAMPLES) == set(core.ErrorCode)
    assert set(STATUS) == set(APPS)
    assert all(set(statuses) == set(core.ErrorCode) for statuses in STATUS.values())


async def _answer(app: str, error: core.ClientbookError) -> httpx.Response:
    """What `app`'s error handlers answer when a route raises `error`."""
    server = FastAPI()
    kit.install(server, _module(app).FORMS)

    @server.post("/raise")
    async def raise_it() -> None:
        raise error

    transport = httpx.ASGITransport(app=server, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        return await client.post("/raise")


def _in_form(app: str, code: core.ErrorCode, response: httpx.Response) -> None:
    """The body is in the app's own form."""
    if app == "wiredclient":
        body = response.json()
        assert set(body) == {"id", "status", "message"}
        assert body["id"] == 0
        assert body["status"] >= 1000
    elif app == "timetap":
        assert {"errorMessage", "field", "status"} <= set(response.json())
    elif app == "webcamconsult":
        if response.status_code == 401:
            assert response.text == "HTTP Token: Access denied.\n"
        else:
            assert set(response.json()) == {"errors"}
    elif app == "carecloud":
        error = response.json()["error"]
        assert {"type", "exception", "title", "detail", "error_data"} == set(error)
    elif app == "clientbook":
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == f"https://clientbook.dev/problems/{code.value}"
    elif app == "web":
        if response.status_code == 303:
            assert response.headers["location"] == "/login?next=%2Fmessages%2Flist"
        else:
            assert response.headers["content-type"].startswith("text/html")
    else:
        assert set(response.json()) == {"error", "field"}


@pytest.mark.parametrize("code", list(core.ErrorCode), ids=str)
@pytest.mark.parametrize("app", sorted(APPS))
async def test_each_app_answers_each_code_in_its_own_form(app: str, code: core.ErrorCode) -> None:
    response = await _answer(app, EXAMPLES[code])
    assert response.status_code == STATUS[app][code]
    _in_form(app, code, response)


async def test_wired_client_names_the_code_in_the_body() -> None:
    codes = {c: (await _answer("wiredclient", EXAMPLES[c])).json()["status"] for c in core.ErrorCode}
    assert codes == {c: 2003 if c in (C.NOT_FOUND, C.DELETED) else 2000 for c in core.ErrorCode}


async def test_an_error_in_a_scope_is_rendered_with_it() -> None:
    """`within`: Wired Client's sign-on routes give LoginFailed its own code and message, in the sign-on form."""
    from clientbook.dialects.wiredclient import errors as wired

    server = FastAPI()
    kit.install(server, wired.FORMS)

    @server.post("/sso")
    async def sign_on() -> None:
        with kit.within(wired.SSO):
            raise core.LoginFailed("wrong password", field="account_password")

    transport = httpx.ASGITransport(app=server, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        response = await client.post("/sso")
    assert response.json() == {"token": None, "login_url": None, "status": 2001, "message": wired.LOGIN_FAILED}


async def test_a_405_names_every_method_the_path_serves() -> None:
    server = FastAPI()
    kit.install(server, _module("timetap").FORMS)
    server.get("/things")(lambda: [])
    server.post("/things")(lambda: {})
    transport = httpx.ASGITransport(app=server, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        response = await client.delete("/things")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_an_unexpected_error_is_logged_and_never_leaked(caplog: pytest.LogCaptureFixture) -> None:
    for app in sorted(APPS):
        caplog.clear()
        server = FastAPI()
        kit.install(server, _module(app).FORMS)

        @server.get("/boom")
        async def boom() -> None:
            raise RuntimeError("secret detail")

        transport = httpx.ASGITransport(app=server, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
            response = await client.get("/boom")
        assert "secret detail" not in response.text, app
        assert response.status_code == (200 if app == "wiredclient" else 500), app
        if app != "sms":  # /sms keeps Starlette's own 500 (and its log line)
            assert [r.getMessage() for r in caplog.records if r.name == kit.__name__] == [
                f"{app}: unexpected error on GET /boom"
            ]
