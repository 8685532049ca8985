"""Users (seed 002 "User Collection"): core staff with generated id, full_name and roles."""

from __future__ import annotations

import re
from typing import Any

import pytest

from clientbook.store.models import Staff
from tests.helpers import row_counts

from .conftest import Api

SEED_USER = {
    "titles": "Dokter",
    "initials": "J",
    "last_name": "Akkermans",
    "email": "jakkermans@example.com",
    "address": "Vlietlaan 1",
    "postal_code": "3011AA",
    "city": "Ergens",
}


async def stored(read: Any, api: Api, wire_id: str) -> Staff:
    staff: Staff = await read(lambda s: s.get(Staff, (api.business_id, int(wire_id, 16))))
    return staff


class TestCreate:
    async def test_answers_the_documented_user_with_generated_attributes(self, api: Api) -> None:
        answer = await api.ok("POST", "/users.json", {"user": SEED_USER})
        user = answer["user"]
        assert re.fullmatch(r"[0-9a-f]{24}", user["id"])
        assert user == {**SEED_USER, "id": user["id"], "full_name": "Dokter J Akkermans", "roles": ["consultant"]}

    async def test_stores_a_staff_member_with_the_address_as_street(self, api: Api, read: Any) -> None:
        user = await api.user()
        staff = await stored(read, api, user["id"])
        assert (staff.titles, staff.initials, staff.last_name, staff.email) == (
            "Dokter",
            "J",
            "Akkermans",
            "jakkermans@example.com",
        )
        assert (staff.street, staff.postal_code, staff.city) == ("Vlietlaan 1", "3011AA", "Ergens")

    async def test_read_only_attributes_sent_along_are_ignored(self, api: Api) -> None:
        body = {**SEED_USER, "id": "1234567890abcdef12345678", "full_name": "Someone Else", "roles": ["admin"]}
        user = (await api.ok("POST", "/users.json", {"user": body}))["user"]
        assert user["id"] != "1234567890abcdef12345678"
        assert (user["full_name"], user["roles"]) == ("Dokter J Akkermans", ["consultant"])

    async def test_an_unwrapped_user_is_accepted_as_rails_wraps_it(self, api: Api) -> None:
        user = (await api.ok("POST", "/users.json", {"last_name": "Visser", "email": "v@example.com"}))["user"]
        assert (user["last_name"], user["full_name"]) == ("Visser", "Visser")

    async def test_full_name_leaves_out_missing_parts_without_doubled_spaces(self, api: Api) -> None:
        user = await api.user(titles=None, initials="  ", last_name="Jansen", email="j@example.com")
        assert user["full_name"] == "Jansen"

    @pytest.mark.parametrize(
        ("body", "errors"),
        [
            ({"email": "a@example.com"}, {"last_name": ["can't be blank"]}),
            ({"last_name": "Akkermans"}, {"email": ["can't be blank"]}),
            (
                {"last_name": "  ", "email": "not-an-address"},
                {"last_name": ["can't be blank"], "email": ["is invalid"]},
            ),
            ({}, {"last_name": ["can't be blank"], "email": ["can't be blank"]}),
        ],
    )
    async def test_refuses_a_user_without_last_name_or_well_formed_email_naming_every_field(
        self, api: Api, read: Any, body: dict[str, Any], errors: dict[str, list[str]]
    ) -> None:
        before = await row_counts(read, api.business_id)
        response = await api("POST", "/users.json", {"user": body})
        assert response.status_code == 422
        assert response.json() == {"errors": errors}
        assert await row_counts(read, api.business_id) == before

    async def test_refuses_an_email_taken_by_another_user_in_dutch_as_the_seed_shows(self, api: Api, read: Any) -> None:
        await api.user()
        before = await row_counts(read, api.business_id)
        response = await api(
            "POST", "/users.json", {"user": {**SEED_USER, "email": "JAkkermans@Example.com"}}, lang="nl"
        )
        assert response.status_code == 422
        assert response.json() == {"errors": {"email": ["is al in gebruik"]}}
        assert await row_counts(read, api.business_id) == before

    async def test_a_taken_email_is_named_beside_the_other_bad_attributes(self, api: Api) -> None:
        await api.user()
        response = await api("POST", "/users.json", {"user": {"email": SEED_USER["email"]}})
        assert response.json() == {"errors": {"last_name": ["can't be blank"], "email": ["has already been taken"]}}

    async def test_refuses_a_taken_email_in_english_by_default(self, api: Api) -> None:
        await api.user()
        response = await api("POST", "/users.json", {"user": SEED_USER})
        assert response.json() == {"errors": {"email": ["has already been taken"]}}

    async def test_the_same_email_is_free_in_another_business(self, api: Api, other: Api) -> None:
        await api.user()
        assert (await other.user())["email"] == SEED_USER["email"]

    async def test_the_email_of_a_deleted_user_is_free_again(self, api: Api) -> None:
        user = await api.user()
        await api.ok("DELETE", f"/users/{user['id']}.json")
        assert (await api.user())["id"] != user["id"]


