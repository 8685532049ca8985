"""POST /wiredclient/api/v1/client (seed 000 section 2; vendors.md W1, W4, W7, W9, W11, W15)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from clientbook.core import clients as core_clients
from clientbook.core import staff as core_staff
from clientbook.core.clients import ClientChanges
from clientbook.core.tenants import tenant_of
from clientbook.store.models import Appointment, Business, Client
from tests.helpers import row_counts


async def stored_client(read: Any, client_id: int) -> Client:
    client: Client = await read(lambda s: s.scalar(select(Client).where(Client.id == client_id)))
    return client


async def appointments_of(read: Any, client_id: int) -> list[Appointment]:
    rows = await read(
        lambda s: s.scalars(
            select(Appointment).where(Appointment.client_id == client_id).order_by(Appointment.starts_at)
        )
    )
    return list(rows)


async def new_staff(post: Any, staff_body: Any, **fields: Any) -> int:
    answer = await post("staff", staff_body(**fields))
    assert answer["status"] == 0
    staff_id: int = answer["id"]
    return staff_id


async def delete_staff(context: Any, tenant: dict[str, Any], staff_id: int) -> None:
    async with context.db.transaction() as session:
        business = await session.get(Business, tenant["business"]["id"])
        await core_staff.delete(session, tenant_of(business), staff_id)


class TestCreate:
    async def test_stores_every_documented_field(
        self, post: Any, client_body: Any, staff_body: Any, read: Any, tenant: Any
    ) -> None:
        staff_id = await new_staff(post, staff_body)
        answer = await post(
            "client",
            client_body(
                preferred_language="fr",
                staff_id=staff_id,
                staff_name="Jane Doe",
                client_type=1,
                gender=1,
                birthday="1980-02-29",
                guardian="True",
                guardian_first_name="Mary",
                guardian_last_name="Smith",
                mobile_phone1="415-555-0177",
                email_address1="John@Example.com",
                street="2 Elm",
                city="Portland",
                region="OR",
                postal_code="97201",
                country="US",
                reason="Back pain",
                start_date="2026-01-05",
                end_date="2026-12-31",
                last_visit_date="2026-11-01",
                opted_in_date="2026-01-05",
                contact_method=1,
                last_cancelled_date="2026-10-01",
                number_of_visits="7",
            ),
        )
        assert answer["status"] == 0, answer
        assert answer["message"] == "Inserted one client"
        client = await stored_client(read, answer["id"])
        assert (client.first_name, client.last_name, client.full_name) == ("John", "Smith", "John Smith")
        assert (client.language, client.staff_id, client.client_type, client.gender) == (
            "fr",
            staff_id,
            "lead",
            "female",
        )
        assert client.birth_date == date(1980, 2, 29)
        assert (client.guardian, client.guardian_first_name, client.guardian_last_name) == (True, "Mary", "Smith")
        assert (client.mobile_phone, client.mobile_phone_raw) == ("+14155550177", "415-555-0177")
        assert (client.email, client.email_normalized) == ("John@Example.com", "john@example.com")
        assert (client.street, client.city, client.region, client.postal_code, client.country) == (
            "2 Elm",
            "Portland",
            "OR",
            "97201",
            "US",
        )
        assert client.reason == "Back pain"
        assert (client.start_date, client.end_date) == (date(2026, 1, 5), date(2026, 12, 31))
        assert (client.last_visit_date, client.opted_in_date) == (date(2026, 11, 1), date(2026, 1, 5))
        assert (client.contact_method, client.last_cancelled_date, client.number_of_visits) == (
            "sms",
            date(2026, 10, 1),
            7,
        )
        assert client.branch_id == tenant["branches"][0]["id"]

    async def test_documented_defaults_apply_when_fields_are_omitted(
        self, post: Any, client_body: Any, read: Any
    ) -> None:
        answer = await post("client", client_body())
        client = await stored_client(read, answer["id"])
        assert (client.client_type, client.gender, client.contact_method, client.language, client.guardian) == (
            "active",
            "undisclosed",
            "none",
            "en",
            False,
        )

    @pytest.mark.parametrize(
        ("field", "wire", "column", "core"),
        [
            ("client_type", 2, "client_type", "active"),
            ("client_type", 3, "client_type", "inactive"),
            ("gender", 2, "gender", "male"),
            ("gender", 3, "gender", "other"),
            ("gender", 4, "gender", "undisclosed"),
            ("contact_method", 0, "contact_method", "none"),
            ("contact_method", 3, "contact_method", "phone"),
            ("preferred_language", "ES", "language", "es"),
            ("preferred_language", "en", "language", "en"),
            ("guardian", False, "guardian", False),
            ("guardian", "False", "guardian", False),
        ],
    )
    async def test_enumerations_map_to_the_core(
        self, post: Any, client_body: Any, read: Any, field: str, wire: Any, column: str, core: Any
    ) -> None:
        answer = await post("client", client_body(**{field: wire}))
        assert answer["status"] == 0, answer
        assert getattr(await stored_client(read, answer["id"]), column) == core

    async def test_business_account_number_is_accepted_for_a_client_without_a_branch(
        self, post: Any, client_body: Any, tenant: Any, read: Any
    ) -> None:
        answer = await post("client", client_body(account_number=tenant["business"]["account_number"]))
        assert answer["status"] == 0
        assert (await stored_client(read, answer["id"])).branch_id is None


class TestUpdate:
    async def test_existing_id_updates_only_the_fields_sent(self, post: Any, client_body: Any, read: Any) -> None:
        created = await post("client", client_body(gender=2, reason="Knee"))
        body = client_body(id=created["id"], last_name="Smythe")
        answer = await post("client", body)
        assert answer == {"id": created["id"], "status": 0, "message": "Updated one client"}
        client = await stored_client(read, created["id"])
        assert (client.last_name, client.full_name, client.gender, client.reason) == (
            "Smythe",
            "John Smythe",
            "male",
            "Knee",
        )

    async def test_a_client_keeps_its_own_mobile_number_on_update(self, post: Any, client_body: Any) -> None:
        created = await post("client", client_body(mobile_phone1="+1 415 555 0111"))
        answer = await post("client", client_body(id=created["id"], mobile_phone1="(415) 555-0111"))
        assert answer["status"] == 0

    async def test_unknown_client_id_is_2003_and_writes_nothing(
        self, post: Any, client_body: Any, read: Any, tenant: Any
    ) -> None:
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("client", client_body(id=123456789))
        assert answer["status"] == 2003
        assert answer["id"] == 0
        assert await row_counts(read, tenant["business"]["id"]) == before


class TestStaffReferences:
    async def test_unknown_staff_id_is_2001_with_the_staff_name(self, post: Any, client_body: Any) -> None:
        answer = await post("client", client_body(staff_id=99999999, staff_name="Dr. Who"))
        assert (answer["status"], answer["message"], answer["id"]) == (2001, "Dr. Who", 0)

    async def test_deleted_staff_id_is_1003_with_the_staff_name(
        self, post: Any, client_body: Any, staff_body: Any, context: Any, tenant: Any, read: Any
    ) -> None:
        staff_id = await new_staff(post, staff_body, first_name="Gone", last_name="Away")
        await delete_staff(context, tenant, staff_id)
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("client", client_body(staff_id=staff_id))
        assert (answer["status"], answer["message"]) == (1003, "Gone Away")
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_deleted_next_appointment_staff_is_1004(
        self, post: Any, client_body: Any, staff_body: Any, context: Any, tenant: Any
    ) -> None:
        staff_id = await new_staff(post, staff_body, first_name="Old", last_name="Timer")
        await delete_staff(context, tenant, staff_id)
        answer = await post(
            "client", client_body(next_appointment_staff_id=staff_id, next_appointment_date="2026-12-01")
        )
        assert (answer["status"], answer["message"]) == (1004, "Old Timer")

    async def test_unknown_next_appointment_staff_is_2002(self, post: Any, client_body: Any) -> None:
        answer = await post(
            "client",
            client_body(
                next_appointment_staff_id=424242,
                next_appointment_staff_name="Nobody",
                next_appointment_date="2026-12-01",
            ),
        )
        assert (answer["status"], answer["message"]) == (2002, "Nobody")

    async def test_unknown_pending_appointment_staff_is_2002(
        self, post: Any, client_body: Any, read: Any, tenant: Any
    ) -> None:
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post(
            "client",
            client_body(
                pending_appointments=[
                    {
                        "appointment_date": "2026-12-01",
                        "appointment_staff_id": 515151,
                        "appointment_staff_name": "Ghost",
                    }
                ]
            ),
        )
        assert (answer["status"], answer["message"]) == (2002, "Ghost")
        assert await row_counts(read, tenant["business"]["id"]) == before


class TestDuplicateMobile:
    async def test_existing_mobile_among_active_clients_is_1005(
        self, post: Any, client_body: Any, read: Any, tenant: Any
    ) -> None:
        await post("client", client_body(mobile_phone1="+1 415 555 0900"))
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("client", client_body(mobile_phone1="(415) 555-0900", first_name="Other"))
        assert answer["status"] == 1005
        assert "+14155550900" in answer["message"]
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_an_update_may_keep_a_number_another_client_was_given_elsewhere(
        self, post: Any, client_body: Any, context: Any, tenant: Any, read: Any
    ) -> None:
        created = await post("client", client_body(mobile_phone1="+1 415 555 0902"))
        # Another dialect (no such rule) gives a second client the same number.
        async with context.db.transaction() as session:
            business = await session.get(Business, tenant["business"]["id"])
            await core_clients.create(
                session, tenant_of(business), ClientChanges(last_name="Twin", mobile_phone="+14155550902")
            )
        answer = await post("client", client_body(id=created["id"], mobile_phone1="+1 415 555 0902", last_name="New"))
        assert answer == {"id": created["id"], "status": 0, "message": "Updated one client"}
        assert (await stored_client(read, created["id"])).last_name == "New"

    async def test_an_update_to_a_number_another_client_has_is_1005_and_writes_nothing(
        self, post: Any, client_body: Any, read: Any
    ) -> None:
        await post("client", client_body(mobile_phone1="+1 415 555 0903"))
        mine = await post("client", client_body(mobile_phone1="+1 415 555 0904", last_name="Mine"))
        answer = await post("client", client_body(id=mine["id"], mobile_phone1="+1 415 555 0903", last_name="Changed"))
        assert answer["status"] == 1005
        stored = await stored_client(read, mine["id"])
        assert (stored.mobile_phone, stored.last_name) == ("+14155550904", "Mine")

    async def test_the_same_mobile_in_another_business_is_fine(
        self, post: Any, client_body: Any, make_tenant: Any
    ) -> None:
        from tests.dialects.wiredclient.conftest import creds

        other = await make_tenant(name="Elsewhere")
        await post(
            "client",
            {
                **creds(other, branch=True),
                "id": 0,
                "first_name": "A",
                "last_name": "B",
                "mobile_phone1": "+1 415 555 0901",
            },
        )
        assert (await post("client", client_body(mobile_phone1="+1 415 555 0901")))["status"] == 0


class TestAppointments:
    async def test_pending_appointments_are_created_with_staff_branch_time_and_virtual(
        self, post: Any, client_body: Any, staff_body: Any, make_tenant: Any, read: Any
    ) -> None:
        tenant = await make_tenant(branches=("North", "South"), time_zone="America/New_York")
        from tests.dialects.wiredclient.conftest import creds

        staff = await post(
            "staff",
            {
                **creds(tenant, branch=False),
                "id": 0,
                "first_name": "S",
                "last_name": "T",
                "email_address1": "s@t.example",
            },
        )
        south = tenant["branches"][1]
        answer = await post(
            "client",
            {
                **creds(tenant, branch=True),
                "id": 0,
                "first_name": "P",
                "last_name": "Q",
                "mobile_phone1": "+1 212 555 0100",
                "next_appointment_date": "2027-01-01",  # ignored: pending_appointments wins (seed note)
                "pending_appointments": [
                    {
                        "appointment_date": "2026-12-01",
                        "appointment_time": "09:30:00",
                        "appointment_account_number": south["account_number"],
                        "appointment_staff_id": staff["id"],
                        "appointment_virtual": 1,
                    },
                    {"appointment_time": "2026-12-02T14:00:00", "appointment_virtual": "0"},
                ],
            },
        )
        assert answer["status"] == 0, answer
        first, second = await appointments_of(read, answer["id"])
        assert first.starts_at == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)  # 09:30 in New York
        assert (first.staff_id, first.branch_id, first.virtual) == (staff["id"], south["id"], True)
        assert second.starts_at == datetime(2026, 12, 2, 19, 0, tzinfo=UTC)
        assert (second.branch_id, second.virtual, second.state) == (tenant["branches"][0]["id"], False, "idle")

    async def test_next_appointment_fields_create_one_appointment_without_pending_ones(
        self, post: Any, client_body: Any, staff_body: Any, read: Any
    ) -> None:
        staff_id = await new_staff(post, staff_body)
        answer = await post(
            "client",
            client_body(
                next_appointment_staff_id=staff_id,
                next_appointment_date="2026-12-24",
                next_appointment_time="2026-12-24T08:15:00",
            ),
        )
        (appointment,) = await appointments_of(read, answer["id"])
        assert appointment.starts_at == datetime(2026, 12, 24, 8, 15, tzinfo=UTC)
        assert appointment.staff_id == staff_id

    async def test_repeating_the_same_sync_does_not_double_book(self, post: Any, client_body: Any, read: Any) -> None:
        pending = [{"appointment_date": "2026-12-05", "appointment_time": "10:00:00"}]
        created = await post("client", client_body(pending_appointments=pending))
        await post("client", client_body(id=created["id"], pending_appointments=pending))
        assert len(await appointments_of(read, created["id"])) == 1

    async def test_unknown_appointment_branch_is_1002(self, post: Any, client_body: Any) -> None:
        answer = await post(
            "client",
            client_body(
                pending_appointments=[
                    {
                        "appointment_date": "2026-12-05",
                        "appointment_account_number": "00000000-0000-0000-0000-000000000000",
                    }
                ]
            ),
        )
        assert answer["status"] == 1002
        assert (
            "pending_appointments.0.appointment_account_number" in answer["message"]
            or "Invalid branch" in answer["message"]
        )


async def test_concurrent_creates_with_one_mobile_number_let_exactly_one_through(
    post: Any, client_body: Any, read: Any
) -> None:
    import asyncio

    answers = await asyncio.gather(
        *(post("client", client_body(mobile_phone1="+1 415 555 0777", first_name=f"R{i}")) for i in range(6))
    )
    assert sorted(a["status"] for a in answers) == [0, 1005, 1005, 1005, 1005, 1005]
    stored = await read(lambda s: s.scalars(select(Client.id).where(Client.mobile_phone == "+14155550777")))
    assert len(list(stored)) == 1
