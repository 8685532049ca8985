"""Both interfaces, both auth schemes (Bearer; the deprecated Basic forms of seed 003 / vendors.md C1)."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import accounts, staff
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Tenant
from clientbook.store.models import ApiToken, Client
from tests.conftest import TenantFactory
from tests.helpers import Read, row_counts

from .conftest import CUSTOMER, ENTERPRISE, Api, create_customer, creds, customer_body, open_token, source_id


def basic(user: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()}


def hourly_digest(password: str, at: datetime) -> str:
    md5 = hashlib.md5(password.encode()).hexdigest()
    return hashlib.sha256((md5 + at.strftime("%Y%m%d%H")).encode()).hexdigest()


async def test_login_gives_a_40_hex_bearer_token_valid_seven_hours_with_the_user(
    http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    c = creds(tenant)
    response = await http.post(
        f"{ENTERPRISE}/users/actions/login",
        json={
            "user_external_application_id": c["external_application_id"],
            "login": c["login"],
            "password": c["password"],
        },
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert re.fullmatch(r"[0-9a-f]{40}", data["bearer_token"])
    valid_to = datetime.strptime(data["valid_to"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs(valid_to - (datetime.now(UTC) + timedelta(hours=7))) < timedelta(minutes=1)
    assert data["user"]["login"] == c["login"]
    assert data["user"]["user_role_ids"] == ["webservice"]
    customers = await http.get(f"{ENTERPRISE}/customers", headers={"Authorization": f"Bearer {data['bearer_token']}"})
    assert customers.status_code == 200


async def test_login_with_a_wrong_password_or_application_is_401_and_issues_no_token(
    http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
) -> None:
    c = creds(tenant)
    for application, password in ((c["external_application_id"], "wrong"), ("other-app", c["password"])):
        response = await http.post(
            f"{ENTERPRISE}/users/actions/login",
            json={"user_external_application_id": application, "login": c["login"], "password": password},
        )
        assert response.status_code == 401
        assert response.json()["error"]["exception"] == "unauthorized_exception"
    tokens = await read(
        lambda s: s.scalars(
            select(ApiToken).where(ApiToken.business_id == tenant["business"]["id"], ApiToken.kind == "enterprise")
        )
    )
    assert list(tokens) == []


async def test_login_without_a_field_names_it(http: httpx.AsyncClient, tenant: dict[str, Any]) -> None:
    response = await http.post(f"{ENTERPRISE}/users/actions/login", json={"login": creds(tenant)["login"]})
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]}
    assert names == {"user_external_application_id", "password"}


async def test_no_or_bad_authorization_is_401_in_the_error_envelope(http: httpx.AsyncClient) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer " + "0" * 40},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Token abc"},
    ):
        response = await http.get(f"{ENTERPRISE}/customers", headers=headers)
        assert response.status_code == 401
        error = response.json()["error"]
        assert error["exception"] == "unauthorized_exception"
        assert set(error) >= {"type", "exception", "title", "detail"}


async def test_deprecated_basic_scheme_with_the_hourly_password_digest_opens_the_enterprise_api(
    http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    c = creds(tenant)
    now = datetime.now(UTC)
    ok = await http.get(f"{ENTERPRISE}/customers", headers=basic(c["login"], hourly_digest(c["password"], now)))
    assert ok.status_code == 200
    stale = now - timedelta(hours=3)
    refused = await http.get(f"{ENTERPRISE}/customers", headers=basic(c["login"], hourly_digest(c["password"], stale)))
    assert refused.status_code == 401
    plain = await http.get(f"{ENTERPRISE}/customers", headers=basic(c["login"], c["password"]))
    assert plain.status_code == 401


async def test_the_password_is_not_stored_in_clear_nor_its_md5(tenant: dict[str, Any], read: Read) -> None:
    from clientbook.store.models import Credential

    rows = await read(lambda s: s.scalars(select(Credential).where(Credential.business_id == tenant["business"]["id"])))
    stored = repr([(r.secret_hash, r.extra) for r in rows])
    password = creds(tenant)["password"]
    assert password not in stored
    assert hashlib.md5(password.encode()).hexdigest() not in stored


async def test_logout_revokes_the_bearer_token(api: Api) -> None:
    token = api.headers["Authorization"].removeprefix("Bearer ")
    app_id = creds(api.tenant)["external_application_id"]
    response = await api.post("/users/actions/logout", {"user_external_application_id": app_id, "bearer_token": token})
    assert response.status_code == 204
    assert (await api.get("/customers")).status_code == 401


async def test_verify_auth_token_names_the_user_of_a_live_token(api: Api) -> None:
    token = api.headers["Authorization"].removeprefix("Bearer ")
    response = await api.post("/users/actions/verify-auth-token", {"auth_token": token})
    assert response.status_code == 200
    assert response.json()["data"]["user_id"] == creds(api.tenant)["login"]
    bad = await api.post("/users/actions/verify-auth-token", {"auth_token": "f" * 40})
    assert bad.status_code == 400
    assert bad.json()["error"]["error_data"]["invalid_params"][0]["name"] == "auth_token"


async def test_a_token_of_one_business_never_reads_another_business(
    api: Api, api_for: Any, make_tenant: TenantFactory
) -> None:
    other = await api_for(await make_tenant("Other Practice"))
    customer_id = await create_customer(other)
    response = await api.get(f"/customers/{customer_id}")
    assert response.status_code == 404
    assert response.json()["error"]["error_data"] == {"resource_name": "customers", "resource_id": customer_id}


# ---- customer interface ------------------------------------------------------------------------------------------


async def test_post_tokens_needs_no_authorization_and_gives_a_72_hex_token(
    http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    token = await open_token(http, tenant)
    assert re.fullmatch(r"[0-9a-f]{72}", token)


async def test_post_tokens_with_an_unknown_application_is_403_and_opens_nothing(
    http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
) -> None:
    response = await http.post(
        f"{CUSTOMER}/tokens",
        json={
            "device": {"device_id": "d", "device_system": "s", "device_name": "n", "device_type": "t"},
            "setup": {"language_id": "en", "allowed_gps": True, "allowed_notifications": True},
            "external_application_id": "unknown",
        },
    )
    assert response.status_code == 403
    tokens = await read(
        lambda s: s.scalars(
            select(ApiToken).where(ApiToken.business_id == tenant["business"]["id"], ApiToken.kind == "customer")
        )
    )
    assert list(tokens) == []


async def test_post_tokens_enforces_the_children_of_device_and_setup(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{CUSTOMER}/tokens",
        json={"device": {"device_id": "d"}, "setup": {"language_id": "en"}, "external_application_id": "x"},
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]}
    assert {
        "device.device_system",
        "device.device_name",
        "device.device_type",
        "setup.allowed_gps",
        "setup.allowed_notifications",
    } <= names


async def test_a_new_token_for_the_same_device_and_application_revokes_the_old(
    http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    first = await open_token(http, tenant, device_id="phone-7")
    second = await open_token(http, tenant, device_id="phone-7")
    other_device = await open_token(http, tenant, device_id="tablet-1")
    for token, status in ((first, 401), (second, 200), (other_device, 200)):
        response = await http.get(f"{CUSTOMER}/stores", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == status


async def _registered(api: Api, password: str = "Secret123x") -> tuple[str, dict[str, Any]]:
    body = customer_body(await source_id(api))
    body["password"] = password
    response = await api.post("/customers", body)
    assert response.status_code == 201, response.text
    return response.json()["data"]["customer_id"], body["customer"]["personal_information"]


async def test_customer_logs_in_by_email_or_phone_and_sees_only_their_own_records(api: Api, customer_api: Api) -> None:
    mine, info = await _registered(api)
    theirs = await create_customer(api)
    token = customer_api.headers["Authorization"].removeprefix("Bearer ")
    before = await customer_api.get(f"/customers/{mine}")
    assert before.status_code == 403
    for login_type, value in (("email", info["email"].upper()), ("phone", info["phone"])):
        response = await customer_api.post(
            f"/tokens/{token}/actions/login", {"login_type": login_type, "login_value": value, "password": "Secret123x"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["data"] == {"customer_id": mine}
    assert (await customer_api.get(f"/customers/{mine}")).status_code == 200
    other = await customer_api.get(f"/customers/{theirs}")
    assert other.status_code == 403
    assert other.json()["error"]["exception"] == "forbidden_exception"
    listed = (await customer_api.get("/customers")).json()["data"]
    assert [c["customer_id"] for c in listed["customers"]] == [mine]
    assert listed["total_items"] == 1


async def test_customer_login_with_a_wrong_password_is_401_and_binds_nothing(
    api: Api, customer_api: Api, read: Read
) -> None:
    _mine, info = await _registered(api)
    token = customer_api.headers["Authorization"].removeprefix("Bearer ")
    response = await customer_api.post(
        f"/tokens/{token}/actions/login", {"login_type": "email", "login_value": info["email"], "password": "Nope12345"}
    )
    assert response.status_code == 401
    assert (await customer_api.get("/customers")).json()["data"]["total_items"] == 0


async def test_customer_logout_unbinds_the_customer(api: Api, customer_api: Api) -> None:
    mine, info = await _registered(api)
    token = customer_api.headers["Authorization"].removeprefix("Bearer ")
    await customer_api.post(
        f"/tokens/{token}/actions/login",
        {"login_type": "email", "login_value": info["email"], "password": "Secret123x"},
    )
    assert (await customer_api.post(f"/tokens/{token}/actions/logout")).status_code == 204
    assert (await customer_api.get(f"/customers/{mine}")).status_code == 403


async def test_deprecated_basic_customer_form_carries_the_token_as_password(
    http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    token = await open_token(http, tenant)
    ok = await http.get(f"{CUSTOMER}/stores", headers=basic("customer_interface", token))
    assert ok.status_code == 200
    refused = await http.get(f"{CUSTOMER}/stores", headers=basic("customer_interface", "0" * 72))
    assert refused.status_code == 401


async def test_registration_on_the_customer_interface_with_autologin_logs_the_customer_in(
    customer_api: Api, read: Read
) -> None:
    stores = await customer_api.get("/customer-sources")
    body = customer_body(stores.json()["data"]["customer_sources"][0]["customer_source_id"])
    body.update(autologin=True, password="Register9X")
    response = await customer_api.post("/customers", body)
    assert response.status_code == 201
    customer_id = response.json()["data"]["customer_id"]
    assert (await customer_api.get(f"/customers/{customer_id}")).status_code == 200
    stored = await read(lambda s: s.get(Client, (customer_api.tenant["business"]["id"], int(customer_id))))
    assert stored.password_hash.startswith("$argon2id$")


async def test_enterprise_tokens_do_not_open_the_customer_interface_nor_the_reverse(
    http: httpx.AsyncClient, api: Api, customer_api: Api
) -> None:
    assert (await http.get(f"{CUSTOMER}/stores", headers=api.headers)).status_code == 401
    assert (await http.get(f"{ENTERPRISE}/stores", headers=customer_api.headers)).status_code == 401


async def test_autologin_without_a_password_is_refused_and_nothing_is_written(api: Api, read: Read) -> None:
    before = await row_counts(read, api.tenant["business"]["id"])
    body = customer_body(await source_id(api))
    body["autologin"] = True
    response = await api.post("/customers", body)
    assert response.status_code == 400
    assert response.json()["error"]["error_data"]["invalid_params"][0] == {
        "name": "password",
        "reason": "required",
        "message": "password is required when autologin is true",
    }
    assert await row_counts(read, api.tenant["business"]["id"]) == before


async def test_a_weak_password_is_refused_naming_the_rule(api: Api) -> None:
    body = customer_body(await source_id(api))
    body["password"] = "short"
    response = await api.post("/customers", body)
    assert response.status_code == 400
    param = response.json()["error"]["error_data"]["invalid_params"][0]
    assert param["name"] == "password"
    assert "a number" in param["message"]
    assert "uppercase" in param["message"]


async def test_a_staff_member_logs_in_with_their_account_and_is_the_user(
    http: httpx.AsyncClient, tenant: dict[str, Any], context: Context
) -> None:
    business = Tenant(tenant["business"]["id"])
    async with context.db.transaction() as session:
        member = await staff.create(
            session, business, StaffChanges(first_name="Eva", last_name="Staff", email="eva@example.com")
        )
        await accounts.create(session, business, member.id, "eva.staff", "Staff-pass-1")
    app_id = creds(tenant)["external_application_id"]
    response = await http.post(
        f"{ENTERPRISE}/users/actions/login",
        json={"user_external_application_id": app_id, "login": "eva.staff", "password": "Staff-pass-1"},
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["user"]["user_id"], data["user"]["login"], data["user"]["first_name"]) == (
        str(member.id),
        "eva.staff",
        "Eva",
    )
    headers = {"Authorization": f"Bearer {data['bearer_token']}"}
    verified = await http.post(
        f"{ENTERPRISE}/users/actions/verify-auth-token", headers=headers, json={"auth_token": data["bearer_token"]}
    )
    assert verified.json()["data"]["user_id"] == str(member.id)
    wrong = await http.post(
        f"{ENTERPRISE}/users/actions/login",
        json={"user_external_application_id": app_id, "login": "eva.staff", "password": "nope"},
    )
    assert wrong.status_code == 401


async def test_a_customer_cannot_log_in_to_someone_elses_token(
    http: httpx.AsyncClient, tenant: dict[str, Any], customer_api: Api
) -> None:
    other = await open_token(http, tenant, device_id="someone-else")
    response = await customer_api.post(
        f"/tokens/{other}/actions/login",
        {"login_type": "email", "login_value": "x@example.com", "password": "X1234567"},
    )
    assert response.status_code == 404
    assert response.json()["error"]["error_data"]["resource_name"] == "tokens"
