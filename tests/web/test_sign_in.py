"""Signing in to the staff web app: the magic link's hash forwarder, auto-login, password login, logout."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import accounts, sso
from clientbook.store.engine import Database
from clientbook.store.models import utcnow
from tests.web.conftest import csrf_of, sso_token
from tests.web.factories import Login, tenant_of


def session_cookie(response: httpx.Response) -> str | None:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith("clientbook_session="):
            return header
    return None


class TestHashForwarder:
    async def test_root_forwards_the_auto_login_hash_with_a_no_javascript_fallback(
        self, http: httpx.AsyncClient
    ) -> None:
        response = await http.get("/")
        assert response.status_code == 200
        assert 'window.location.replace("/user/auto-login"' in response.text
        assert "<noscript>" in response.text
        nonce = response.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
        assert f'<script nonce="{nonce}">' in response.text
        assert response.headers["referrer-policy"] == "no-referrer"


class TestAutoLogin:
    async def test_starts_a_session_and_goes_to_the_redirect(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login
    ) -> None:
        token = await sso_token(context, tenant, login)
        response = await http.get(
            "/user/auto-login", params={"token": token, "redirect": "/messages/list?filter=unread"}
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/messages/list?filter=unread"
        cookie = session_cookie(response)
        assert cookie is not None
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert "Secure" not in cookie  # the public URL is http in the tests
        page = await http.get("/messages/list")
        assert page.status_code == 200
        assert "Sam Rivera" in page.text

    async def test_a_token_signs_in_once(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login
    ) -> None:
        token = await sso_token(context, tenant, login)
        assert (await http.get("/user/auto-login", params={"token": token})).status_code == 303
        http.cookies.clear()
        again = await http.get("/user/auto-login", params={"token": token})
        assert again.status_code == 401
        assert "has been used already" in again.text
        assert session_cookie(again) is None

    async def test_two_concurrent_uses_of_one_token_sign_in_once(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login
    ) -> None:
        token = await sso_token(context, tenant, login)
        answers = await asyncio.gather(*(http.get("/user/auto-login", params={"token": token}) for _ in range(4)))
        assert sorted(a.status_code for a in answers) == [303, 401, 401, 401]

    async def test_an_expired_token_is_refused(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login
    ) -> None:
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            signed_in = await accounts.authenticate(session, acting, login.account_name, login.password)
            issued = await sso.issue(session, context.secret_key, signed_in, now=utcnow() - timedelta(minutes=4))
        response = await http.get("/user/auto-login", params={"token": issued.token})
        assert response.status_code == 401
        assert session_cookie(response) is None

    @pytest.mark.parametrize("token", ["", "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."])
    async def test_a_forged_or_missing_token_is_refused(self, http: httpx.AsyncClient, token: str) -> None:
        response = await http.get("/user/auto-login", params={"token": token})
        assert response.status_code == 401
        assert session_cookie(response) is None

    @pytest.mark.parametrize(
        "target",
        ["https://evil.example/", "//evil.example/x", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)", ""],
    )
    async def test_never_redirects_off_site(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login, target: str
    ) -> None:
        token = await sso_token(context, tenant, login)
        response = await http.get("/user/auto-login", params={"token": token, "redirect": target})
        assert response.status_code == 303
        assert response.headers["location"] == "/messages/list"

    async def test_session_cookie_is_secure_when_the_public_url_is_https(
        self, settings: Settings, database: Database, context: Context, tenant: dict[str, Any], login: Login
    ) -> None:
        app: FastAPI = create_app(settings.model_copy(update={"public_url": "https://crm.example"}), database)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://crm.example") as client:
            token = await sso_token(context, tenant, login)
            response = await client.get("/user/auto-login", params={"token": token})
        cookie = session_cookie(response)
        assert cookie is not None
        assert "Secure" in cookie


class TestPasswordLogin:
    async def test_pages_without_a_session_redirect_to_the_login_form(self, http: httpx.AsyncClient) -> None:
        response = await http.get("/messages/list?filter=unread")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=" + quote("/messages/list?filter=unread", safe="")

    async def test_signs_in_and_returns_to_the_page_asked_for(self, http: httpx.AsyncClient, login: Login) -> None:
        form = await http.get("/login", params={"next": "/messages/list?filter=unread"})
        assert form.status_code == 200
        assert '<label for="password">Password</label>' in form.text
        response = await http.post(
            "/login",
            data={
                "csrf_token": csrf_of(form.text),
                "business": login.account_number,
                "account_name": login.account_name,
                "password": login.password,
                "next": "/messages/list?filter=unread",
            },
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/messages/list?filter=unread"
        assert session_cookie(response) is not None
        assert (await http.get("/messages/list")).status_code == 200

    async def test_the_form_remembers_the_business_of_the_last_sign_in(
        self, http: httpx.AsyncClient, login: Login
    ) -> None:
        form = await http.get("/login")
        assert f'value="{login.account_number}"' not in form.text
        await http.post(
            "/login",
            data={
                "csrf_token": csrf_of(form.text),
                "business": login.account_number,
                "account_name": login.account_name,
                "password": login.password,
            },
        )
        again = await http.get("/login")
        assert f'name="business" value="{login.account_number}"' in again.text

    async def test_wrong_password_shows_the_form_again_without_a_session(
        self, http: httpx.AsyncClient, login: Login
    ) -> None:
        form = await http.get("/login")
        response = await http.post(
            "/login",
            data={
                "csrf_token": csrf_of(form.text),
                "business": login.account_number,
                "account_name": login.account_name,
                "password": "wrong password",
            },
        )
        assert response.status_code == 401
        assert "is not right" in response.text
        assert session_cookie(response) is None
        assert (await http.get("/messages/list")).status_code == 303

    async def test_too_many_attempts_on_one_account_are_refused_even_with_the_right_password(
        self, settings: Settings, database: Database, login: Login
    ) -> None:
        app = create_app(settings.model_copy(update={"login_rate_limit": "2/day"}), database)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://clientbook.test") as web:
            statuses = []
            for password in ("wrong password", "wrong again", login.password):
                form = await web.get("/login")
                response = await web.post(
                    "/login",
                    data={
                        "csrf_token": csrf_of(form.text),
                        "business": login.account_number,
                        "account_name": login.account_name,
                        "password": password,
                    },
                )
                statuses.append(response.status_code)
        assert statuses == [401, 401, 429]
        assert "Too many sign-in attempts" in response.text
        assert session_cookie(response) is None

    async def test_login_without_its_csrf_token_is_refused(self, http: httpx.AsyncClient, login: Login) -> None:
        await http.get("/login")
        response = await http.post(
            "/login",
            data={"business": login.account_number, "account_name": login.account_name, "password": login.password},
        )
        assert response.status_code == 403
        assert session_cookie(response) is None


class TestLogout:
    async def test_ends_the_session(self, http: httpx.AsyncClient, signed_in: Login) -> None:
        page = await http.get("/messages/list")
        cookie = http.cookies.get("clientbook_session")
        response = await http.post("/logout", data={"csrf_token": csrf_of(page.text)})
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        # The old cookie no longer works, even if the browser kept it.
        http.cookies.set("clientbook_session", cookie or "")
        assert (await http.get("/messages/list")).status_code == 303

    async def test_logout_without_the_csrf_token_is_refused(self, http: httpx.AsyncClient, signed_in: Login) -> None:
        response = await http.post("/logout", data={})
        assert response.status_code == 403
        assert (await http.get("/messages/list")).status_code == 200
