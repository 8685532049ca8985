"""POST /wiredclient/api/v1/staff (seed 000 section 1)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from clientbook.store.models import Staff
from tests.helpers import row_counts


async def stored_staff(read: Any, staff_id: int) -> Staff:
    staff: Staff = await read(lambda s: s.scalar(select(Staff).where(Staff.id == staff_id)))
    return staff


class TestCreate:
    async def test_id_zero_inserts_a_staff_member_with_every_documented_field(
        self, post: Any, staff_body: Any, read: Any
    ) -> None:
        answer = await post(
            "staff",
            staff_body(
                staff_type=2,
                job_title="Physiotherapist",
                job_description="Sports injuries",
                main_phone="555-0100",
                mobile_phone1="+1 (415) 555-0142",
                street="1 Main St",
                city="Springfield",
                region="IL",
                postal_code="62701",
                country="USA",
            ),
        )
        assert answer["status"] == 0
        assert answer["message"] == "Inserted one staff"
        staff = await stored_staff(read, answer["id"])
        assert (staff.first_name, staff.last_name, staff.email) == ("Jane", "Doe", "jane@example.com")
        assert staff.staff_type == "power_user"
        assert (staff.job_title, staff.job_description, staff.main_phone) == (
            "Physiotherapist",
            "Sports injuries",
            "555-0100",
        )
        assert staff.mobile_phone == "+14155550142"
        assert (staff.street, staff.city, staff.region, staff.postal_code, staff.country) == (
            "1 Main St",
            "Springfield",
            "IL",
            "62701",
            "USA",
        )

    async def test_null_id_creates_too(self, post: Any, staff_body: Any) -> None:
        answer = await post("staff", staff_body(id=None))
        assert answer["status"] == 0
        assert answer["id"] > 0

    async def test_staff_type_defaults_to_user(self, post: Any, staff_body: Any, read: Any) -> None:
        answer = await post("staff", staff_body())
        assert (await stored_staff(read, answer["id"])).staff_type == "user"

    @pytest.mark.parametrize(
        ("wire", "core"), [(2, "power_user"), (3, "user"), (4, "coordinator"), ("4", "coordinator")]
    )
    async def test_staff_types_map_to_the_core(
        self, post: Any, staff_body: Any, read: Any, wire: Any, core: str
    ) -> None:
        answer = await post("staff", staff_body(staff_type=wire))
        assert (await stored_staff(read, answer["id"])).staff_type == core


class TestUpdate:
    async def test_existing_id_updates_and_keeps_fields_not_sent(self, post: Any, staff_body: Any, read: Any) -> None:
        created = await post("staff", staff_body(job_title="Coach", staff_type=4))
        answer = await post("staff", staff_body(id=created["id"], first_name="Janet"))
        assert answer == {"id": created["id"], "status": 0, "message": "Updated one staff"}
        staff = await stored_staff(read, created["id"])
        assert staff.first_name == "Janet"
        assert staff.job_title == "Coach"
        assert staff.staff_type == "coordinator"

    async def test_id_sent_as_a_string_is_accepted(self, post: Any, staff_body: Any) -> None:
        created = await post("staff", staff_body())
        answer = await post("staff", staff_body(id=str(created["id"]), first_name="J"))
        assert answer["status"] == 0
        assert answer["id"] == created["id"]

    async def test_unknown_id_is_refused_with_2001(self, post: Any, staff_body: Any, read: Any, tenant: Any) -> None:
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("staff", staff_body(id=987654321))
        assert answer["status"] == 2001
        assert answer["id"] == 0
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_another_business_staff_id_is_unknown_here(
        self, post: Any, staff_body: Any, make_tenant: Any, read: Any
    ) -> None:
        other = await make_tenant(name="Other")
        from tests.dialects.wiredclient.conftest import creds

        theirs = await post(
            "staff",
            {
                **creds(other, branch=False),
                "id": 0,
                "first_name": "T",
                "last_name": "O",
                "email_address1": "t@o.example",
            },
        )
        answer = await post("staff", staff_body(id=theirs["id"], first_name="Hijack"))
        assert answer["status"] == 2001
        assert (await stored_staff(read, theirs["id"])).first_name == "T"
