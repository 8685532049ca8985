"""CareCloud messaging beside SMS: communication channels, message templates, e-mail through send-message and the
messages list, and a message's detail. Every answer is checked against the vendor's spec."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from clientbook.store.models import Message
from tests.conftest import TenantFactory
from tests.helpers import Read, row_counts

from .conftest import CUSTOMER, ENTERPRISE, Api, MakeApi, create_customer


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


def email_body(customer_id: str, text: str = "Hello <Jana>\nSee you soon", **extra: object) -> dict[str, object]:
    data = [{"parameter_name": "subject", "value": "Your visit"}, {"parameter_name": "text", "value": text}]
    return {
        "message": {
            "message_template_id": "email",
            "customer_id": customer_id,
            "communication_channel_id": 1,
            "message_data": data,
            **extra,
        }
    }


async def test_communication_channels_need_no_login_and_name_email_and_sms(http: httpx.AsyncClient) -> None:
    for base in (ENTERPRISE, CUSTOMER):
        listed = (await Api(http, base, {}, {}).get("/communication-channels?sort_field=text_id")).json()["data"]
        assert listed["total_items"] == 2
        assert [(c["communication_channel_id"], c["text_id"]) for c in listed["communication_channels"]] == [
            ("1", "email"),
            ("2", "sms"),
        ]
    one = await Api(http, ENTERPRISE, {}, {}).get("/communication-channels/2")
    assert one.json()["data"]["name"] == "SMS"
    assert (await Api(http, ENTERPRISE, {}, {}).get("/communication-channels/4")).status_code == 404


async def test_message_templates_list_what_the_server_sends_and_filter_by_channel(api: Api) -> None:
    listed = (await api.get("/message-templates")).json()["data"]
    by_id = {t["message_template_id"]: t for t in listed["message_templates"]}
    assert listed["total_items"] == len(by_id) == 3
    assert (by_id["sms"]["communication_channel_id"], by_id["password-setup"]["communication_channel_id"]) == (2, 1)
    assert by_id["password-setup"]["subject"] == "Set your password"
    assert by_id["password-setup"]["message_template_group_id"] == 2  # a system template
    emails = (await api.get("/message-templates?communication_channel_id=1&sort_field=name")).json()["data"]
    assert [t["name"] for t in emails["message_templates"]] == ["E-mail", "Password setup"]
    named = (await api.get("/message-templates?name=passw")).json()["data"]
    assert [t["message_template_id"] for t in named["message_templates"]] == ["password-setup"]
    one = await api.get("/message-templates/sms")
    assert one.json()["data"]["template_data"] == [{"parameter_name": "text", "value": ""}]
    assert (await api.get("/message-templates/newsletter")).status_code == 404


async def test_send_message_by_email_queues_an_email_listed_beside_sms(api: Api, read: Read) -> None:
    customer_id = await create_customer(api, email="jana.mail@example.com")
    assert (await api.post("/messages/actions/send-message", email_body(customer_id))).status_code == 204
    [queued] = await read(lambda s: s.scalars(select(Message).where(Message.business_id == business(api))))
    assert (queued.channel, queued.to_address, queued.subject, queued.status) == (
        "email",
        "jana.mail@example.com",
        "Your visit",
        "queued",
    )
    emails = (await api.get("/messages?communication_channel_id=1")).json()["data"]
    assert emails["total_items"] == 1
    listed = emails["messages"][0]
    assert (listed["communication_channel_id"], listed["contact"], listed["title"]) == (
        1,
        "jana.mail@example.com",
        "Your visit",
    )
    assert listed["message_template_id"] == "email"
    assert (await api.get("/messages?communication_channel_id=2")).json()["data"]["total_items"] == 0
    assert (await api.get("/messages?contact=JANA.MAIL@example.com")).json()["data"]["total_items"] == 1


async def test_a_message_detail_gives_the_body_as_text_and_escaped_html(api: Api) -> None:
    customer_id = await create_customer(api, email="detail@example.com")
    await api.post("/messages/actions/send-message", email_body(customer_id))
    message_id = (await api.get("/messages")).json()["data"]["messages"][0]["message_id"]
    detail = (await api.get(f"/messages/{message_id}/detail")).json()["data"]
    assert detail["plain_text_body"] == "Hello <Jana>\nSee you soon"
    assert detail["html_body"] == "<p>Hello &lt;Jana&gt;<br>\nSee you soon</p>"
    assert detail["attachments"] == []
    assert (await api.get("/messages/99999999/detail")).status_code == 404


async def test_an_email_to_a_customer_without_an_address_is_refused_and_writes_nothing(api: Api, read: Read) -> None:
    customer_id = await create_customer(api, email=None)
    before = await row_counts(read, business(api))
    response = await api.post("/messages/actions/send-message", email_body(customer_id))
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]] == ["email"]
    assert await row_counts(read, business(api)) == before


async def test_another_business_message_detail_is_a_404(api: Api, api_for: MakeApi, make_tenant: TenantFactory) -> None:
    other = await api_for(await make_tenant("Other business"))
    theirs = await create_customer(other, email="theirs@example.com")
    await other.post("/messages/actions/send-message", email_body(theirs))
    their_message = (await other.get("/messages")).json()["data"]["messages"][0]["message_id"]
    assert (await other.get(f"/messages/{their_message}/detail")).status_code == 200
    assert (await api.get(f"/messages/{their_message}/detail")).status_code == 404
    refused = await api.post("/messages/actions/send-message", email_body(theirs))
    assert refused.status_code == 400
