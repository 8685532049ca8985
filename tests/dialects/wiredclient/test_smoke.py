from __future__ import annotations

from typing import Any

from sqlalchemy import select

from clientbook.store.models import Client


async def test_creates_a_client_with_its_mobile_in_e164(post: Any, client_body: Any, read: Any) -> None:
    answer = await post("client", client_body(mobile_phone1="(415) 555-0199"))
    assert answer["status"] == 0
    assert answer["message"] == "Inserted one client"
    stored = await read(lambda s: s.scalar(select(Client).where(Client.id == answer["id"])))
    assert stored.mobile_phone == "+14155550199"
    assert stored.mobile_phone_raw == "(415) 555-0199"
