"""GET /api/v1/changes: every change of the business in commit order, behind an opaque cursor."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from clientbook.core import clients, events, merges, staff
from clientbook.core.clients import ClientChanges
from clientbook.core.staff import StaffChanges
from tests.dialects.clientbook.conftest import Practice

URL = "/api/v1/changes"
# What `tenant create` writes before anything else: the business, and its default loyalty point type.
FOUNDED = [
    "business.created",
    "point_type.created",
    "credit_type.created",
    "partner.created",
    "card_type.created",
    "purchase_type.created",
    "purchase_item_type.created",
    "payment_type.created",
    *["status.created"] * 3,
    *["reward_type.created"] * 4,  # fixed discount, percentage, final price, gift card
    *["purchase_type.created"] * 2,
    *["purchase_item_type.created"] * 5,
    *["payment_type.created"] * 4,
    "earning_rule.created",
]


async def read_all(
    http: httpx.AsyncClient, practice: Practice, expect: int, after: str = "", **params: Any
) -> list[dict[str, Any]]:
    """Every change past `after`, page by page, waiting for at least `expect` of them: on PostgreSQL a committed
    change is listed once every older transaction of the server has ended, and other sessions share the server."""
    changes: list[dict[str, Any]] = []
    while True:
        wait = 20 if len(changes) < expect else 0
        query = {"after": after, "wait": wait, **params}
        answer = await http.get(URL, params=query, headers=practice.headers, timeout=30)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        changes += page["data"]
        after = page["next_cursor"]
        if page["has_more"]:
            continue
        if len(changes) >= expect:
            return changes
        assert page["data"], f"only {len(changes)} of {expect} changes listed"


async def test_a_new_business_starts_its_feed_with_its_creation(http: httpx.AsyncClient, practice: Practice) -> None:
    changes = await read_all(http, practice, len(FOUNDED))
    assert [c["type"] for c in changes] == FOUNDED
    assert changes[0]["entity_id"] == practice.tenant.business_id


async def test_creates_updates_deletes_and_merges_are_listed_in_commit_order(
    http: httpx.AsyncClient, practice: Practice
) -> None:
    ada = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(first_name="Ada", last_name="King")))
    twin = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(first_name="Ada", last_name="K")))
    await practice.do(lambda s, t: clients.update(s, t, ada.id, ClientChanges(last_name="Lovelace")))
    await practice.do(lambda s, t: merges.merge(s, t, ada.id, [twin.id]))
    await practice.do(lambda s, t: clients.delete(s, t, ada.id))

    changes = (await read_all(http, practice, len(FOUNDED) + 6))[len(FOUNDED) :]  # after the business's founding
    assert [(c["type"], c["entity_id"]) for c in changes] == [
        ("client.created", ada.id),
        ("client.created", twin.id),
        ("client.updated", ada.id),
        ("client.merged", twin.id),
        ("client.merged_from", ada.id),
        ("client.deleted", ada.id),
    ]
    updated, merged, deleted = changes[2], changes[3], changes[5]
    assert updated["changes"] == {"last_name": "Lovelace", "full_name": "Ada Lovelace"}
    assert (merged["tombstone"], merged["merged_into"]) == (True, ada.id)
    assert (deleted["tombstone"], deleted["merged_into"], deleted["changes"]) == (True, None, {})
    assert not changes[0]["tombstone"]
    assert all(c["actor"] == "test" and c["occurred_at"] for c in changes)


async def test_paging_by_cursor_lists_every_change_once(http: httpx.AsyncClient, practice: Practice) -> None:
    for n in range(5):
        changes = StaffChanges(first_name=f"S{n}", last_name="Staff")
        await practice.do(lambda s, t: staff.create(s, t, changes))  # noqa: B023 (awaited at once)
    whole = await read_all(http, practice, len(FOUNDED) + 5)
    paged = await read_all(http, practice, len(FOUNDED) + 5, limit=2)
    assert [c["id"] for c in paged] == [c["id"] for c in whole]
    assert len(whole) == len(FOUNDED) + 5
    # A change's own cursor resumes right after it.
    rest = await read_all(http, practice, 3, after=whole[2]["cursor"])
    assert [c["id"] for c in rest] == [c["id"] for c in whole[3:]]


async def test_types_keep_only_the_entities_and_actions_asked_for(http: httpx.AsyncClient, practice: Practice) -> None:
    client = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Kept")))
    await practice.do(lambda s, t: staff.create(s, t, StaffChanges(last_name="Left out")))
    await practice.do(lambda s, t: clients.delete(s, t, client.id))
    only_clients = await read_all(http, practice, 2, types="client")
    assert [c["type"] for c in only_clients] == ["client.created", "client.deleted"]
    deletions = await read_all(http, practice, 1, types="client.deleted,staff.deleted")
    assert [c["type"] for c in deletions] == ["client.deleted"]


async def test_a_page_past_the_end_is_empty_and_keeps_its_cursor(http: httpx.AsyncClient, practice: Practice) -> None:
    cursor = (await read_all(http, practice, 1))[-1]["cursor"]
    again = (await http.get(URL, params={"after": cursor}, headers=practice.headers)).json()
    assert again == {"data": [], "next_cursor": cursor, "has_more": False}


async def test_a_long_poll_answers_with_the_change_that_commits_while_it_waits(
    http: httpx.AsyncClient, practice: Practice
) -> None:
    cursor = (await read_all(http, practice, 1))[-1]["cursor"]
    waiting = asyncio.create_task(
        http.get(URL, params={"after": cursor, "wait": 20}, headers=practice.headers, timeout=30)
    )
    await asyncio.sleep(0.3)  # let the poll start waiting (the test passes either way)
    client = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Late")))
    page = (await waiting).json()
    assert [(c["type"], c["entity_id"]) for c in page["data"]] == [("client.created", client.id)]


async def test_a_long_poll_with_nothing_new_answers_empty_when_the_wait_is_over(
    http: httpx.AsyncClient, practice: Practice
) -> None:
    cursor = (await read_all(http, practice, 1))[-1]["cursor"]
    page = (await http.get(URL, params={"after": cursor, "wait": 0.3}, headers=practice.headers)).json()
    assert (page["data"], page["next_cursor"]) == ([], cursor)


class TestTenantIsolation:
    async def test_another_business_cursor_shows_nothing_of_that_business(
        self, http: httpx.AsyncClient, practice: Practice, other: Practice
    ) -> None:
        theirs = await other.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Theirs")))
        their_changes = await read_all(http, other, 2)
        mine = await read_all(http, practice, 0, after=their_changes[0]["cursor"])
        mine_from_start = await read_all(http, practice, 1)
        seen = {(c["entity"], c["entity_id"]) for c in mine + mine_from_start}
        assert ("client", theirs.id) not in seen
        assert ("business", other.tenant.business_id) not in seen


class TestRefusals:
    async def test_without_a_token_the_feed_is_refused(self, http: httpx.AsyncClient, practice: Practice) -> None:
        answer = await http.get(URL)
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"][0]["field"] == "authorization"
        wrong = await http.get(URL, headers={"Authorization": "Bearer cbk_wrong"})
        assert wrong.status_code == 401

    async def test_another_dialects_token_is_refused(self, http: httpx.AsyncClient, practice: Practice) -> None:
        token = practice.data["credentials"]["webcamconsult"]["token"]
        assert (await http.get(URL, headers={"Authorization": f"Bearer {token}"})).status_code == 401

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"after": "not a cursor!"}, "after"),
            ({"limit": 0}, "limit"),
            ({"limit": 1001}, "limit"),
            ({"wait": 31}, "wait"),
            ({"types": "client.;drop"}, "types.0"),
            ({"limit": "many"}, "limit"),
        ],
    )
    async def test_a_bad_parameter_is_refused_naming_it(
        self, http: httpx.AsyncClient, practice: Practice, params: dict[str, Any], field: str
    ) -> None:
        answer = await http.get(URL, params=params, headers=practice.headers)
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == [field]


async def test_events_of_an_uncommitted_transaction_are_not_listed(
    http: httpx.AsyncClient, practice: Practice, backend: str
) -> None:
    """A change that rolls back never reaches the feed (it was recorded in the write's own transaction)."""

    async def refused_write() -> None:
        async with practice.context.db.transaction() as session:
            await events.record(session, practice.tenant, "client", 1, "created", {})
            raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        await refused_write()
    assert [c["type"] for c in await read_all(http, practice, len(FOUNDED))] == FOUNDED


class TestRestore:
    async def test_a_restored_client_is_a_change_after_its_tombstone(
        self, http: httpx.AsyncClient, practice: Practice
    ) -> None:
        client = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Back")))
        await practice.do(lambda s, t: clients.delete(s, t, client.id))
        answer = await http.post(f"/api/v1/clients/{client.id}/restore", headers=practice.headers)
        assert (answer.status_code, answer.json()) == (200, {"id": client.id, "deleted": False})
        changes = await read_all(http, practice, 3, types="client")
        assert [(c["type"], c["tombstone"]) for c in changes] == [
            ("client.created", False),
            ("client.deleted", True),
            ("client.restored", False),
        ]

    async def test_a_merged_client_is_not_restored(self, http: httpx.AsyncClient, practice: Practice) -> None:
        kept = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Kept")))
        gone = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Gone")))
        await practice.do(lambda s, t: merges.merge(s, t, kept.id, [gone.id]))
        answer = await http.post(f"/api/v1/clients/{gone.id}/restore", headers=practice.headers)
        assert answer.status_code == 409
        assert answer.json()["errors"][0]["field"] == "id"

    async def test_another_business_client_is_not_found(
        self, http: httpx.AsyncClient, practice: Practice, other: Practice
    ) -> None:
        theirs = await other.do(lambda s, t: clients.create(s, t, ClientChanges(last_name="Theirs")))
        await other.do(lambda s, t: clients.delete(s, t, theirs.id))
        answer = await http.post(f"/api/v1/clients/{theirs.id}/restore", headers=practice.headers)
        assert answer.status_code == 404
