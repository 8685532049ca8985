"""Clients (seed 002 "Client Collection"): generated id, client_full_name and, in lists only, authentication_token."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from clientbook.store.models import Client
from tests.helpers import row_counts

from .conftest import Api

SEED_CLIENT = {
    "email": "urias@sensestudios.com",
    "titles": "Dr.",
    "initials": "T",
    "surname_prefix": "de",
    "last_name": "Ester",
    "gender": "male",
    "date_of_birth": "2014-12-18T00:00:00.000+01:00",
    "reference_code": "12345",
    "division_ids": ["5492ba6da19ea682ea000001", "5492ba6da19ea682ea000001"],
}


async def stored(read: Any, api: Api, wire_id: str) -> Client:
    client: Client = await read(lambda s: s.get(Client, (api.business_id, int(wire_id, 16))))
    return client


class TestCreate:
    async def test_answers_the_documented_client(self, api: Api) -> None:
        client = (await api.ok("POST", "/clients.json", {"client": SEED_CLIENT}))["client"]
        assert re.fullmatch(r"[0-9a-f]{24}", client["id"])
        assert client == {
            **SEED_CLIENT,
            "id": client["id"],
            "client_full_name": "Dhr. Dr. T de Ester",
            "external": None,
        }

    async def test_stores_a_core_client(self, api: Api, read: Any) -> None:
        client = await api.client(external="ext-7", division_ids=["5492ba6da19ea682ea000001"])
        row = await stored(read, api, client["id"])
        assert (row.titles, row.initials, row.surname_prefix, row.last_name) == ("Dr.", "T", "de", "Ester")
        assert (row.email, row.gender, row.birth_date, row.reference_code) == (
            "urias@sensestudios.com",
            "male",
            date(2014, 12, 18),
            "12345",
        )
        assert row.extra["wcc_division_ids"] == ["5492ba6da19ea682ea000001"]
        assert row.extra["wcc_external"] == "ext-7"

    @pytest.mark.parametrize(
        ("fields", "name"),
        [
            ({"gender": "female"}, "Mevr. Dr. T de Ester"),
            ({"gender": "unknown"}, "Dr. T de Ester"),
            ({"gender": "other"}, "Dr. T de Ester"),
            ({"gender": None}, "Dr. T de Ester"),
            ({"titles": None, "surname_prefix": ""}, "Dhr. T Ester"),
            ({"titles": " ", "initials": None, "surname_prefix": None}, "Dhr. Ester"),
        ],
    )
    async def test_client_full_name_is_salutation_titles_initials_prefix_last_name(
        self, api: Api, fields: dict[str, Any], name: str
    ) -> None:
        assert (await api.client(**fields))["client_full_name"] == name

    @pytest.mark.parametrize("value", ["2014-12-18", "2014-12-18T00:00:00Z", "2014-12-18T23:30:00.000-05:00"])
    async def test_date_of_birth_keeps_the_calendar_date_written(self, api: Api, read: Any, value: str) -> None:
        client = await api.client(date_of_birth=value)
        assert client["date_of_birth"] == "2014-12-18T00:00:00.000+01:00"
        assert (await stored(read, api, client["id"])).birth_date == date(2014, 12, 18)

    @pytest.mark.parametrize("external", [None, True, "abc", 12])
    async def test_external_is_kept_as_sent(self, api: Api, external: Any) -> None:
        assert (await api.client(external=external))["external"] == external

    @pytest.mark.parametrize(
        ("fields", "errors"),
        [
            ({"last_name": None}, {"last_name": ["can't be blank"]}),
            ({"gender": "m"}, {"gender": ["is not included in the list"]}),
            ({"date_of_birth": "18-12-2014"}, {"date_of_birth": ["is invalid"]}),
            ({"date_of_birth": "2999-01-01T00:00:00.000+01:00"}, {"date_of_birth": ["can't be in the future"]}),
            ({"division_ids": ["5492ba6da19ea682ea000001", "nope"]}, {"division_ids": ["is invalid"]}),
            ({"division_ids": "5492ba6da19ea682ea000001"}, {"division_ids": ["is invalid"]}),
            ({"email": "urias@"}, {"email": ["is invalid"]}),
            ({"last_name": "", "email": "x"}, {"last_name": ["can't be blank"], "email": ["is invalid"]}),
            ({"last_name": "x" * 101}, {"last_name": ["is too long"]}),
        ],
    )
    async def test_refusals_name_every_bad_attribute_and_write_nothing(
        self, api: Api, read: Any, fields: dict[str, Any], errors: dict[str, list[str]]
    ) -> None:
        before = await row_counts(read, api.business_id)
        response = await api("POST", "/clients.json", {"client": {**SEED_CLIENT, **fields}})
        assert response.status_code == 422
        assert response.json() == {"errors": errors}
        assert await row_counts(read, api.business_id) == before

    async def test_refusals_speak_dutch_when_asked(self, api: Api) -> None:
        lang = "nl-NL,nl;q=0.9,en;q=0.8"
        response = await api("POST", "/clients.json", {"client": {"gender": "x"}}, lang=lang)
        assert response.json() == {
            "errors": {"gender": ["staat niet in de lijst"], "last_name": ["moet opgegeven zijn"]}
        }
        response = await api("POST", "/clients.json", {"client": {"last_name": " ", "email": "x"}}, lang=lang)
        assert response.json() == {"errors": {"last_name": ["moet opgegeven zijn"], "email": ["is ongeldig"]}}


class TestAuthenticationToken:
    async def test_list_items_carry_a_token_that_show_create_and_update_leave_out(self, api: Api) -> None:
        created = await api.client()
        assert "authentication_token" not in created
        listed = await api.ok("GET", "/clients.json")
        assert len(listed) == 1
        token = listed[0].pop("authentication_token")
        assert re.fullmatch(r"[0-9a-f]{20}", token)
        assert listed == [created]
        assert "authentication_token" not in (await api.ok("GET", f"/client/{created['id']}.json"))["client"]
        updated = await api.ok("PUT", f"/client/{created['id']}.json", {"client": {"initials": "TJ"}})
        assert "authentication_token" not in updated["client"]

    async def test_tokens_are_stable_and_differ_between_clients(self, api: Api, other: Api) -> None:
        await api.client()
        await api.client()
        await other.client()
        first = [c["authentication_token"] for c in await api.ok("GET", "/clients.json")]
        again = [c["authentication_token"] for c in await api.ok("GET", "/clients.json")]
        theirs = [c["authentication_token"] for c in await other.ok("GET", "/clients.json")]
        assert first == again
        assert len(set(first + theirs)) == 3


class TestReadUpdateDelete:
    async def test_list_is_a_bare_array_of_this_businesss_clients(self, api: Api, other: Api) -> None:
        mine = [await api.client(last_name="Een"), await api.client(last_name="Twee")]
        await other.client()
        listed = await api.ok("GET", "/clients.json")
        assert [{k: v for k, v in c.items() if k != "authentication_token"} for c in listed] == mine

    async def test_update_changes_only_what_is_sent(self, api: Api, read: Any) -> None:
        client = await api.client()
        body = {"client": {"gender": "female", "initials": "A B", "client_full_name": "ignored", "id": "ab" * 12}}
        updated = (await api.ok("PUT", f"/client/{client['id']}.json", body))["client"]
        assert updated == {
            **client,
            "gender": "female",
            "initials": "A B",
            "client_full_name": "Mevr. Dr. A B de Ester",
        }
        assert (await stored(read, api, client["id"])).gender == "female"

    async def test_update_of_division_ids_keeps_external(self, api: Api) -> None:
        client = await api.client(external="keep")
        ids = ["0123456789abcdef01234567"]
        updated = (await api.ok("PUT", f"/client/{client['id']}.json", {"client": {"division_ids": ids}}))["client"]
        assert (updated["division_ids"], updated["external"]) == (ids, "keep")

    async def test_update_refusal_writes_nothing(self, api: Api, read: Any) -> None:
        client = await api.client()
        response = await api("PUT", f"/client/{client['id']}.json", {"client": {"last_name": None, "email": "y@x.nl"}})
        assert response.json() == {"errors": {"last_name": ["can't be blank"]}}
        assert (await stored(read, api, client["id"])).email == "urias@sensestudios.com"

    async def test_delete_is_soft_and_the_client_vanishes(self, api: Api, read: Any) -> None:
        client = await api.client()
        assert await api.ok("DELETE", f"/client/{client['id']}.json") == {"status": "ok"}
        assert await api.ok("GET", "/clients.json") == []
        for method in ("GET", "PUT", "DELETE"):
            assert (await api(method, f"/client/{client['id']}.json", {"client": {}})).status_code == 404
        assert (await stored(read, api, client["id"])).deleted_at is not None

    @pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
    async def test_another_businesss_client_is_404_and_untouched(self, api: Api, other: Api, method: str) -> None:
        theirs = await other.client()
        response = await api(method, f"/client/{theirs['id']}.json", {"client": {"last_name": "Mine"}})
        assert response.status_code == 404
        assert response.json() == {"errors": {"id": ["not found"]}}
        assert await other.ok("GET", f"/client/{theirs['id']}.json") == {"client": theirs}

    @pytest.mark.parametrize("wire_id", ["5492ba6da19ea682ea000001", "0000000000000000000f4240", "not-an-id"])
    async def test_unknown_ids_are_404(self, api: Api, wire_id: str) -> None:
        assert (await api("GET", f"/client/{wire_id}.json")).status_code == 404
