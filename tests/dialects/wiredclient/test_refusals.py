"""Every kind of bad input: HTTP 200, a non-zero status, a message naming the problem, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from clientbook.core import clients as core_clients
from tests.dialects.wiredclient.conftest import creds
from tests.helpers import row_counts

BAD_CLIENT_INPUT = [
    # (what is wrong, changes to a valid body, status, words the message must contain)
    ("missing first_name", {"first_name": None}, 2000, "first_name"),
    ("missing mobile_phone1", {"mobile_phone1": None}, 2000, "mobile_phone1"),
    ("empty last_name", {"last_name": "  "}, 2000, "last_name"),
    ("wrong type", {"first_name": 12}, 2000, "first_name"),
    ("gender out of its enumeration", {"gender": 7}, 2000, "gender"),
    ("contact_method 2 is undocumented (W10)", {"contact_method": 2}, 2000, "contact_method"),
    ("client_type out of its enumeration", {"client_type": "9"}, 2000, "client_type"),
    ("unknown language", {"preferred_language": "DE"}, 2000, "preferred_language"),
    ("bad date format", {"birthday": "12/31/1980"}, 2000, "birthday"),
    ("impossible date", {"start_date": "2026-02-30"}, 2000, "start_date"),
    ("birthday in the future", {"birthday": "2999-01-01"}, 2000, "birthday"),
    ("bad appointment time", {"pending_appointments": [{"appointment_time": "25:99"}]}, 2000, "appointment_time"),
    ("appointment without a date", {"pending_appointments": [{"appointment_virtual": 1}]}, 2000, "appointment_date"),
    ("not a phone number", {"mobile_phone1": "call me"}, 2000, "mobile_phone1"),
    ("bad e-mail", {"email_address1": "not-an-email"}, 2000, "email_address1"),
    ("negative visits", {"number_of_visits": -1}, 2000, "number_of_visits"),
    ("id out of range", {"id": 2**70}, 2000, "id"),
    ("text longer than the column", {"city": "x" * 101}, 2000, "city"),
    ("guardian not a boolean", {"guardian": "maybe"}, 2000, "guardian"),
    ("missing api_key (W3)", {"api_key": None}, 2000, "api_key"),
    ("wrong api_password", {"api_password": "nope"}, 2000, "Invalid API credentials"),
    ("unknown branch account number", {"account_number": "f0000000-0000-0000-0000-000000000000"}, 1002, "account"),
]


@pytest.mark.parametrize(("case", "changes", "status", "words"), BAD_CLIENT_INPUT, ids=[c[0] for c in BAD_CLIENT_INPUT])
async def test_bad_client_input_is_refused_and_writes_nothing(
    post: Any, client_body: Any, read: Any, tenant: Any, case: str, changes: dict[str, Any], status: int, words: str
) -> None:
    body = client_body()
    for key, value in changes.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    before = await row_counts(read, tenant["business"]["id"])
    answer = await post("client", body)
    assert answer["status"] == status, answer
    assert answer["id"] == 0
    assert words in answer["message"], answer["message"]
    assert await row_counts(read, tenant["business"]["id"]) == before


BAD_STAFF_INPUT = [
    ("missing email_address1", {"email_address1": None}, 2000, "email_address1"),
    ("staff_type 1 is undocumented (W10)", {"staff_type": 1}, 2000, "staff_type"),
    ("business account number of another tenant", "other-business", 1001, "account"),
    ("a branch number where the business is expected (W7)", "own-branch", 1001, "account"),
]


@pytest.mark.parametrize(("case", "changes", "status", "words"), BAD_STAFF_INPUT, ids=[c[0] for c in BAD_STAFF_INPUT])
async def test_bad_staff_input_is_refused_and_writes_nothing(
    post: Any,
    staff_body: Any,
    read: Any,
    tenant: Any,
    make_tenant: Any,
    case: str,
    changes: Any,
    status: int,
    words: str,
) -> None:
    body = staff_body()
    if changes == "other-business":
        body["account_number"] = (await make_tenant(name="Them"))["business"]["account_number"]
    elif changes == "own-branch":
        body["account_number"] = tenant["branches"][0]["account_number"]
    else:
        for key, value in changes.items():
            if value is None:
                body.pop(key)
            else:
                body[key] = value
    before = await row_counts(read, tenant["business"]["id"])
    answer = await post("staff", body)
    assert (answer["status"], answer["id"]) == (status, 0), answer
    assert words in answer["message"]
    assert await row_counts(read, tenant["business"]["id"]) == before


async def test_another_tenants_branch_number_is_1002(post: Any, client_body: Any, make_tenant: Any) -> None:
    other = await make_tenant(name="Rival")
    answer = await post("client", client_body(account_number=other["branches"][0]["account_number"]))
    assert answer["status"] == 1002


async def test_credentials_of_one_tenant_with_another_tenants_business_number_is_1001(
    post: Any, staff_body: Any, make_tenant: Any
) -> None:
    other = await make_tenant(name="Rival")
    answer = await post("staff", {**staff_body(), "account_number": other["business"]["account_number"]})
    assert answer["status"] == 1001


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b"\xff\xfe\x00", b'"just a string"'])
async def test_malformed_bodies_get_2000_and_http_200(post: Any, raw: bytes) -> None:
    answer = await post("client", raw)
    assert answer["status"] == 2000
    assert answer["id"] == 0
    assert answer["message"]


async def test_a_body_over_one_mebibyte_is_refused(post: Any, client_body: Any, read: Any, tenant: Any) -> None:
    body = client_body(reason="x" * (1024 * 1024))
    before = await row_counts(read, tenant["business"]["id"])
    answer = await post("client", body)
    assert answer["status"] == 2000
    assert "larger than" in answer["message"]
    assert await row_counts(read, tenant["business"]["id"]) == before


async def test_an_unexpected_failure_is_5000_and_writes_nothing(
    post: Any, client_body: Any, read: Any, tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (simulated: the core raising after the client row was flushed) is status 5000, rolled back."""
    original = core_clients.create

    async def create_then_fail(*args: Any, **kwargs: Any) -> Any:
        await original(*args, **kwargs)
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(core_clients, "create", create_then_fail)
    before = await row_counts(read, tenant["business"]["id"])
    answer = await post("client", client_body())
    assert answer == {"id": 0, "status": 5000, "message": "Internal server error"}
    assert await row_counts(read, tenant["business"]["id"]) == before


async def test_field_names_in_messages_use_the_wire_spelling(post: Any, client_body: Any) -> None:
    answer = await post("client", client_body(mobile_phone1="12", email_address1="x@"))
    assert "mobile_phone1" in answer["message"]
    assert "email_address1" in answer["message"]
    assert "mobile_phone " not in answer["message"]


async def test_status_and_id_are_json_numbers(post: Any, tenant: Any) -> None:
    answer = await post(
        "client",
        {
            **creds(tenant, branch=True),
            "id": "0",
            "first_name": "A",
            "last_name": "B",
            "mobile_phone1": "+44 20 7946 0958",
        },
    )
    assert isinstance(answer["status"], int)
    assert isinstance(answer["id"], int)
    assert answer["id"] > 0
