from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from clientbook.context import Context
from clientbook.core import accounts, sso
from tests.web.factories import Login, make_login, tenant_of


async def sso_token(context: Context, tenant: dict[str, Any], login: Login) -> str:
    """A fresh single sign-on token for `login` (as the Wired Client SSO call issues it)."""
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        signed_in = await accounts.authenticate(session, acting, login.account_name, login.password)
        return (await sso.issue(session, context.secret_key, signed_in)).token


async def sign_in(http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login) -> None:
    response = await http.get("/user/auto-login", params={"token": await sso_token(context, tenant, login)})
    assert response.status_code == 303, response.text


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture
async def login(context: Context, tenant: dict[str, Any]) -> Login:
    return await make_login(context, tenant)


@pytest.fixture
async def signed_in(http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login) -> Login:
    """The `http` client carries a session of `login`'s staff member."""
    await sign_in(http, context, tenant, login)
    return login
