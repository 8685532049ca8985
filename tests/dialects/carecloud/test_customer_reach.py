"""CareCloud push registrations (set/cancel-push-notifications) and newsletter sign-ups: what is stored, what
replaces what, and the refusals that name the field and write nothing. Every answer is checked against the spec."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from clientbook.store.models import Event, NewsletterSignup, PushRegistration
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer, creds, source_id

DEVICE = {"device_id": "phone-1", "device_system": "iOS 17", "device_name": "Jana's phone", "device_type": "phone"}


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


def invalid_names(response: httpx.Response) -> list[str]:
    return [p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]]


def push_body(api: Api, customer_id: str, token: str = "apns-1", **device: str) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "device": {**DEVICE, **device},
        "external_application_id": creds(api.tenant)["external_application_id"],
        "push_token": token,
    }


async def _registrations(read: Read, api: Api) -> list[PushRegistration]:
    query = select(PushRegistration).where(PushRegistration.business_id == business(api)).order_by(PushRegistration.id)
    return list(await read(lambda s: s.scalars(query)))


async def _written(read: Read, api: Api) -> tuple[int, int, int]:
    """(push registrations, newsletter sign-ups, events) of the business: what a refusal leaves as it was."""

    async def count(session: Any) -> tuple[int, int, int]:
        counts = []
        for model in (PushRegistration, NewsletterSignup, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business(api))
            counts.append(int(await session.scalar(query) or 0))
        return counts[0], counts[1], counts[2]

    result: tuple[int, int, int] = await read(count)
    return result


# ---- push notifications ------------------------------------------------------------------------------------------


async def test_a_device_registers_once_per_application_and_a_new_owner_replaces_the_old(api: Api, read: Read) -> None:
    jana, eva = await create_customer(api), await create_customer(api)
    assert (await api.post("/customers/actions/set-push-notifications", push_body(api, jana))).status_code == 204
    [registration] = await _registrations(read, api)
    assert (registration.client_id, registration.push_token, registration.device["system"]) == (
        int(jana),
        "apns-1",
        "iOS 17",
    )
    handed_over = push_body(api, eva, token="apns-2")
    assert (await api.post("/customers/actions/set-push-notifications", handed_over)).status_code == 204
    [registration] = await _registrations(read, api)
    assert (registration.client_id, registration.push_token, registration.cancelled_at) == (int(eva), "apns-2", None)


async def test_cancel_removes_one_token_or_every_device_of_the_customer(api: Api, read: Read) -> None:
    jana = await create_customer(api)
    await api.post("/customers/actions/set-push-notifications", push_body(api, jana, token="t1", device_id="a"))
    await api.post("/customers/actions/set-push-notifications", push_body(api, jana, token="t2", device_id="b"))
    application = creds(api.tenant)["external_application_id"]
    one = {"customer_id": jana, "external_application_id": application, "push_token": "t1"}
    assert (await api.post("/customers/actions/cancel-push-notifications", one)).status_code == 204
    assert [(r.push_token, r.cancelled_at is None) for r in await _registrations(read, api)] == [
        ("t1", False),
        ("t2", True),
    ]
    every = {"customer_id": jana, "external_application_id": application}
    assert (await api.post("/customers/actions/cancel-push-notifications", every)).status_code == 204
    assert all(r.cancelled_at is not None for r in await _registrations(read, api))
    await api.post("/customers/actions/set-push-notifications", push_body(api, jana, token="t3", device_id="a"))
    revived = [r for r in await _registrations(read, api) if r.device_id == "a"]
    assert [(r.push_token, r.cancelled_at) for r in revived] == [("t3", None)]


async def test_push_refusals_name_the_field_and_write_nothing(
    api: Api, customer_api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    other = await api_for(await make_tenant("Other business"))
    theirs = await create_customer(other)
    mine = await create_customer(api)
    before = await _written(read, api)
    foreign_customer = await api.post("/customers/actions/set-push-notifications", push_body(api, theirs))
    assert foreign_customer.status_code == 400
    assert invalid_names(foreign_customer) == ["customer_id"]
    foreign_application = await api.post("/customers/actions/set-push-notifications", push_body(other, mine))
    assert foreign_application.status_code == 400
    assert invalid_names(foreign_application) == ["external_application_id"]
    no_device = {k: v for k, v in push_body(api, mine).items() if k != "device"}
    assert invalid_names(await api.post("/customers/actions/set-push-notifications", no_device)) == ["device"]
    on_customer_interface = await customer_api.post("/customers/actions/set-push-notifications", push_body(api, mine))
    assert on_customer_interface.status_code == 403
    assert await _written(read, api) == before


# ---- newsletters -------------------------------------------------------------------------------------------------


async def test_a_contact_signs_up_once_and_signing_up_again_updates_the_consents(api: Api, read: Read) -> None:
    source = await source_id(api)
    body = {
        "contact": "Newsletter.Reader@example.com",
        "customer_source_id": source,
        "agreements": {"agreement_gtc": 1, "agreement_marketing_communication": 1},
        "language_id": "CS",
    }
    assert (await api.post("/customers/actions/newsletters-sign-up", body)).status_code == 204
    again = {**body, "contact": "newsletter.reader@EXAMPLE.com", "agreements": {"agreement_marketing_communication": 0}}
    assert (await api.post("/customers/actions/newsletters-sign-up", again)).status_code == 204
    query = select(NewsletterSignup).where(NewsletterSignup.business_id == business(api))
    [signup] = list(await read(lambda s: s.scalars(query)))
    assert (signup.contact_kind, signup.contact_key, signup.language) == (
        "email",
        "newsletter.reader@example.com",
        "cs",
    )
    assert signup.consents == {"marketing_communication": 0}
    assert signup.partner_ids is None  # every partner of the business


async def test_a_phone_contact_is_kept_as_e164(api: Api, read: Read) -> None:
    body = {"contact": "+420 777 123 456", "customer_source_id": await source_id(api)}
    assert (await api.post("/customers/actions/newsletters-sign-up", body)).status_code == 204
    query = select(NewsletterSignup.contact_key).where(NewsletterSignup.business_id == business(api))
    assert list(await read(lambda s: s.scalars(query))) == ["+420777123456"]


async def test_newsletter_refusals_name_the_field_and_write_nothing(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    other = await api_for(await make_tenant("Other business"))
    source = await source_id(api)
    before = await _written(read, api)
    malformed = await api.post(
        "/customers/actions/newsletters-sign-up", {"contact": "x@", "customer_source_id": source}
    )
    assert invalid_names(malformed) == ["contact"]
    foreign_source = {"contact": "a@example.com", "customer_source_id": await source_id(other)}
    refused = await api.post("/customers/actions/newsletters-sign-up", foreign_source)
    assert refused.status_code == 400
    assert invalid_names(refused) == ["customer_source_id"]
    unknown_partner = {
        "contact": "a@example.com",
        "customer_source_id": source,
        "partner_records": [{"partner_id": "99999999"}],
    }
    partner = await api.post("/customers/actions/newsletters-sign-up", unknown_partner)
    assert partner.status_code == 400
    assert invalid_names(partner) == ["partner_records.0.partner_id"]
    assert await _written(read, api) == before
