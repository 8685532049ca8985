"""`clientbook serve` delivers by itself: a Wired Client clientsms call lands in the `file:PATH` provider's file
within a second (issue 3, "Done when"), on a real server process."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from clientbook.context import Context
from tests.delivery.processes import fresh_database
from tests.servers import serving


async def test_a_clientsms_call_is_in_the_sms_file_within_a_second(
    backend: str, context: Context, tmp_path: Path
) -> None:
    sms_file = tmp_path / "sms.jsonl"
    async with fresh_database(backend, tmp_path) as fresh:
        practice = await fresh.make_tenant(Context(settings=context.settings, db=fresh.db))
        env = {"CLIENTBOOK_DATABASE_URL": fresh.url, "CLIENTBOOK_SMS_PROVIDER": f"file:{sms_file}"}
        with serving(env, tmp_path / "server.log") as server:
            base = f"{server.url}/wiredclient/api/v1"
            async with httpx.AsyncClient(timeout=10) as http:
                auth = {
                    **practice["credentials"]["wiredclient"],
                    "account_number": practice["branches"][0]["account_number"],
                }
                client = (
                    await http.post(
                        f"{base}/client",
                        json={
                            **auth,
                            "id": 0,
                            "first_name": "Ada",
                            "last_name": "Lovelace",
                            "mobile_phone1": "+1 415 555 0100",
                        },
                    )
                ).json()
                answer = (
                    await http.post(f"{base}/clientsms", json={**auth, "id": client["id"], "message": "Hello Ada"})
                ).json()
                sent_at = time.monotonic()
                assert (answer["status"], answer["message"]) == (0, "Sent one message")
                while not (sms_file.exists() and sms_file.read_text().strip()):
                    assert time.monotonic() - sent_at < 1.0, "the message was not in the file within a second"
                    time.sleep(0.01)
    [record] = [json.loads(line) for line in sms_file.read_text().splitlines()]
    assert (record["message_id"], record["to"], record["body"]) == (answer["smsid"], "+14155550100", "Hello Ada")
