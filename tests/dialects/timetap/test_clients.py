"""One client: create, read, PUT, PATCH, soft delete; the documented object; refusals that write nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import passwords
from clientbook.store.models import Client, Note
from tests.helpers import row_counts

from .conftest import MakeTimeTap, TimeTap

FULL = {
    "firstName": "Johnny",
    "lastName": "Begood",
    "emailAddress": "Johnny@Example.com",
    "cellPhone": "(415) 555-0134",
    "homePhone": "555-5555",
    "businessPhone": "555-6666",
    "dateOfBirth": "1993-02-02",
    "sex": "Male",
    "companyName": "Chuck's",
    "externalUserName": "jbegood",
    "address1": "1 Main St",
    "address2": "Suite 2",
    "city": "Charlotte",
    "county": "Mecklenburg",
    "state": "NC",
    "zip": "28202",
    "country": "US",
    "locale": "en-US",
    "status": "Blacklisted",
    "timeZone": {"timeZoneId": 7, "timeZoneCode": "US/Eastern", "timeZoneDesc": "Eastern"},
    "notes": "Allergic to latex",
    "tags": ["Excellent", "Rotund"],
    "allowWaitListText": True,
    "invitationOptIn": False,
    "imageUrl": "https://example.com/j.png",
    "excludeEmailCategoryIdList": [3],
    "excludeEmailTemplateIdList": [],
    "password": "correct horse battery",
}


async def _client_row(read: Any, business_id: int, client_id: int) -> Client:
    async def load(session: AsyncSession) -> Client:
        client: Client = await session.get_one(Client, (business_id, client_id))
        return client

    result: Client = await read(load)
    return result


async def test_create_returns_the_documented_client_object(tt: TimeTap, read: Any) -> None:
    created = await tt.create(**FULL)
    assert created["clientId"] > 0
    assert created["businessId"] == tt.business_id
    expected = {k: v for k, v in FULL.items() if k not in ("password", "timeZone", "sex", "locale")}
    assert {k: created[k] for k in expected} == expected
    assert created["fullName"] == "Johnny Begood"  # derived (T10)
    assert created["sex"] == "Male"
    assert created["locale"] == "en-us"  # T12: compared case-insensitively; stored lower case
    assert created["timeZone"]["timeZoneCode"] == "US/Eastern"
    assert created["password"] is None
    assert created["clientAccountId"] == created["clientId"]  # has a scheduler login now
    assert created["deleted"] is False
    assert isinstance(created["createdDate"], int)
    assert len(str(created["createdDate"])) == 13  # epoch ms (T6)
    assert created["modifiedDate"] >= created["createdDate"]
    assert created["createdUser"] == created["modifiedUser"] == "api"
    assert created["salesforceContactId"] is None
    codes = {f["code"]: f for f in created["fields"]}
    assert codes["firstName"]["value"] == "Johnny"
    assert codes["dateOfBirth"]["value"] == "1993-02-02"
    by_id = {str(f["schedulerPreferenceFieldDefnId"]): f["value"] for f in created["fields"] if f["value"]}
    assert created["fieldDataMap"] == by_id
    assert {d["schedulerPreferenceFieldDefnId"] for d in created["fieldDataList"]} == {int(k) for k in by_id}
    row = await _client_row(read, tt.business_id, created["clientId"])
    assert row.mobile_phone == "+14155550134"
    assert row.email_normalized == "johnny@example.com"
    assert row.password_hash is not None
    assert row.password_hash.startswith("$argon2id$")
    assert passwords.verify_password("correct horse battery", row.password_hash)
    assert (await tt.get(f"/clients/{created['clientId']}")).json() == created


async def test_create_put_and_patch_answer_the_bytes_a_get_reads_back(tt: TimeTap) -> None:
    created = await tt.post(
        "/clients", json={"firstName": "Zoë", "lastName": "Ørsted", "emailAddress": "z@example.com"}
    )
    client_id = created.json()["clientId"]
    replaced = await tt.call(
        "PUT", f"/clients/{client_id}", json={"firstName": "Zoé", "lastName": "Ørsted", "emailAddress": "z@example.com"}
    )
    changed = await tt.call("PATCH", f"/clients/{client_id}", json={"notes": "café ☕"})
    for answer in (created, replaced, changed):
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/json"
    assert "Zoë".encode() in created.content  # UTF-8 as it is, not \u escapes
    assert changed.content == (await tt.get(f"/clients/{client_id}")).content


async def test_full_name_given_is_kept(tt: TimeTap) -> None:
    created = await tt.create(fullName="Dr. Jane Doe")
    assert created["fullName"] == "Dr. Jane Doe"


async def test_date_of_birth_in_epoch_ms_is_accepted(tt: TimeTap) -> None:
    created = await tt.create(dateOfBirth=728611200000)  # the seed's own example (T9)
    assert created["dateOfBirth"] == "1993-02-02"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"firstName": None}, "firstName"),
        ({"lastName": ""}, "lastName"),
        ({"emailAddress": None}, "emailAddress"),
        ({"emailAddress": "not-an-email"}, "emailAddress"),
        ({"cellPhone": "12"}, "cellPhone"),
        ({"dateOfBirth": "02/03/1990"}, "dateOfBirth"),
        ({"dateOfBirth": "2999-01-01"}, "dateOfBirth"),
        ({"sex": "robot"}, "sex"),
        ({"status": "Sleeping"}, "status"),
        ({"timeZone": {"timeZoneCode": "Mars/Olympus"}}, "timeZone"),
        ({"firstName": 12}, "firstName"),
        ({"tags": "Excellent"}, "tags"),
        ({"tags": ["  "]}, "tags.0"),
        ({"firstName": "x" * 101}, "firstName"),
        (
            {"fields": [{"schedulerPreferenceFieldDefnId": 999999999, "value": "x"}]},
            "fields.0.schedulerPreferenceFieldDefnId",
        ),
        ({"viewClientAccountIds": [999999999]}, "viewClientAccountIds.0"),
        ({"clientIdsClientCanView": ["a"]}, "clientIdsClientCanView.0"),
        ({"allowWaitListText": "maybe"}, "allowWaitListText"),
    ],
)
async def test_bad_field_is_400_naming_it_and_nothing_is_written(
    tt: TimeTap, read: Any, body: dict[str, Any], field: str
) -> None:
    before = await row_counts(read, tt.business_id)
    payload = {"firstName": "Jane", "lastName": "Doe", "emailAddress": "jane@example.com", **body}
    response = await tt.post("/clients", json=payload)
    assert response.status_code == 400, response.text
    data = response.json()
    assert data["status"] == 400
    assert data["field"] == field
    assert field.split(".")[0] in data["errorMessage"]
    assert await row_counts(read, tt.business_id) == before


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
async def test_malformed_body_is_400(tt: TimeTap, read: Any, raw: bytes) -> None:
    before = await row_counts(read, tt.business_id)
    response = await tt.post("/clients", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert await row_counts(read, tt.business_id) == before


async def test_get_unknown_or_other_business_client_is_404(tt: TimeTap, make_tt: MakeTimeTap) -> None:
    other = await make_tt()
    theirs = await other.create()
    for client_id in (theirs["clientId"], 987654321):
        response = await tt.get(f"/clients/{client_id}")
        assert response.status_code == 404
        assert response.json()["field"] == "clientId"
    assert (await tt.get("/clients/abc")).status_code == 400


async def test_put_replaces_clearing_what_it_leaves_out(tt: TimeTap, read: Any) -> None:
    created = await tt.create(**FULL)
    client_id = created["clientId"]
    body = {"clientId": client_id, "firstName": "John", "lastName": "Good", "emailAddress": "john@example.com"}
    response = await tt.call("PUT", f"/clients/{client_id}", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert (data["firstName"], data["lastName"], data["fullName"]) == ("John", "Good", "John Good")
    for cleared in ("cellPhone", "homePhone", "companyName", "dateOfBirth", "sex", "city", "zip"):
        assert data[cleared] is None, cleared
    assert data["status"] == "Blacklisted"  # status is kept unless given
    assert data["tags"] == ["Excellent", "Rotund"]  # lists change only when given
    assert data["clientAccountId"] == client_id  # the login stays unless a password is given
    row = await _client_row(read, tt.business_id, client_id)
    assert row.mobile_phone is None


async def test_put_with_another_client_id_in_the_body_is_refused(tt: TimeTap, read: Any) -> None:
    created = await tt.create()
    body = {"clientId": created["clientId"] + 1, "firstName": "X", "lastName": "Y", "emailAddress": "x@example.com"}
    before = await row_counts(read, tt.business_id)
    response = await tt.call("PUT", f"/clients/{created['clientId']}", json=body)
    assert response.status_code == 400
    assert response.json()["field"] == "clientId"
    assert await row_counts(read, tt.business_id) == before


async def test_patch_changes_only_what_it_names(tt: TimeTap) -> None:
    created = await tt.create(**FULL)
    response = await tt.call("PATCH", f"/clients/{created['clientId']}", json={"city": "Raleigh", "status": "Active"})
    assert response.status_code == 200
    data = response.json()
    assert (data["city"], data["status"]) == ("Raleigh", "Active")
    unchanged = {
        k: v
        for k, v in created.items()
        if k not in ("city", "status", "modifiedDate", "fields", "fieldDataList", "fieldDataMap")
    }
    assert {k: data[k] for k in unchanged} == unchanged


async def test_patch_can_clear_the_password_and_so_the_login(tt: TimeTap, read: Any) -> None:
    created = await tt.create(password="secret-pass")
    data = (await tt.call("PATCH", f"/clients/{created['clientId']}", json={"password": None})).json()
    assert data["clientAccountId"] is None
    assert (await _client_row(read, tt.business_id, created["clientId"])).password_hash is None


async def test_patch_unknown_client_is_404_and_writes_nothing(tt: TimeTap, read: Any) -> None:
    before = await row_counts(read, tt.business_id)
    response = await tt.call("PATCH", "/clients/987654321", json={"city": "Raleigh"})
    assert response.status_code == 404
    assert await row_counts(read, tt.business_id) == before


async def test_notes_text_becomes_the_clients_note_and_is_replaced_on_change(tt: TimeTap, read: Any) -> None:
    created = await tt.create(notes="First note")
    client_id = created["clientId"]
    same = (await tt.call("PATCH", f"/clients/{client_id}", json={"notes": "First note"})).json()
    assert same["notes"] == "First note"
    changed = (await tt.call("PATCH", f"/clients/{client_id}", json={"notes": "Second"})).json()
    assert changed["notes"] == "Second"

    async def notes(session: AsyncSession) -> list[tuple[str, bool]]:
        rows = await session.scalars(
            select(Note).where(Note.business_id == tt.business_id, Note.client_id == client_id)
        )
        return sorted((n.body, n.deleted_at is None) for n in rows)

    assert await read(notes) == [("First note", False), ("Second", True)]


async def test_a_client_read_shows_the_fields_the_business_has_at_that_moment(tt: TimeTap, context: Any) -> None:
    from clientbook.core import fields, tenants
    from clientbook.store.repositories.tenancy import BusinessRepository

    client = await tt.create()
    before = (await tt.get(f"/clients/{client['clientId']}")).json()["fields"]
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(tt.business_id)
        assert business is not None
        new = fields.NewField(label="Allergies", data_type="TEXTAREA", required=True, sort_order=-1)
        allergies = (await fields.create(session, tenants.tenant_of(business), new)).id
    shown = {
        "schedulerPreferenceFieldDefnId": allergies,
        "businessId": tt.business_id,
        "code": "UDF",
        "label": "Allergies",
        "dataType": "TEXTAREA",
        "required": True,
        "active": True,
        "sortOrder": -1,
        "mode": "CLIENT",
        "value": None,
    }
    after = (await tt.get(f"/clients/{client['clientId']}")).json()["fields"]
    assert after == [shown, *before]  # first by its sort order, the built-ins as they were
    listed = (await tt.get("/clients", params={"pageSize": 50})).json()
    assert next(c for c in listed if c["clientId"] == client["clientId"])["fields"] == after
    assert (await tt.get("/schedulerFieldList/mode/CLIENT")).json() == [{**f, "value": None} for f in after]


async def test_custom_and_builtin_fields_are_written_through_fields(tt: TimeTap, context: Any) -> None:
    from clientbook.core import fields, tenants
    from clientbook.store.repositories.tenancy import BusinessRepository

    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(tt.business_id)
        assert business is not None
        insurer = await fields.create(session, tenants.tenant_of(business), fields.NewField(label="Insurer"))
        insurer_id = insurer.id
    definitions = (await tt.get("/schedulerFieldList/mode/CLIENT")).json()
    by_code = {d["code"]: d for d in definitions}
    assert {
        "firstName",
        "lastName",
        "fullName",
        "emailAddress",
        "cellPhone",
        "homePhone",
        "dateOfBirth",
        "sex",
        "companyName",
        "externalUserName",
    } <= set(by_code)
    assert any(d["schedulerPreferenceFieldDefnId"] == insurer_id and d["code"] == "UDF" for d in definitions)
    body_fields = [
        {**by_code["companyName"], "value": "Acme"},
        {"code": "dateOfBirth", "value": "1980-05-06"},
        {"schedulerPreferenceFieldDefnId": insurer_id, "value": "Blue Shield"},
    ]
    created = await tt.create(fields=body_fields)
    assert created["companyName"] == "Acme"
    assert created["dateOfBirth"] == "1980-05-06"
    assert created["fieldDataMap"][str(insurer_id)] == "Blue Shield"
    # the top-level property wins over its field
    assert (await tt.create(companyName="Top", fields=[{"code": "companyName", "value": "Field"}]))[
        "companyName"
    ] == "Top"
    report = await tt.get("/clientList/reportCount", params={"searchTerm": "blue shield"})
    assert report.json() == {"count": 1}
    cleared = await tt.call(
        "PATCH",
        f"/clients/{created['clientId']}",
        json={"fields": [{"schedulerPreferenceFieldDefnId": insurer_id, "value": None}]},
    )
    assert str(insurer_id) not in cleared.json()["fieldDataMap"]


@pytest.mark.parametrize("mode", ["APPT", "class"])
async def test_scheduler_fields_of_other_modes_are_empty(tt: TimeTap, mode: str) -> None:
    response = await tt.get(f"/schedulerFieldList/mode/{mode}")
    assert response.status_code == 200
    assert response.json() == []


async def test_scheduler_fields_of_an_unknown_mode_is_400(tt: TimeTap) -> None:
    response = await tt.get("/schedulerFieldList/mode/PLANET")
    assert response.status_code == 400
    assert response.json()["field"] == "mode"


async def test_delete_is_soft(tt: TimeTap, read: Any) -> None:
    kept = await tt.create(externalUserName="shared-name")
    gone = await tt.create(externalUserName="shared-name")
    response = await tt.call("DELETE", f"/clients/{gone['clientId']}")
    assert response.status_code == 200
    assert response.json()["deleted"] is True
    got = await tt.get(f"/clients/{gone['clientId']}")
    assert got.status_code == 200
    assert got.json()["deleted"] is True
    assert (await tt.get("/clients/count")).json() == 1
    assert [c["clientId"] for c in (await tt.get("/clients")).json()] == [kept["clientId"]]
    assert (await tt.get("/clientIdList")).json() == [kept["clientId"]]
    assert (await tt.get("/clientList/reportCount")).json() == {"count": 1}
    by_name = (await tt.get("/clients/externalUserName/shared-name")).json()
    assert [c["clientId"] for c in by_name] == [kept["clientId"]]
    with_deleted = (await tt.get("/clients/externalUserName/shared-name", params={"includeDeleted": "true"})).json()
    assert sorted(c["clientId"] for c in with_deleted) == sorted([kept["clientId"], gone["clientId"]])
    assert (await _client_row(read, tt.business_id, gone["clientId"])).deleted_at is not None
    again = await tt.call("DELETE", f"/clients/{gone['clientId']}")
    assert again.status_code == 404
    assert (await tt.call("PATCH", f"/clients/{gone['clientId']}", json={"city": "X"})).status_code == 404


async def test_include_deleted_must_be_a_boolean(tt: TimeTap) -> None:
    response = await tt.get("/clients/externalUserName/x", params={"includeDeleted": "perhaps"})
    assert response.status_code == 400
    assert response.json()["field"] == "includeDeleted"


async def test_view_permissions_both_ways(tt: TimeTap) -> None:
    parent = await tt.create(firstName="Parent", password="parent-pass")
    child = await tt.create(firstName="Child", viewClientAccountIds=[parent["clientId"]])
    assert child["viewClientAccountIds"] == [parent["clientId"]]
    parent_now = (await tt.get(f"/clients/{parent['clientId']}")).json()
    assert parent_now["clientIdsClientCanView"] == [child["clientId"]]
    viewers = (await tt.get(f"/clients/canViewedBy/{child['clientId']}")).json()
    assert [c["clientId"] for c in viewers] == [parent["clientId"]]
    viewable = (await tt.get(f"/clients/canView/{parent['clientId']}")).json()
    assert [c["clientId"] for c in viewable] == [child["clientId"]]
    sibling = await tt.create(firstName="Sibling")
    patched = await tt.call(
        "PATCH",
        f"/clients/{parent['clientId']}",
        json={"clientIdsClientCanView": [child["clientId"], sibling["clientId"]]},
    )
    assert patched.json()["clientIdsClientCanView"] == sorted([child["clientId"], sibling["clientId"]])
    assert (await tt.get(f"/clients/canView/{987654321}")).status_code == 404
    assert (await tt.get("/clients/canViewedBy/987654321")).status_code == 404
