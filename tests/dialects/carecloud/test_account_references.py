"""CareCloud reference lists of the customer account: consents (`agreements`) and the business's external
applications, each answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from tests.conftest import TenantFactory

from .conftest import Api, MakeApi, creds


async def test_the_three_consents_are_listed_in_the_readers_language(api: Api) -> None:
    listed = (await api.get("/agreements")).json()["data"]
    assert listed["total_items"] == 3
    assert [a["text_id"] for a in listed["agreements"]] == [
        "personal_data_processing",
        "marketing_communication",
        "profiling",
    ]
    czech = (await api.get("/agreements/2", headers={"Accept-Language": "cs"})).json()["data"]
    assert czech["name"] == "Marketingová komunikace"
    assert czech["withdrawal_text"]
    one = (await api.get("/agreements?text_id=profiling")).json()["data"]
    assert [a["agreement_id"] for a in one["agreements"]] == ["3"]
    by_name = (await api.get("/agreements?sort_field=name&sort_direction=DESC&count=1")).json()["data"]
    assert (by_name["total_items"], by_name["agreements"][0]["text_id"]) == (3, "profiling")
    assert (await api.get("/agreements/4")).status_code == 404


async def test_the_business_external_application_is_the_one_its_credentials_name(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory
) -> None:
    application_id = creds(api.tenant)["external_application_id"]
    listed = (await api.get("/customer-external-applications")).json()["data"]
    assert listed["total_items"] == 1
    (application,) = listed["customer_external_applications"]
    assert (application["external_application_id"], application["state"]) == (application_id, 1)
    one = await api.get(f"/customer-external-applications/{application_id}")
    assert one.json()["data"] == application
    filtered = await api.get(f"/customer-external-applications?text_id[]={application['text_id']}&text_id[]=other")
    assert filtered.json()["data"]["total_items"] == 1
    assert (await api.get("/customer-external-applications?text_id=other")).json()["data"]["total_items"] == 0
    other = await api_for(await make_tenant(name="Elsewhere"))
    assert (await other.get(f"/customer-external-applications/{application_id}")).status_code == 404
    theirs = (await other.get("/customer-external-applications")).json()["data"]["customer_external_applications"]
    assert [a["external_application_id"] for a in theirs] != [application_id]
