"""Sign-in throttling (issue 14 item 12): an attacker guessing from elsewhere spends their own budget, not the user's;
one address guessing many accounts is throttled too; with the counter (Redis) unreachable, sign-in is refused unless
CLIENTBOOK_LOGIN_RATE_LIMIT_FAIL_OPEN says otherwise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.store.engine import Database
from tests.web.conftest import csrf_of
from tests.web.factories import Login

ATTACKER = "203.0.113.9"
USER = "198.51.100.4"


@asynccontextmanager
async def browser(app: Any, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


async def sign_in(web: httpx.AsyncClient, login: Login, password: str, account_name: str | None = None) -> int:
    form = await web.get("/login")
    data = {
        "csrf_token": csrf_of(form.text),
        "business": login.account_number,
        "account_name": account_name or login.account_name,
        "password": password,
    }
    return (await web.post("/login", data=data)).status_code


async def test_guesses_from_another_address_do_not_lock_the_user_out(
    settings: Settings, database: Database, login: Login
) -> None:
    app = create_app(settings.model_copy(update={"login_rate_limit": "2/day"}), database)
    async with browser(app, ATTACKER) as attacker, browser(app, USER) as user:
        assert [await sign_in(attacker, login, f"guess {n}") for n in range(3)] == [401, 401, 429]
        assert await sign_in(user, login, login.password) == 303


async def test_one_address_guessing_many_accounts_is_throttled(
    settings: Settings, database: Database, login: Login
) -> None:
    app = create_app(settings.model_copy(update={"login_address_rate_limit": "3/day"}), database)
    async with browser(app, ATTACKER) as attacker:
        statuses = [await sign_in(attacker, login, "guess", account_name=f"user{n}") for n in range(4)]
    assert statuses == [401, 401, 401, 429]


async def test_the_account_is_throttled_over_all_addresses_at_its_looser_limit(
    settings: Settings, database: Database, login: Login
) -> None:
    app = create_app(settings.model_copy(update={"login_account_rate_limit": "2/day"}), database)
    statuses = []
    for n in range(3):
        async with browser(app, f"192.0.2.{n + 1}") as somewhere:
            statuses.append(await sign_in(somewhere, login, "guess"))
    assert statuses == [401, 401, 429]


async def test_sign_in_is_refused_when_the_counter_is_unreachable(
    settings: Settings, database: Database, login: Login
) -> None:
    down = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    async with browser(create_app(down, database), USER) as user:
        form = await user.get("/login")
        data = {"csrf_token": csrf_of(form.text), "business": login.account_number}
        response = await user.post(
            "/login", data={**data, "account_name": login.account_name, "password": login.password}
        )
    assert response.status_code == 503
    assert "unavailable" in response.text
    open_ = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0", "login_rate_limit_fail_open": True})
    async with browser(create_app(open_, database), USER) as user:
        assert await sign_in(user, login, login.password) == 303
