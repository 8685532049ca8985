"""CareCloud customer credentials and tokens: verify-credentials, authentication tokens handed from one application
to another (issued on either interface, redeemed once by verify-auth-token or authentication-token-login), the
device token's setup, validate-customer-data and the staff SSO login. Every answer is checked against the spec."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import accounts, auth_tokens, sso, staff
from clientbook.core.errors import ValidationFailed
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Tenant
from clientbook.dialects.carecloud.auth import AUTH_TOKEN_REALMS
from clientbook.store.models import ApiToken, utcnow
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import CUSTOMER, ENTERPRISE, Api, MakeApi, creds, customer_body, open_token, source_id

PASSWORD = "Secret123x"


async def registered(api: Api, password: str = PASSWORD) -> tuple[str, str]:
    """A customer with a password: (customer id, e-mail address)."""
    body = customer_body(await source_id(api))
    body["password"] = password
    response = await api.post("/customers", body)
    assert response.status_code == 201, response.text
    return response.json()["data"]["customer_id"], body["customer"]["personal_information"]["email"]


def token_of(api: Api) -> str:
    return api.headers["Authorization"].removeprefix("Bearer ")


def app_id(api: Api) -> str:
    return creds(api.tenant)["external_application_id"]


def invalid_names(response: httpx.Response) -> list[str]:
    return [p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]]


async def issue(api: Api, customer_id: str, token_type: int = 1) -> dict[str, str]:
    body = {"customer_id": customer_id, "external_application_id": app_id(api), "token_type": token_type}
    response = await api.post("/customers/actions/auth-token", body)
    assert response.status_code == 200, response.text
    data: dict[str, str] = response.json()["data"]
    return data


def redeeming(api: Api, issued: dict[str, str]) -> dict[str, str]:
    return {
        "application_id": app_id(api),
        "token": issued["authentication_token"],
        "token_request_id": issued["token_request_id"],
    }


# ---- verify-credentials ------------------------------------------------------------------------------------------


async def test_verify_credentials_names_the_customer_and_a_wrong_password_is_401(api: Api) -> None:
    customer_id, email = await registered(api)
    body = {"login_type": "email", "login_value": email.upper(), "password": PASSWORD}
    verified = await api.post("/customers/actions/verify-credentials", body)
    assert verified.status_code == 200
    assert verified.json()["data"] == {"customer_id": customer_id}
    wrong = await api.post("/customers/actions/verify-credentials", {**body, "password": "Wrong123x"})
    assert wrong.status_code == 401
    unknown = await api.post("/customers/actions/verify-credentials", {**body, "login_value": "nobody@example.com"})
    assert unknown.status_code == 401


async def test_verify_credentials_is_enterprise_only(customer_api: Api) -> None:
    body = {"login_type": "email", "login_value": "a@example.com", "password": PASSWORD}
    response = await customer_api.post("/customers/actions/verify-credentials", body)
    assert response.status_code == 403
    assert response.json()["error"]["exception"] == "interface_not_allowed_exception"


async def test_verify_credentials_with_a_card_nobody_holds_is_a_failed_login(api: Api) -> None:
    body = {"login_type": "card", "login_value": "1234", "password": PASSWORD}
    response = await api.post("/customers/actions/verify-credentials", body)
    assert response.status_code == 401


# ---- authentication tokens ---------------------------------------------------------------------------------------


async def test_an_authentication_token_logs_the_customer_in_to_a_device_token_once(api: Api, customer_api: Api) -> None:
    customer_id, _ = await registered(api)
    issued = await issue(api, customer_id)
    assert len(issued["authentication_token"]) == 32
    assert issued["authentication_token"].isalnum()
    assert "valid_to" in issued
    device = token_of(customer_api)
    path = f"/tokens/{device}/actions/authentication-token-login"
    logged = await customer_api.post(path, redeeming(api, issued))
    assert logged.status_code == 200, logged.text
    assert logged.json()["data"] == {"customer_id": customer_id}
    assert (await customer_api.get(f"/customers/{customer_id}")).status_code == 200
    again = await customer_api.post(path, redeeming(api, issued))
    assert again.status_code == 400
    assert invalid_names(again) == ["token"]


async def test_a_numeric_token_is_eight_digits_and_verify_auth_token_uses_it_up(api: Api) -> None:
    customer_id, _ = await registered(api)
    issued = await issue(api, customer_id, token_type=2)
    assert len(issued["authentication_token"]) == 8
    assert issued["authentication_token"].isdigit()
    verified = await api.post("/customers/actions/verify-auth-token", redeeming(api, issued))
    assert verified.status_code == 200
    assert verified.json()["data"] == {"customer_id": customer_id}
    again = await api.post("/customers/actions/verify-auth-token", redeeming(api, issued))
    assert again.status_code == 400
    assert invalid_names(again) == ["token"]


async def test_a_token_needs_its_request_id_and_its_application(api: Api) -> None:
    customer_id, _ = await registered(api)
    issued = await issue(api, customer_id)
    wrong_request = {**redeeming(api, issued), "token_request_id": "0" * 32}
    assert (await api.post("/customers/actions/verify-auth-token", wrong_request)).status_code == 400
    wrong_application = {**redeeming(api, issued), "application_id": "another-application"}
    assert (await api.post("/customers/actions/verify-auth-token", wrong_application)).status_code == 400
    # Neither failed attempt used the token up.
    assert (await api.post("/customers/actions/verify-auth-token", redeeming(api, issued))).status_code == 200


async def test_an_authentication_token_expires_after_five_minutes(api: Api, context: Context) -> None:
    customer_id, _ = await registered(api)
    issued = await issue(api, customer_id)
    tenant = Tenant(api.tenant["business"]["id"])
    later = utcnow() + auth_tokens.LIFETIME + timedelta(seconds=1)
    with pytest.raises(ValidationFailed):
        async with context.db.transaction() as session:
            await auth_tokens.redeem(
                session,
                context.secret_key,
                tenant,
                AUTH_TOKEN_REALMS,
                app_id(api),
                issued["authentication_token"],
                issued["token_request_id"],
                now=later,
            )


async def test_the_authentication_token_is_stored_only_as_a_keyed_hash(api: Api, read: Read) -> None:
    customer_id, _ = await registered(api)
    issued = await issue(api, customer_id)
    business_id = api.tenant["business"]["id"]
    rows = await read(
        lambda s: s.execute(
            select(ApiToken.token_hash, ApiToken.data).where(
                ApiToken.business_id == business_id, ApiToken.kind == auth_tokens.KIND
            )
        )
    )
    stored = [str(row) for row in rows]
    assert len(stored) == 1
    assert issued["authentication_token"] not in stored[0]
    assert issued["token_request_id"] not in stored[0]


async def test_a_logged_in_customer_gets_an_authentication_token_for_another_application(
    api: Api, customer_api: Api
) -> None:
    customer_id, email = await registered(api)
    device = token_of(customer_api)
    query = f"external_application_id={app_id(api)}&token_type=1"
    before = await customer_api.get(f"/tokens/{device}/actions/auth-token?{query}")
    assert before.status_code == 403  # nobody logged in yet
    login = {"login_type": "email", "login_value": email, "password": PASSWORD}
    assert (await customer_api.post(f"/tokens/{device}/actions/login", login)).status_code == 200
    response = await customer_api.get(f"/tokens/{device}/actions/auth-token?{query}")
    assert response.status_code == 200, response.text
    issued = response.json()["data"]
    verified = await api.post("/customers/actions/verify-auth-token", redeeming(api, issued))
    assert verified.json()["data"] == {"customer_id": customer_id}
    bad_type = await customer_api.get(f"/tokens/{device}/actions/auth-token?external_application_id=x&token_type=3")
    assert bad_type.status_code == 400
    assert invalid_names(bad_type) == ["token_type"]


async def test_authentication_tokens_never_cross_businesses(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    other = await api_for(await make_tenant("Other business"))
    theirs, _ = await registered(other)
    refused = await api.post(
        "/customers/actions/auth-token",
        {"customer_id": theirs, "external_application_id": app_id(api), "token_type": 1},
    )
    assert refused.status_code == 400
    assert invalid_names(refused) == ["customer_id"]
    mine, _ = await registered(api)
    foreign_application = await api.post(
        "/customers/actions/auth-token",
        {"customer_id": mine, "external_application_id": app_id(other), "token_type": 1},
    )
    assert foreign_application.status_code == 400
    assert invalid_names(foreign_application) == ["external_application_id"]
    business_id = api.tenant["business"]["id"]
    issued_rows = await read(
        lambda s: s.scalars(
            select(ApiToken.token_hash).where(ApiToken.business_id == business_id, ApiToken.kind == auth_tokens.KIND)
        )
    )
    assert list(issued_rows) == []  # neither refusal issued a token
    issued = await issue(other, theirs)
    assert (await api.post("/customers/actions/verify-auth-token", redeeming(other, issued))).status_code == 400
    assert (await other.post("/customers/actions/verify-auth-token", redeeming(other, issued))).status_code == 200


# ---- the device token --------------------------------------------------------------------------------------------


async def test_put_token_replaces_the_setup_and_push_token(customer_api: Api, read: Read) -> None:
    device = token_of(customer_api)
    setup = {"language_id": "cs", "allowed_gps": True, "allowed_notifications": False}
    response = await customer_api.put(f"/tokens/{device}", {"setup": setup, "push_token": "apns-123"})
    assert response.status_code == 204
    business_id = customer_api.tenant["business"]["id"]
    data = await read(
        lambda s: s.scalar(
            select(ApiToken.data).where(ApiToken.business_id == business_id, ApiToken.kind == "customer")
        )
    )
    assert data["setup"] == setup
    assert data["push_token"] == "apns-123"


async def test_put_token_refuses_another_token_and_a_setup_without_its_fields(
    http: httpx.AsyncClient, tenant: dict[str, Any], customer_api: Api
) -> None:
    other = await open_token(http, tenant, device_id="another-device")
    setup = {"language_id": "cs", "allowed_gps": True, "allowed_notifications": False}
    assert (await customer_api.put(f"/tokens/{other}", {"setup": setup})).status_code == 404
    incomplete = await customer_api.put(f"/tokens/{token_of(customer_api)}", {"setup": {"language_id": "cs"}})
    assert incomplete.status_code == 400
    assert "setup.allowed_gps" in invalid_names(incomplete)


# ---- validate-customer-data --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "valid"),
    [("password", "Secret123x", True), ("password", "weakpass", False), ("referral_code", "FRIEND", False)],
)
async def test_validate_customer_data_needs_no_login_and_applies_the_password_policy(
    http: httpx.AsyncClient, kind: str, value: str, valid: bool
) -> None:
    for base in (ENTERPRISE, CUSTOMER):
        response = await http.post(
            f"{base}/customers/actions/validate-customer-data", json={"type": kind, "value": value}
        )
        assert response.status_code == 200
        assert response.json()["data"] == {"is_valid": valid}


# ---- users/actions/sso-login -------------------------------------------------------------------------------------


async def _sso_token(context: Context, tenant: dict[str, Any], account_name: str) -> tuple[str, int]:
    business = Tenant(tenant["business"]["id"])
    async with context.db.transaction() as session:
        member = await staff.create(session, business, StaffChanges(first_name="Olga", last_name="Sso"))
        await accounts.create(session, business, member.id, account_name, "Staff-pass-1")
        signed_in = await accounts.authenticate(session, business, account_name, "Staff-pass-1")
        issued = await sso.issue(session, context.secret_key, signed_in)
    return issued.token, member.id


async def test_sso_login_opens_an_enterprise_session_once(
    http: httpx.AsyncClient, tenant: dict[str, Any], context: Context
) -> None:
    token, member_id = await _sso_token(context, tenant, "olga.sso")
    body = {"user_external_application_id": creds(tenant)["external_application_id"], "sso_token": token}
    api = Api(http, ENTERPRISE, {}, tenant)
    response = await api.post("/users/actions/sso-login", body)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["user"]["user_id"], data["user"]["login"]) == (str(member_id), "olga.sso")
    stores = await http.get(f"{ENTERPRISE}/stores", headers={"Authorization": f"Bearer {data['bearer_token']}"})
    assert stores.status_code == 200
    assert (await api.post("/users/actions/sso-login", body)).status_code == 401  # single use


async def test_sso_login_with_another_business_application_is_401(
    http: httpx.AsyncClient, tenant: dict[str, Any], make_tenant: TenantFactory, context: Context
) -> None:
    token, _ = await _sso_token(context, tenant, "olga.other")
    other = await make_tenant("Other business")
    body = {"user_external_application_id": creds(other)["external_application_id"], "sso_token": token}
    response = await Api(http, ENTERPRISE, {}, tenant).post("/users/actions/sso-login", body)
    assert response.status_code == 401
    forged = {**body, "sso_token": "not-a-jwt"}
    assert (await Api(http, ENTERPRISE, {}, tenant).post("/users/actions/sso-login", forged)).status_code == 401
