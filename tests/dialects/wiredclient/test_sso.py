"""Wired Client single sign-on (seed 000 §5–6; vendors.md W1, W2, W14): every status, the token, the login_url."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import jwt
import pytest
from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.store.models import SsoToken, Staff
from tests.helpers import row_counts
from tests.web.factories import Login, make_client, make_login, make_staff

Call = Callable[..., Awaitable[dict[str, Any]]]
CONTACT_LIST = "sso/contactlist"
UNREAD_LIST = "sso/unreadcontactlist"


@pytest.fixture
def call(http: httpx.AsyncClient) -> Call:
    async def post(path: str, body: dict[str, Any] | str) -> dict[str, Any]:
        if isinstance(body, str):
            response = await http.post(
                f"/wiredclient/api/v1/{path}", content=body, headers={"Content-Type": "application/json"}
            )
        else:
            response = await http.post(f"/wiredclient/api/v1/{path}", json=body)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        assert set(data) == {"token", "login_url", "status", "message"}
        return data

    return post


@pytest.fixture
async def login(context: Context, tenant: dict[str, Any]) -> Login:
    return await make_login(context, tenant)


def sso_body(tenant: dict[str, Any], login: Login, **fields: Any) -> dict[str, Any]:
    return {
        **tenant["credentials"]["wiredclient"],
        "business_account_number": tenant["business"]["account_number"],
        "account_name": login.account_name,
        "account_password": login.password,
        **fields,
    }


async def tokens_issued(context: Context, business_id: int) -> int:
    async with context.db.transaction() as session:
        query = select(func.count()).select_from(SsoToken).where(SsoToken.business_id == business_id)
        return int(await session.scalar(query) or 0)


def redirect_of(login_url: str) -> str:
    """The decoded `redirect` of `{public}/#/user/auto-login?token=…&redirect=…`."""
    fragment = urlsplit(login_url).fragment
    assert fragment.startswith("/user/auto-login?")
    return parse_qs(fragment.split("?", 1)[1])["redirect"][0]


class TestContactList:
    async def test_answers_a_three_minute_token_and_a_login_url(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        answer = await call(CONTACT_LIST, sso_body(tenant, login))
        assert answer["status"] == 0
        assert answer["message"] == "Success"
        claims = jwt.decode(answer["token"], options={"verify_signature": False})
        assert claims["exp"] - claims["iat"] == 180
        assert answer["login_url"].startswith("http://clientbook.test/#/user/auto-login?token=")
        assert redirect_of(answer["login_url"]) == "/messages/list"
        assert await tokens_issued(context, login.business_id) == 1

    async def test_redirect_is_url_encoded_inside_its_parameter(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        client_id = await make_client(context, tenant)
        answer = await call(CONTACT_LIST, sso_body(tenant, login, contact_id=client_id))
        encoded = f"redirect=%2Fmessages%2Flist%3FcontactId%3D{client_id}%26contactType%3Dclient"
        assert answer["login_url"].endswith(encoded)
        assert unquote(answer["login_url"].split("redirect=")[1]) == (
            f"/messages/list?contactId={client_id}&contactType=client"
        )

    async def test_contact_id_of_a_staff_member_redirects_to_that_staff_member(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        staff_id = 2**60 + login.staff_id  # no client has this id, so detection finds the staff member
        async with context.db.transaction() as session:
            session.add(Staff(business_id=login.business_id, id=staff_id, first_name="Kim", last_name="Lee", extra={}))
        answer = await call(CONTACT_LIST, sso_body(tenant, login, contact_id=staff_id))
        assert answer["status"] == 0
        assert redirect_of(answer["login_url"]) == f"/messages/list?contactId={staff_id}&contactType=staff"

    async def test_staff_id_matching_the_account_is_accepted(
        self, call: Call, tenant: dict[str, Any], login: Login
    ) -> None:
        answer = await call(CONTACT_LIST, sso_body(tenant, login, staff_id=str(login.staff_id)))
        assert answer["status"] == 0

    async def test_each_call_issues_a_new_token(self, call: Call, tenant: dict[str, Any], login: Login) -> None:
        first = await call(CONTACT_LIST, sso_body(tenant, login))
        second = await call(CONTACT_LIST, sso_body(tenant, login))
        assert first["token"] != second["token"]


class TestUnreadContactList:
    async def test_redirects_to_the_unread_filter(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        client_id = await make_client(context, tenant)
        answer = await call(UNREAD_LIST, sso_body(tenant, login, contact_id=client_id))
        assert answer["status"] == 0
        assert answer["login_url"].endswith("redirect=%2Fmessages%2Flist%3Ffilter%3Dunread")


class TestRefusals:
    """Every refusal: HTTP 200, token and login_url null, the documented status, and no token recorded."""

    @pytest.mark.parametrize("path", [CONTACT_LIST, UNREAD_LIST])
    async def test_wrong_api_password_is_2000(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context, path: str
    ) -> None:
        answer = await call(path, sso_body(tenant, login, api_password="not-the-password"))
        assert answer == {"token": None, "login_url": None, "status": 2000, "message": "Invalid API credentials"}
        assert await tokens_issued(context, login.business_id) == 0

    async def test_another_business_s_api_key_is_2000(
        self, call: Call, tenant: dict[str, Any], login: Login, make_tenant: Any, context: Context
    ) -> None:
        other = await make_tenant(name="Other")
        body = {**sso_body(tenant, login), **other["credentials"]["wiredclient"]}
        answer = await call(CONTACT_LIST, body)
        assert answer["status"] == 1001  # other's key pair, this business's number: unknown to that tenant
        assert answer["token"] is None
        assert await tokens_issued(context, login.business_id) == 0

    @pytest.mark.parametrize("path", [CONTACT_LIST, UNREAD_LIST])
    async def test_wrong_account_password_is_2001(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context, path: str
    ) -> None:
        answer = await call(path, sso_body(tenant, login, account_password="wrong password"))
        assert answer == {
            "token": None,
            "login_url": None,
            "status": 2001,
            "message": "Target contact account not found or invalid password",
        }
        assert await tokens_issued(context, login.business_id) == 0

    async def test_unknown_account_name_is_2001(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        answer = await call(CONTACT_LIST, sso_body(tenant, login, account_name="nobody"))
        assert answer["status"] == 2001
        assert await tokens_issued(context, login.business_id) == 0

    async def test_staff_id_of_another_staff_member_is_2001(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        other_staff = await make_staff(context, tenant)
        answer = await call(CONTACT_LIST, sso_body(tenant, login, staff_id=other_staff))
        assert answer["status"] == 2001
        assert answer["message"] == "Target contact account not found or invalid password"
        assert await tokens_issued(context, login.business_id) == 0

    async def test_unknown_contact_id_is_2003(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        answer = await call(CONTACT_LIST, sso_body(tenant, login, contact_id=2**62))
        assert answer == {"token": None, "login_url": None, "status": 2003, "message": "Target contact not found"}
        assert await tokens_issued(context, login.business_id) == 0

    async def test_contact_of_another_business_is_2003(
        self, call: Call, tenant: dict[str, Any], login: Login, make_tenant: Any, context: Context
    ) -> None:
        other_client = await make_client(context, await make_tenant(name="Other"))
        answer = await call(CONTACT_LIST, sso_body(tenant, login, contact_id=other_client))
        assert answer["status"] == 2003
        assert await tokens_issued(context, login.business_id) == 0

    async def test_unknown_business_account_number_is_1001(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        answer = await call(CONTACT_LIST, sso_body(tenant, login, business_account_number="not-a-number"))
        assert answer["status"] == 1001
        assert "business account number" in answer["message"]
        assert await tokens_issued(context, login.business_id) == 0

    async def test_missing_account_name_is_2000_naming_the_field(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        body = sso_body(tenant, login)
        del body["account_name"]
        answer = await call(CONTACT_LIST, body)
        assert answer["status"] == 2000
        assert "account_name" in answer["message"]
        assert await tokens_issued(context, login.business_id) == 0

    async def test_non_numeric_contact_id_is_2000_naming_the_field(
        self, call: Call, tenant: dict[str, Any], login: Login
    ) -> None:
        answer = await call(CONTACT_LIST, sso_body(tenant, login, contact_id="abc"))
        assert answer["status"] == 2000
        assert "contact_id" in answer["message"]

    async def test_malformed_json_is_2000(self, call: Call) -> None:
        answer = await call(CONTACT_LIST, "{not json")
        assert answer["status"] == 2000
        assert answer["token"] is None
        assert "Malformed JSON" in answer["message"]


class TestClientSmsPath:
    """W2: the seed gives `/api/v1/clientsms` for single sign-on too; an SSO-shaped body is the contact-list call."""

    async def test_sso_shaped_body_gets_a_login_url(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context
    ) -> None:
        client_id = await make_client(context, tenant)
        answer = await call("clientsms", sso_body(tenant, login, contact_id=client_id))
        assert answer["status"] == 0
        assert redirect_of(answer["login_url"]) == f"/messages/list?contactId={client_id}&contactType=client"

    async def test_sso_shaped_body_with_a_wrong_password_is_2001_and_sends_nothing(
        self, call: Call, tenant: dict[str, Any], login: Login, context: Context, read: Any
    ) -> None:
        answer = await call("clientsms", sso_body(tenant, login, account_password="wrong password", message="hi"))
        assert answer["status"] == 2001
        assert answer["token"] is None
        assert await tokens_issued(context, login.business_id) == 0
        assert (await row_counts(read, login.business_id))["messages"] == 0

    async def test_sms_body_is_still_an_sms(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], context: Context
    ) -> None:
        client_id = await make_client(context, tenant)
        body = {
            **tenant["credentials"]["wiredclient"],
            "account_number": tenant["branches"][0]["account_number"],
            "id": client_id,
            "message": "Reminder: tomorrow 9am",
        }
        answer = (await http.post("/wiredclient/api/v1/clientsms", json=body)).json()
        assert answer["status"] == 0
        assert answer["smsid"] > 0
