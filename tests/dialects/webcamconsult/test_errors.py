"""Bad input always gets an answer in the dialect's form, never a 5xx (seed 002 422 `{"errors": …}`, K8)."""

from __future__ import annotations

from typing import Any

import pytest

from clientbook.edge.i18n import message, pick_language
from tests.helpers import row_counts

from .conftest import Api


@pytest.mark.parametrize("body", ["{bad", '{"user": {"last_name": "A",}}', "", "\xff"])
async def test_malformed_json_is_400_and_writes_nothing(api: Api, read: Any, body: str) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", "/users.json", body.encode("latin-1"))
    assert response.status_code == 400
    assert response.json() == {"errors": {"base": ["is not valid JSON"]}}
    assert await row_counts(read, api.business_id) == before


@pytest.mark.parametrize("body", ["[]", '"user"', "42", "null"])
async def test_a_body_that_is_no_object_is_400(api: Api, body: str) -> None:
    response = await api("POST", "/clients.json", body)
    assert response.status_code == 400
    assert "errors" in response.json()


@pytest.mark.parametrize(
    ("root", "path"), [("user", "/users.json"), ("client", "/clients.json"), ("appointment", "/appointments.json")]
)
@pytest.mark.parametrize("value", ["x", ["a"], 3, None])
async def test_a_wrapper_that_is_no_object_is_422_naming_it(
    api: Api, read: Any, root: str, path: str, value: Any
) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", path, {root: value})
    assert response.status_code == 422
    assert response.json() == {"errors": {root: ["is invalid"]}}
    assert await row_counts(read, api.business_id) == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"last_name": 5, "email": "a@example.com"}, {"last_name": ["is invalid"]}),
        ({"last_name": ["A"], "email": {"x": 1}}, {"last_name": ["is invalid"], "email": ["is invalid"]}),
        ({"last_name": "A", "email": "a@example.com", "city": True}, {"city": ["is invalid"]}),
        ({"last_name": "A" * 3000, "email": "a@example.com"}, {"last_name": ["is invalid"]}),
    ],
)
async def test_wrong_json_types_are_422_naming_each_attribute(
    api: Api, read: Any, body: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", "/users.json", {"user": body})
    assert response.status_code == 422
    assert response.json() == {"errors": errors}
    assert await row_counts(read, api.business_id) == before


@pytest.mark.parametrize(
    ("path", "body", "errors"),
    [
        ("/users.json", {"user": {"last_name": 5}}, {"last_name": ["is invalid"], "email": ["can't be blank"]}),
        (
            "/clients.json",
            {"client": {"gender": "m", "email": "x", "division_ids": [1]}},
            {
                "gender": ["is not included in the list"],
                "division_ids": ["is invalid"],
                "last_name": ["can't be blank"],
                "email": ["is invalid"],
            },
        ),
        (
            "/appointments.json",
            {"appointment": {"date": "soon", "user_id": "0000000000000000000f4240", "duration": -1}},
            {
                "date": ["is invalid"],
                "client_id": ["can't be blank"],
                "duration": ["must be greater than 0"],
                "user_id": ["does not exist"],
            },
        ),
    ],
)
async def test_malformed_and_refused_attributes_are_named_in_one_answer(
    api: Api, read: Any, path: str, body: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", path, body)
    assert response.status_code == 422
    assert response.json() == {"errors": errors}
    assert await row_counts(read, api.business_id) == before


async def test_a_malformed_attribute_refuses_an_otherwise_valid_record_and_writes_nothing(api: Api, read: Any) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", "/clients.json", {"client": {"last_name": "Ester", "gender": "m"}})
    assert response.json() == {"errors": {"gender": ["is not included in the list"]}}
    assert await row_counts(read, api.business_id) == before
    assert await api.ok("GET", "/clients.json") == []


async def test_a_body_past_the_size_limit_is_413(api: Api, read: Any) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", "/clients.json", {"client": {"last_name": "A", "pad": "x" * 1_100_000}})
    assert response.status_code == 413
    assert response.json() == {"errors": {"base": ["is too large"]}}
    assert await row_counts(read, api.business_id) == before


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nl", "moet opgegeven zijn"),
        ("nl-NL", "moet opgegeven zijn"),
        ("en-US,nl;q=0.5", "can't be blank"),
        ("de-DE,nl;q=0.8,en;q=0.5", "moet opgegeven zijn"),
        ("fr", "can't be blank"),
        ("", "can't be blank"),
        ("nl;q=0", "can't be blank"),
        ("nl;q=abc", "can't be blank"),
    ],
)
async def test_messages_follow_accept_language_english_by_default(api: Api, header: str, expected: str) -> None:
    response = await api("POST", "/clients.json", {"client": {}}, headers={"Accept-Language": header})
    assert response.json() == {"errors": {"last_name": [expected]}}


async def test_404_speaks_dutch_too(api: Api) -> None:
    response = await api("GET", "/client/0000000000000000000f4240.json", lang="nl")
    assert response.json() == {"errors": {"id": ["niet gevonden"]}}


def test_catalog_falls_back_to_english_then_to_the_key() -> None:
    assert message("already_exists", "cs") == "has already been taken"
    assert message("no-such-key", "nl") == "no-such-key"
    assert pick_language("NL-be;q=0.7, en;q=0.6") == "nl"