class TestReadUpdateDelete:
    async def test_list_is_a_bare_array_of_the_businesss_users(self, api: Api, other: Api) -> None:
        first = await api.user(email="one@example.com")
        second = await api.user(email="two@example.com", last_name="Bakker")
        await other.user()
        assert await api.ok("GET", "/users.json") == [first, second]

    async def test_show_answers_the_user_wrapped(self, api: Api) -> None:
        user = await api.user()
        assert await api.ok("GET", f"/users/{user['id']}.json") == {"user": user}

    async def test_update_changes_only_what_is_sent_and_ignores_read_only_attributes(self, api: Api, read: Any) -> None:
        user = await api.user()
        body = {"user": {"city": "Utrecht", "initials": "JP", "full_name": "ignored", "id": "000000000000000000000abc"}}
        updated = (await api.ok("PUT", f"/users/{user['id']}.json", body))["user"]
        assert updated == {**user, "city": "Utrecht", "initials": "JP", "full_name": "Dokter JP Akkermans"}
        assert (await stored(read, api, user["id"])).city == "Utrecht"

    async def test_update_with_null_clears_an_attribute(self, api: Api) -> None:
        user = await api.user()
        updated = (await api.ok("PUT", f"/users/{user['id']}.json", {"user": {"titles": None}}))["user"]
        assert (updated["titles"], updated["full_name"]) == (None, "J Akkermans")

    async def test_update_refuses_clearing_the_last_name_and_writes_nothing(self, api: Api, read: Any) -> None:
        user = await api.user()
        response = await api("PUT", f"/users/{user['id']}.json", {"user": {"last_name": "", "city": "Elders"}})
        assert response.status_code == 422
        assert response.json() == {"errors": {"last_name": ["can't be blank"]}}
        assert (await stored(read, api, user["id"])).city == "Ergens"

    async def test_update_refuses_another_users_email(self, api: Api) -> None:
        await api.user()
        second = await api.user(email="two@example.com")
        response = await api("PUT", f"/users/{second['id']}.json", {"user": {"email": SEED_USER["email"]}})
        assert response.json() == {"errors": {"email": ["has already been taken"]}}

    async def test_delete_is_soft_and_the_user_vanishes(self, api: Api, read: Any) -> None:
        user = await api.user()
        assert await api.ok("DELETE", f"/users/{user['id']}.json") == {"status": "ok"}
        assert await api.ok("GET", "/users.json") == []
        for method in ("GET", "PUT", "DELETE"):
            response = await api(method, f"/users/{user['id']}.json", {"user": {"city": "X"}})
            assert response.status_code == 404
        assert (await stored(read, api, user["id"])).deleted_at is not None

    @pytest.mark.parametrize(
        "wire_id",
        [
            "0000000000000000000f4240",
            "1234567890abcdef12345678",
            "123",
            "xyz",
            "000000000000000000000000",
            "0000000000000000000000001",
        ],
    )
    @pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
    async def test_unknown_or_malformed_ids_are_404(self, api: Api, read: Any, wire_id: str, method: str) -> None:
        before = await row_counts(read, api.business_id)
        response = await api(method, f"/users/{wire_id}.json", {"user": {"city": "X"}})
        assert response.status_code == 404
        assert response.json() == {"errors": {"id": ["not found"]}}
        assert await row_counts(read, api.business_id) == before

    @pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
    async def test_another_businesss_user_is_404_and_untouched(
        self, api: Api, other: Api, read: Any, method: str
    ) -> None:
        theirs = await other.user()
        response = await api(method, f"/users/{theirs['id']}.json", {"user": {"city": "X"}})
        assert response.status_code == 404
        assert await other.ok("GET", f"/users/{theirs['id']}.json") == {"user": theirs}
