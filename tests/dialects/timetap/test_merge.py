"""POST /clients/merge/{clientId}: the survivor receives appointments, messages, notes and tags; the merged
clients are soft-deleted pointing at it; refusals write nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import appointments, tenants
from clientbook.core.appointments import AppointmentChanges
from clientbook.store import ids
from clientbook.store.models import Appointment, Client, Event, Message, Note
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.helpers import row_counts

from .conftest import MakeTimeTap, TimeTap


@pytest.fixture
async def trio(tt: TimeTap, context: Any) -> dict[str, int]:
    keep = await tt.create(firstName="Keep", tags=["Excellent"], notes="survivor note")
    dup1 = await tt.create(firstName="Dup1", tags=["Rotund", "excellent"], notes="dup1 note")
    dup2 = await tt.create(firstName="Dup2")
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(tt.business_id)
        assert business is not None
        tenant = tenants.tenant_of(business)
        for client in (dup1, dup2):
            await appointments.create(
                session,
                tenant,
                AppointmentChanges(client_id=client["clientId"], starts_at=datetime(2026, 5, 1, 9, tzinfo=UTC)),
            )
        message = Message(
            business_id=tt.business_id,
            direction="outbound",
            client_id=dup2["clientId"],
            to_number="+14155550100",
            body="hello",
            status="sent",
        )
        await ids.add(session, message)
    return {"keep": keep["clientId"], "dup1": dup1["clientId"], "dup2": dup2["clientId"]}


async def _owned(read: Any, business_id: int) -> dict[str, list[int]]:
    async def load(session: AsyncSession) -> dict[str, list[int]]:
        found = {}
        for name, model in (("appointments", Appointment), ("messages", Message), ("notes", Note)):
            rows = await session.scalars(select(model.client_id).where(model.business_id == business_id))
            found[name] = sorted({client_id for client_id in rows if client_id is not None})
        return found

    result: dict[str, list[int]] = await read(load)
    return result


@pytest.mark.parametrize("shape", ["objects", "ids"])
async def test_merge_moves_everything_to_the_survivor(tt: TimeTap, trio: dict[str, int], read: Any, shape: str) -> None:
    merged = [trio["dup1"], trio["dup2"]]
    body = [{"clientId": i, "firstName": "ignored"} for i in merged] if shape == "objects" else merged
    response = await tt.post(f"/clients/merge/{trio['keep']}", json=body)
    assert response.status_code == 200, response.text
    survivor = response.json()
    assert survivor["clientId"] == trio["keep"]
    assert survivor["tags"] == ["Excellent", "Rotund"]
    assert survivor["notes"] == "survivor note\ndup1 note"
    assert await _owned(read, tt.business_id) == {
        "appointments": [trio["keep"]],
        "messages": [trio["keep"]],
        "notes": [trio["keep"]],
    }
    for client_id in merged:
        gone = (await tt.get(f"/clients/{client_id}")).json()
        assert gone["deleted"] is True
        assert gone["tags"] == []

    async def merged_rows(session: AsyncSession) -> list[tuple[int | None, bool]]:
        rows = await session.scalars(select(Client).where(Client.business_id == tt.business_id, Client.id.in_(merged)))
        return [(c.merged_into_id, c.deleted_at is not None) for c in rows]

    assert await read(merged_rows) == [(trio["keep"], True), (trio["keep"], True)]

    async def merge_events(session: AsyncSession) -> list[int]:
        rows = await session.scalars(
            select(Event.entity_id).where(Event.business_id == tt.business_id, Event.action == "merged")
        )
        return sorted(rows)

    assert await read(merge_events) == sorted(merged)
    assert (await tt.get("/clients/count")).json() == 1
    assert (await tt.get("/clientIdList", params={"staffIdList": "1"})).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (["@keep"], "body.0"),
        (["@dup1", "@dup1"], "body.1"),
        ([987654321], "body.0"),
        ([], "body"),
        (["x"], "body.0.clientId"),
        ([{"firstName": "no id"}], "body.0.clientId"),
        ({"clientId": 1}, "body"),
    ],
)
async def test_bad_merge_is_refused_naming_the_entry_and_writes_nothing(
    tt: TimeTap, trio: dict[str, int], read: Any, body: Any, field: str
) -> None:
    if isinstance(body, list):
        body = [trio[b[1:]] if isinstance(b, str) and b.startswith("@") else b for b in body]
    before = (await row_counts(read, tt.business_id), await _owned(read, tt.business_id))
    response = await tt.post(f"/clients/merge/{trio['keep']}", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field
    assert (await row_counts(read, tt.business_id), await _owned(read, tt.business_id)) == before


async def test_merging_a_deleted_client_is_refused(tt: TimeTap, trio: dict[str, int], read: Any) -> None:
    await tt.call("DELETE", f"/clients/{trio['dup2']}")
    before = await row_counts(read, tt.business_id)
    response = await tt.post(f"/clients/merge/{trio['keep']}", json=[trio["dup1"], trio["dup2"]])
    assert response.status_code == 400
    assert response.json()["field"] == "body.1"
    assert await row_counts(read, tt.business_id) == before


async def test_merge_into_unknown_or_other_business_client_is_404(
    tt: TimeTap, trio: dict[str, int], make_tt: MakeTimeTap, read: Any
) -> None:
    other = await make_tt()
    theirs = await other.create()
    before = await row_counts(read, tt.business_id)
    assert (await tt.post("/clients/merge/987654321", json=[trio["dup1"]])).status_code == 404
    response = await tt.post(f"/clients/merge/{trio['keep']}", json=[theirs["clientId"]])
    assert response.status_code == 400
    assert response.json()["field"] == "body.0"
    assert (await other.post(f"/clients/merge/{theirs['clientId']}", json=[trio["dup1"]])).status_code == 400
    assert await row_counts(read, tt.business_id) == before
