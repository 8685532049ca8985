"""Stores, bookings, segments and groups, customer sources, reference lists and messages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Appointment, Branch, Message
from clientbook.store.models.segments import SegmentMember
from tests.helpers import Read, row_counts

from .conftest import Api, create_customer, own_partner

STORE = {
    "store_code": "PRG-1",
    "name": "Praha Centrum",
    "system_id": "pos-7",
    "store_address": {"address1": "Na Příkopě 1", "city": "Praha", "zip": "11000", "country_code": "CZ"},
    "contact_email": "praha@example.com",
    "phone_number": "420222333444",
    "gps_coordinates": {"gps_longitude": 14.42, "gps_latitude": 50.08},
    "opening": [{"day_id": "1", "time_intervals": [{"from": "09:00", "to": "17:00"}]}],
}


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def test_stores_are_branches_created_read_replaced_and_filtered(api: Api, read: Read) -> None:
    sent = {**STORE, "partner_id": await own_partner(api)}
    response = await api.post("/stores", {"store": sent})
    assert response.status_code == 201
    store_id = response.json()["data"]["store_id"]
    branch = await read(lambda s: s.get(Branch, (business(api), int(store_id))))
    assert (branch.name, branch.city, branch.phone, branch.email) == (
        "Praha Centrum",
        "Praha",
        "+420222333444",
        "praha@example.com",
    )
    store = (await api.get(f"/stores/{store_id}")).json()["data"]
    assert {k: store[k] for k in ("store_code", "name", "partner_id", "system_id", "phone_number", "opening")} == {
        k: sent[k] for k in ("store_code", "name", "partner_id", "system_id", "phone_number", "opening")
    }
    by_system = (await api.get("/stores?system_id=pos-7")).json()["data"]
    assert [s["store_id"] for s in by_system["stores"]] == [store_id]
    replaced = await api.put(f"/stores/{store_id}", {"store": {**sent, "name": "Praha 1", "store_address": None}})
    assert replaced.status_code == 204
    branch = await read(lambda s: s.get(Branch, (business(api), int(store_id))))
    assert (branch.name, branch.city) == ("Praha 1", None)
    assert (await api.get("/stores/777777")).status_code == 404


async def test_a_store_without_its_mandatory_fields_is_refused_and_nothing_written(api: Api, read: Read) -> None:
    before = await read(lambda s: s.scalars(select(Branch.id).where(Branch.business_id == business(api))))
    response = await api.post("/stores", {"store": {"name": "X"}})
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]}
    assert names == {"store.store_code", "store.partner_id", "store.system_id"}
    after = await read(lambda s: s.scalars(select(Branch.id).where(Branch.business_id == business(api))))
    assert list(after) == list(before)


async def test_a_booking_is_an_appointment(api: Api, read: Read) -> None:
    customer_id = await create_customer(api)
    body = {
        "booking": {
            "customer_id": customer_id,
            "booking_status": "confirmed",
            "created_at": "2026-01-01 10:00:00",
            "utm": {"utm_source": "newsletter"},
            "data": {"room": "2"},
            "booking_items": [{"time_slot_id": "2026-12-01 09:00:00/30", "created_at": "2026-01-01 10:00:00"}],
        }
    }
    response = await api.post("/bookings", body)
    assert response.status_code == 201
    booking_id = response.json()["data"]["booking_id"]
    stored = await read(lambda s: s.get(Appointment, (business(api), int(booking_id))))
    assert (stored.client_id, stored.state, stored.duration_minutes) == (int(customer_id), "confirmed", 30)
    assert stored.starts_at.isoformat() == "2026-12-01T09:00:00+00:00"
    booking = (await api.get(f"/bookings/{booking_id}")).json()["data"]
    assert booking["utm"] == {"utm_source": "newsletter"}
    assert booking["data"] == {"room": "2"}
    assert booking["booking_items"][0]["time_slot_id"] == "2026-12-01T09:00:00/30"
    changed = await api.put(f"/bookings/{booking_id}", {"booking": {"booking_status": "cancelled"}})
    assert changed.status_code == 204
    listed = (await api.get("/bookings?booking_statuses[]=cancelled&booking_statuses[]=x")).json()["data"]
    assert [b["booking_id"] for b in listed["bookings"]] == [booking_id]
    assert listed["bookings"][0]["booking_items"] == []
    full = (await api.get(f"/bookings?customer_id={customer_id}&add_booking_items=full")).json()["data"]
    assert len(full["bookings"][0]["booking_items"]) == 1
    assert (await api.delete(f"/bookings/{booking_id}")).status_code == 204
    assert (await api.get(f"/bookings/{booking_id}")).status_code == 404
    assert (await api.get("/bookings?booking_status=cancelled")).json()["data"]["total_items"] == 0


async def test_bad_bookings_are_refused_naming_the_field(api: Api, read: Read) -> None:
    customer_id = await create_customer(api)
    before = await row_counts(read, business(api))
    item = {"time_slot_id": "tomorrow", "created_at": "2026-01-01 10:00:00"}
    bad_slot = await api.post(
        "/bookings", {"booking": {"customer_id": customer_id, "created_at": "x", "booking_items": [item]}}
    )
    assert bad_slot.json()["error"]["error_data"]["invalid_params"][0]["name"] == "booking.booking_items.0.time_slot_id"
    item["time_slot_id"] = "2026-12-01T09:00:00"
    unknown = await api.post(
        "/bookings", {"booking": {"customer_id": "555555", "created_at": "x", "booking_items": [item]}}
    )
    assert unknown.json()["error"]["error_data"]["invalid_params"][0] == {
        "name": "booking.customer_id",
        "reason": "not_found",
        "value": "555555",
        "message": "client 555555 not found",
    }
    no_items = await api.post("/bookings", {"booking": {"customer_id": customer_id, "created_at": "x"}})
    assert no_items.json()["error"]["error_data"]["invalid_params"][0]["name"] == "booking.booking_items"
    assert await row_counts(read, business(api)) == before


async def test_customers_see_and_book_only_for_themselves(api: Api, customer_api: Api) -> None:
    body = {
        "customer": {"personal_information": {"email": "self@example.com", "language_id": "en"}},
        "customer_source": {
            "customer_source_id": (await api.get("/customer-sources")).json()["data"]["customer_sources"][0][
                "customer_source_id"
            ]
        },
        "autologin": True,
        "password": "Self1234x",
    }
    mine = (await customer_api.post("/customers", body)).json()["data"]["customer_id"]
    other = await create_customer(api)
    item = {"time_slot_id": "2026-12-01T09:00:00", "created_at": "2026-01-01 10:00:00"}
    own = await customer_api.post("/bookings", {"booking": {"created_at": "x", "booking_items": [item]}})
    assert own.status_code == 201
    foreign = await customer_api.post(
        "/bookings", {"booking": {"customer_id": other, "created_at": "x", "booking_items": [item]}}
    )
    assert foreign.status_code == 403
    theirs = (
        await api.post("/bookings", {"booking": {"customer_id": other, "created_at": "x", "booking_items": [item]}})
    ).json()["data"]["booking_id"]
    assert (await customer_api.get(f"/bookings/{theirs}")).status_code == 403
    listed = (await customer_api.get("/bookings")).json()["data"]
    assert [b["customer_id"] for b in listed["bookings"]] == [mine]


async def test_segments_hold_customers_added_and_removed(api: Api, read: Read) -> None:
    customer_id = await create_customer(api)
    created = await api.post("/segments", {"name": "Newsletter", "note": "monthly", "priority": 5})
    assert created.status_code == 201
    segment_id = created.json()["data"]["segment_id"]
    segment = (await api.get(f"/segments/{segment_id}")).json()["data"]
    assert (segment["name"], segment["note"]) == ("Newsletter", "monthly")
    group_id = segment["segment_group_id"]
    assert (await api.get(f"/segment-groups/{group_id}")).json()["data"]["text_id"] == "ad_hoc"
    in_group = (await api.get(f"/segments?segment_group_ids[]={group_id}")).json()["data"]
    assert [s["segment_id"] for s in in_group["segments"]] == [segment_id]
    added = await api.post(f"/segments/{segment_id}/actions/add-customer", {"customer_id": customer_id})
    assert added.status_code == 204
    again = await api.post(f"/segments/{segment_id}/actions/add-customer", {"customer_id": customer_id})
    assert again.status_code == 400
    assert again.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "relation_already_exists"
    records = (await api.get(f"/segments/{segment_id}/segment-records")).json()["data"]
    assert [r["customer_id"] for r in records["segment_records"]] == [customer_id]
    removed = await api.post(f"/segments/{segment_id}/actions/remove-customer", {"customer_id": customer_id})
    assert removed.status_code == 204
    members = await read(lambda s: s.scalars(select(SegmentMember).where(SegmentMember.business_id == business(api))))
    assert list(members) == []
    not_member = await api.post(f"/segments/{segment_id}/actions/remove-customer", {"customer_id": customer_id})
    assert not_member.json()["error"]["error_data"]["invalid_params"][0] == {
        "name": "customer_id",
        "reason": "not_found",
        "value": customer_id,
        "message": f"client {customer_id} is not in segment {segment_id}",
    }


async def test_segment_refusals_name_the_field_and_write_nothing(api: Api, read: Read) -> None:
    before = await row_counts(read, business(api))
    assert (await api.post("/segments", {"name": "  "})).json()["error"]["error_data"]["invalid_params"][0][
        "name"
    ] == "name"
    assert (await api.post("/segments", {"name": "x", "priority": 101})).status_code == 400
    assert (await api.post("/segments/9999/actions/add-customer", {"customer_id": "1"})).status_code == 404
    segment_id = (await api.post("/segments", {"name": "S"})).json()["data"]["segment_id"]
    unknown = await api.post(f"/segments/{segment_id}/actions/add-customer", {"customer_id": "8888888"})
    assert unknown.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "not_found"
    after = await row_counts(read, business(api))
    assert after["clients"] == before["clients"]


async def test_customer_sources_and_segment_groups_are_listed_and_read(api: Api) -> None:
    sources = (await api.get("/customer-sources?sort_field=customer_source_text_id")).json()["data"]
    assert [s["customer_source_text_id"] for s in sources["customer_sources"]] == ["api", "mobile_app", "pos", "web"]
    one = (await api.get(f"/customer-sources/{sources['customer_sources'][0]['customer_source_id']}")).json()
    assert one["data"]["state"] == 1
    assert (await api.get("/customer-sources/424242")).status_code == 404
    groups = (await api.get("/segment-groups?text_id=ad_hoc")).json()["data"]
    assert groups["total_items"] == 1


async def test_currencies_and_languages(api: Api) -> None:
    czk = (await api.get("/currencies/czk", headers={"Accept-Language": "cs"})).json()["data"]
    assert czk == {"currency_id": "CZK", "name": "česká koruna", "code": "CZK"}
    by_code = (await api.get("/currencies?currency_code=EUR")).json()["data"]
    assert by_code["total_items"] == 1
    assert (await api.get("/currencies/XXX")).status_code == 404
    languages = await api.http.get("/carecloud/customer-interface/v1.0/languages")  # no authorization needed
    assert languages.status_code == 200
    assert {"cs", "en"} <= {item["language_id"] for item in languages.json()["data"]["languages"]}
    bad = await api.get("/languages?language_list_type=other")
    assert bad.status_code == 400


async def test_send_message_queues_an_sms_to_the_customer(api: Api, read: Read) -> None:
    customer_id = await create_customer(api, phone="420603111222")
    body = {
        "message": {
            "message_template_id": "welcome",
            "customer_id": customer_id,
            "communication_channel_id": 2,
            "message_data": [{"parameter_name": "text", "value": "Dobrý den, vítejte!"}],
        }
    }
    response = await api.post("/messages/actions/send-message", body)
    assert response.status_code == 204
    queued = list(await read(lambda s: s.scalars(select(Message).where(Message.business_id == business(api)))))
    assert [(m.to_number, m.body, m.status) for m in queued] == [("+420603111222", "Dobrý den, vítejte!", "queued")]
    listed = (await api.get(f"/messages?customer_id={customer_id}&communication_channel_id=2")).json()["data"]
    assert listed["total_items"] == 1
    message = listed["messages"][0]
    assert (message["status"], message["contact"], message["communication_channel_id"]) == (0, "420603111222", 2)
    assert (await api.get(f"/messages/{message['message_id']}")).json()["data"]["message_data"] == [
        {"parameter_name": "text", "value": "Dobrý den, vítejte!"}
    ]
    assert (await api.get("/messages?communication_channel_id=1")).json()["data"]["total_items"] == 0
    assert (await api.get("/messages?contact=420603111222")).json()["data"]["total_items"] == 1
    assert (await api.get("/messages?send_time_from=2000-01-01 00:00:00&send_time_to=2000-01-02T00:00:00")).json()[
        "data"
    ]["total_items"] == 0


async def test_send_message_refusals_name_the_field_and_queue_nothing(api: Api, read: Read) -> None:
    customer_id = await create_customer(api)
    before = await row_counts(read, business(api))
    push = await api.post(
        "/messages/actions/send-message",
        {
            "message": {
                "message_template_id": "t",
                "customer_id": customer_id,
                "communication_channel_id": 4,  # push notifications: a channel we do not send on
                "message_data": [{"parameter_name": "text", "value": "hi"}],
            }
        },
    )
    assert push.json()["error"]["error_data"]["invalid_params"][0]["name"] == "message.communication_channel_id"
    no_text = await api.post(
        "/messages/actions/send-message",
        {"message": {"message_template_id": "t", "customer_id": customer_id, "communication_channel_id": 2}},
    )
    assert no_text.json()["error"]["error_data"]["invalid_params"][0]["name"] == "message.message_data"
    unknown = await api.post(
        "/messages/actions/send-message",
        {
            "message": {
                "message_template_id": "t",
                "customer_id": "7777777",
                "communication_channel_id": 2,
                "message_data": [{"parameter_name": "text", "value": "hi"}],
            }
        },
    )
    assert unknown.json()["error"]["error_data"]["invalid_params"][0]["name"] == "message.customer_id"
    assert await row_counts(read, business(api)) == before


async def test_users_are_staff(api: Api, read: Read) -> None:
    from clientbook.core import staff
    from clientbook.core.staff import StaffChanges
    from clientbook.core.types import Tenant

    async def add(session: AsyncSession) -> int:
        member = await staff.create(
            session,
            Tenant(business(api)),
            StaffChanges(first_name="Marie", last_name="Curie", email="marie@example.com"),
        )
        return member.id

    staff_id = await read(add)
    users = (await api.get("/users?email=marie@example.com")).json()["data"]
    assert users["users"] == [
        {
            "user_id": str(staff_id),
            "login": "marie@example.com",
            "first_name": "Marie",
            "last_name": "Curie",
            "email": "marie@example.com",
            "user_role_ids": ["user"],
        }
    ]
    assert (await api.get(f"/users/{staff_id}")).json()["data"]["first_name"] == "Marie"
    assert (await api.get("/users/999999")).status_code == 404
