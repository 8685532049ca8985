"""The documented unpaged lists (`users.json`, `clients.json`, `appointments.json`) stream from the core batch by
batch (issue 15.3): the bytes are those of the rendered list, every record is there once, in list order, across
batch boundaries, and another business's records never appear."""

from __future__ import annotations

import pytest

from clientbook.core import _records

from .conftest import Api


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 2, so a handful of records crosses several batch boundaries."""
    assert _records.stream.__kwdefaults__ == {"batch": _records.STREAM_BATCH}
    monkeypatch.setitem(_records.stream.__kwdefaults__, "batch", 2)


async def _whole_and_paged(api: Api, path: str) -> tuple[bytes, bytes]:
    whole = await api("GET", path)
    paged = await api("GET", path, params={"per_page": 1000})
    assert whole.status_code == paged.status_code == 200
    assert whole.headers["content-type"] == paged.headers["content-type"]
    assert "content-length" not in whole.headers  # streamed: sent before its length is known
    return whole.content, paged.content


async def test_the_unpaged_client_list_is_the_rendered_list_byte_for_byte(api: Api, other: Api) -> None:
    made = [(await api.client(last_name=f"Client{n}", email=f"c{n}@example.com"))["id"] for n in range(5)]
    await other.client(last_name="Elsewhere")
    whole, paged = await _whole_and_paged(api, "/clients.json")
    assert whole == paged
    listed = await api.ok("GET", "/clients.json")
    assert [c["id"] for c in listed] == made


async def test_the_unpaged_user_list_streams_every_user_once(api: Api) -> None:
    made = [(await api.user(last_name=f"Dokter{n}", email=f"d{n}@example.com"))["id"] for n in range(5)]
    whole, paged = await _whole_and_paged(api, "/users.json")
    assert whole == paged
    assert [u["id"] for u in await api.ok("GET", "/users.json")] == made


async def test_the_unpaged_appointment_list_keeps_its_order_across_batches_with_equal_start_times(api: Api) -> None:
    client = (await api.client())["id"]
    same_time = "2015-07-01T15:00:00.000+02:00"
    made = [(await api.appointment(client_id=client, date=same_time))["id"] for _ in range(3)]
    earlier = (await api.appointment(client_id=client, date="2015-06-01T09:00:00.000+02:00"))["id"]
    whole, paged = await _whole_and_paged(api, "/appointments.json")
    assert whole == paged
    assert [a["id"] for a in await api.ok("GET", "/appointments.json")] == [earlier, *made]


async def test_an_empty_unpaged_list_is_an_empty_array(api: Api) -> None:
    response = await api("GET", "/appointments.json")
    assert (response.status_code, response.content) == (200, b"[]")
