"""Every documented path, the other number for member paths, a missing `.json`, the double slash (K1, K2), and the
OpenAPI document and docs page under the mount."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from .conftest import Api

COLLECTIONS = ["users", "clients", "appointments"]
# Documented member path first, then the other number.
MEMBERS = {
    "users": ("users", "user"),
    "clients": ("client", "clients"),
    "appointments": ("appointment", "appointments"),
}
KEYS = {"users": "user", "clients": "client", "appointments": "appointment"}


async def make(api: Api, collection: str) -> dict[str, Any]:
    if collection == "users":
        return await api.user(email=f"{uuid.uuid4().hex[:12]}@example.com")
    create = {"clients": api.client, "appointments": api.appointment}[collection]
    return await create()


def forms(prefix: str, tail: str) -> list[str]:
    return [f"/{prefix}/{tail}.json", f"/{prefix}/{tail}", f"//{prefix}/{tail}.json", f"//{prefix}//{tail}/"]


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("form", ["/{}.json", "/{}", "//{}.json", "//{}", "/{}/", "/{}.json/"])
async def test_collection_lists_answer_on_every_path_form(api: Api, collection: str, form: str) -> None:
    record = await make(api, collection)
    listed = await api.ok("GET", form.format(collection))
    assert isinstance(listed, list)
    assert record["id"] in [item["id"] for item in listed]


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("number", [0, 1])
@pytest.mark.parametrize("form", range(4))
async def test_member_reads_answer_on_every_path_form(api: Api, collection: str, number: int, form: int) -> None:
    record = await make(api, collection)
    path = forms(MEMBERS[collection][number], record["id"])[form]
    assert (await api.ok("GET", path))[KEYS[collection]] == record


@pytest.mark.parametrize("collection", COLLECTIONS)
async def test_creates_answer_on_the_double_slash_of_the_documented_urls(api: Api, collection: str) -> None:
    body = {
        "users": {"last_name": "Bakker", "email": "b@example.com"},
        "clients": {"last_name": "Bakker"},
        "appointments": {"client_id": (await api.client())["id"], "date": "2026-01-05T09:00:00.000+01:00"},
    }
    created = await api.ok("POST", f"//{collection}.json", {KEYS[collection]: body[collection]})
    assert created[KEYS[collection]]["id"]


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("path", ["documented", "other number", "no suffix"])
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_updates_answer_on_every_member_form(api: Api, collection: str, path: str, method: str) -> None:
    record = await make(api, collection)
    prefix = MEMBERS[collection][1 if path == "other number" else 0]
    url = f"/{prefix}/{record['id']}" + ("" if path == "no suffix" else ".json")
    change: dict[str, dict[str, Any]] = {
        "users": {"city": "Utrecht"},
        "clients": {"reference_code": "R-9"},
        "appointments": {"duration": 45},
    }
    updated = (await api.ok(method, url, {KEYS[collection]: change[collection]}))[KEYS[collection]]
    assert change[collection].items() <= updated.items()


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("number", [0, 1])
async def test_deletes_answer_on_both_member_numbers_and_ignore_the_documented_body(
    api: Api, collection: str, number: int
) -> None:
    record = await make(api, collection)
    path = f"//{MEMBERS[collection][number]}/{record['id']}.json"
    answer = await api.ok("DELETE", path, {KEYS[collection]: {"id": "1234567890abcdef12345678"}})
    assert answer == {"status": "ok"}
    assert (await api("GET", path)).status_code == 404


async def test_unknown_path_is_404_in_the_dialects_form(api: Api) -> None:
    response = await api("GET", "/divisions.json")
    assert response.status_code == 404
    assert response.json() == {"errors": {"base": ["not found"]}}


async def test_openapi_documents_exactly_the_documented_paths(api: Api) -> None:
    document = await api.ok("GET", "/openapi.json", auth=False)
    paths = {path: sorted(ops) for path, ops in document["paths"].items()}
    assert paths == {
        "/users.json": ["get", "post"],
        "/users/{user_id}.json": ["delete", "get", "put"],
        "/clients.json": ["get", "post"],
        "/client/{client_id}.json": ["delete", "get", "put"],
        "/appointments.json": ["get", "post"],
        "/appointment/{appointment_id}.json": ["delete", "get", "put"],
    }
    body = document["paths"]["/users.json"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "user" in body["properties"]


async def test_docs_page_is_served_under_the_mount(api: Api) -> None:
    response = await api("GET", "/docs", auth=False)
    assert response.status_code == 200
    assert "/webcamconsult/openapi.json" in response.text
    assert "cdn" not in response.text.lower()  # self-hosted: the page works without the internet
    assert (await api("GET", "/docs-assets/swagger-ui-bundle.js", auth=False)).status_code == 200


@pytest.mark.parametrize("collection", COLLECTIONS)
async def test_lists_page_only_when_asked(api: Api, collection: str) -> None:
    made = [await make(api, collection) for _ in range(3)]
    listed = await api.ok("GET", f"/{collection}.json")
    ids = [item["id"] for item in listed]
    assert {m["id"] for m in made} <= set(ids)
    assert [i["id"] for i in await api.ok("GET", f"/{collection}.json", params={"per_page": 2})] == ids[:2]
    assert [i["id"] for i in await api.ok("GET", f"/{collection}.json", params={"page": 2, "per_page": 2})] == ids[2:4]
    assert [i["id"] for i in await api.ok("GET", f"/{collection}.json", params={"page": 1})] == ids[:25]
    assert await api.ok("GET", f"/{collection}.json", params={"page": 10**12, "per_page": 10**9}) == []


@pytest.mark.parametrize("params", [{"page": "x"}, {"per_page": "-1"}, {"page": "0", "per_page": ""}])
async def test_paging_parameters_that_are_no_positive_number_are_ignored(api: Api, params: dict[str, str]) -> None:
    await api.user()
    await api.user(email="two@example.com")
    assert len(await api.ok("GET", "/users.json", params=params)) == 2
