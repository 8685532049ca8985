"""Appointments (seed 002 "Appointment Collection"): generated id, state, orig_date, started_at, created_at;
read-only input ignored (K4); inloop_json writable (K5); dates keep their instant."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from clientbook.store.models import Appointment
from tests.helpers import row_counts

from .conftest import Api

GENERATED = {"id", "state", "orig_date", "started_at", "created_at"}


async def stored(read: Any, api: Api, wire_id: str) -> Appointment:
    row: Appointment = await read(lambda s: s.get(Appointment, (api.business_id, int(wire_id, 16))))
    return row


class TestCreate:
    async def test_seed_example_creates_an_idle_appointment_ignoring_read_only_attributes(
        self, api: Api, read: Any
    ) -> None:
        user, creator, client = await api.user(), await api.user(email="c@example.com"), await api.client()
        body = {
            "id": "1234567890abcdef12345678",
            "user_id": user["id"],
            "client_id": client["id"],
            "created_by_user_id": creator["id"],
            "date": "2015-07-01T15:41:24.306+02:00",
            "orig_date": "2001-01-01T00:00:00.000+01:00",
            "started_at": "2015-07-01T15:41:24.306+02:00",
            "created_at": "2001-01-01T00:00:00.000+01:00",
            "state": "started",
            "division_id": "1234567890abcdef12345678",
            "duration": 100,
            "external_participant_ids": ["1234567890abcdef12345678", "1234567890abcdef12345678"],
            "inloop_json": {"email": "someemail@somedomain.com"},
        }
        appointment = (await api.ok("POST", "/appointments.json", {"appointment": body}))["appointment"]
        assert re.fullmatch(r"[0-9a-f]{24}", appointment["id"])
        assert appointment["id"] != body["id"]
        created_at = datetime.fromisoformat(appointment.pop("created_at"))
        assert abs(created_at - datetime.now(UTC)) < timedelta(minutes=1)
        assert appointment == {
            **{k: v for k, v in body.items() if k not in GENERATED},
            "id": appointment["id"],
            "state": "idle",
            "orig_date": "2015-07-01T15:41:24.306+02:00",
            "started_at": None,
        }
        row = await stored(read, api, appointment["id"])
        assert row.starts_at == datetime(2015, 7, 1, 13, 41, 24, 306000, tzinfo=UTC)
        assert (row.staff_id, row.client_id, row.created_by_staff_id, row.duration_minutes, row.state) == (
            int(user["id"], 16),
            int(client["id"], 16),
            int(creator["id"], 16),
            100,
            "idle",
        )

    @pytest.mark.parametrize(
        "sent",
        [
            "2015-07-01T13:41:24.306Z",
            "2015-07-01T13:41:24.306+00:00",
            "2015-07-01T09:41:24.306-04:00",
            "2015-07-01T15:41:24.306",
        ],
    )
    async def test_dates_keep_their_instant_and_render_in_the_businesss_zone(self, api: Api, sent: str) -> None:
        appointment = await api.appointment(date=sent)
        assert appointment["date"] == "2015-07-01T15:41:24.306+02:00"

    async def test_winter_dates_carry_the_winter_offset(self, api: Api) -> None:
        assert (await api.appointment(date="2026-01-05T08:00:00Z"))["date"] == "2026-01-05T09:00:00.000+01:00"

    async def test_optional_attributes_may_be_left_out(self, api: Api) -> None:
        client = await api.client()
        body = {"appointment": {"client_id": client["id"], "date": "2026-03-02T10:00:00+01:00"}}
        appointment = (await api.ok("POST", "/appointments.json", body))["appointment"]
        assert {
            k: appointment[k]
            for k in (
                "user_id",
                "created_by_user_id",
                "division_id",
                "duration",
                "external_participant_ids",
                "inloop_json",
            )
        } == {
            "user_id": None,
            "created_by_user_id": None,
            "division_id": None,
            "duration": None,
            "external_participant_ids": [],
            "inloop_json": None,
        }

    @pytest.mark.parametrize(
        ("fields", "errors"),
        [
            ({"duration": 0}, {"duration": ["must be greater than 0"]}),
            ({"duration": -5}, {"duration": ["must be greater than 0"]}),
            ({"duration": "abc"}, {"duration": ["is invalid"]}),
            ({"duration": 1.5}, {"duration": ["is invalid"]}),
            ({"date": "yesterday"}, {"date": ["is invalid"]}),
            ({"date": None}, {"date": ["can't be blank"]}),
            ({"client_id": None}, {"client_id": ["can't be blank"]}),
            ({"client_id": None, "date": None}, {"client_id": ["can't be blank"], "date": ["can't be blank"]}),
            ({"user_id": "abc"}, {"user_id": ["is invalid"]}),
            ({"user_id": "0000000000000000000f4240"}, {"user_id": ["does not exist"]}),
            ({"user_id": "ffffffffffffffffffffffff"}, {"user_id": ["does not exist"]}),
            ({"created_by_user_id": "0000000000000000000f4240"}, {"created_by_user_id": ["does not exist"]}),
            ({"client_id": "0000000000000000000f4240"}, {"client_id": ["does not exist"]}),
            ({"division_id": "x"}, {"division_id": ["is invalid"]}),
            ({"external_participant_ids": ["x"]}, {"external_participant_ids": ["is invalid"]}),
            ({"inloop_json": "email"}, {"inloop_json": ["is invalid"]}),
        ],
    )
    async def test_refusals_name_the_bad_attribute_and_write_nothing(
        self, api: Api, read: Any, fields: dict[str, Any], errors: dict[str, list[str]]
    ) -> None:
        client = await api.client()
        before = await row_counts(read, api.business_id)
        body = {"client_id": client["id"], "date": "2026-03-02T10:00:00+01:00", "duration": 30, **fields}
        response = await api("POST", "/appointments.json", {"appointment": body})
        assert response.status_code == 422
        assert response.json() == {"errors": errors}
        assert await row_counts(read, api.business_id) == before

    async def test_one_refusal_names_every_bad_attribute_references_included(self, api: Api, read: Any) -> None:
        before = await row_counts(read, api.business_id)
        body = {
            "client_id": "0000000000000000000f4240",
            "user_id": "0000000000000000000f4241",
            "duration": 0,
            "date": "2026-03-02T10:00:00+01:00",
        }
        response = await api("POST", "/appointments.json", {"appointment": body}, lang="nl")
        assert response.status_code == 422
        assert response.json() == {
            "errors": {
                "duration": ["moet groter zijn dan 0"],
                "client_id": ["bestaat niet"],
                "user_id": ["bestaat niet"],
            }
        }
        response = await api("POST", "/appointments.json", {"appointment": {"duration": 15}})
        assert response.json() == {"errors": {"client_id": ["can't be blank"], "date": ["can't be blank"]}}
        assert await row_counts(read, api.business_id) == before

    async def test_refuses_a_deleted_user(self, api: Api) -> None:
        user = await api.user()
        await api.ok("DELETE", f"/users/{user['id']}.json")
        client = await api.client()
        response = await api(
            "POST",
            "/appointments.json",
            {"appointment": {"client_id": client["id"], "user_id": user["id"], "date": "2026-03-02T10:00:00+01:00"}},
            lang="nl",
        )
        assert response.status_code == 422
        assert response.json() == {"errors": {"user_id": ["is verwijderd"]}}

    async def test_refuses_a_user_and_a_client_of_another_business(self, api: Api, other: Api, read: Any) -> None:
        their_user, their_client = await other.user(), await other.client()
        my_client = await api.client()
        before = await row_counts(read, api.business_id)
        for body, field in (
            ({"client_id": their_client["id"]}, "client_id"),
            ({"client_id": my_client["id"], "user_id": their_user["id"]}, "user_id"),
        ):
            response = await api(
                "POST", "/appointments.json", {"appointment": {**body, "date": "2026-03-02T10:00:00+01:00"}}
            )
            assert response.status_code == 422
            assert response.json() == {"errors": {field: ["does not exist"]}}
        assert await row_counts(read, api.business_id) == before


class TestReadUpdateDelete:
    async def test_list_is_a_bare_array_earliest_first(self, api: Api, other: Api) -> None:
        later = await api.appointment(date="2026-05-01T10:00:00+02:00")
        earlier = await api.appointment(date="2026-04-01T10:00:00+02:00")
        await other.appointment()
        assert await api.ok("GET", "/appointments.json") == [earlier, later]

    async def test_show_answers_the_appointment_wrapped(self, api: Api) -> None:
        appointment = await api.appointment()
        assert await api.ok("GET", f"/appointment/{appointment['id']}.json") == {"appointment": appointment}

    async def test_update_moves_the_date_but_keeps_orig_date(self, api: Api, read: Any) -> None:
        appointment = await api.appointment(inloop_json={"email": "a@b.nl"})
        user = await api.user()
        body = {
            "appointment": {
                "date": "2015-07-02T10:00:00.000+02:00",
                "user_id": user["id"],
                "state": "ended",
                "orig_date": "2000-01-01T00:00:00.000Z",
                "inloop_json": {"email": "c@d.nl"},
            }
        }
        updated = (await api.ok("PUT", f"/appointment/{appointment['id']}.json", body))["appointment"]
        assert updated == {
            **appointment,
            "date": "2015-07-02T10:00:00.000+02:00",
            "user_id": user["id"],
            "inloop_json": {"email": "c@d.nl"},
        }
        assert (await stored(read, api, appointment["id"])).starts_at == datetime(2015, 7, 2, 8, tzinfo=UTC)

    async def test_update_refusal_writes_nothing(self, api: Api, read: Any) -> None:
        appointment = await api.appointment()
        response = await api("PUT", f"/appointment/{appointment['id']}.json", {"appointment": {"duration": 0}})
        assert response.json() == {"errors": {"duration": ["must be greater than 0"]}}
        assert (await stored(read, api, appointment["id"])).duration_minutes == 100

    async def test_delete_is_soft_and_the_appointment_vanishes(self, api: Api, read: Any) -> None:
        appointment = await api.appointment()
        assert await api.ok("DELETE", f"/appointment/{appointment['id']}.json") == {"status": "ok"}
        assert await api.ok("GET", "/appointments.json") == []
        for method in ("GET", "PUT", "DELETE"):
            response = await api(method, f"/appointment/{appointment['id']}.json", {"appointment": {}})
            assert response.status_code == 404
        assert (await stored(read, api, appointment["id"])).deleted_at is not None

    @pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
    async def test_another_businesss_appointment_is_404_and_untouched(self, api: Api, other: Api, method: str) -> None:
        theirs = await other.appointment()
        response = await api(method, f"/appointment/{theirs['id']}.json", {"appointment": {"duration": 5}})
        assert response.status_code == 404
        assert await other.ok("GET", f"/appointment/{theirs['id']}.json") == {"appointment": theirs}
