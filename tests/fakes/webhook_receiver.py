"""A fake webhook receiver: checks the Standard Webhooks signature itself (not with our code), records every
message in arrival order, and answers as scripted: a status, a hang past the sender's timeout, or a slow success."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ._server import BackgroundServer, QuietHandler


@dataclass(frozen=True)
class Received:
    webhook_id: str
    timestamp: int
    type: str
    data: dict[str, Any]
    signed: bool


def verify(secret: str, webhook_id: str, timestamp: str, body: bytes, signature: str) -> bool:
    """The spec's check: any `v1,` signature in the (space-separated) header matching HMAC-SHA256 of
    `id.timestamp.body` under the base64-decoded part of `whsec_…`."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    given = [s.removeprefix("v1,") for s in signature.split() if s.startswith("v1,")]
    return any(hmac.compare_digest(expected.decode(), s) for s in given)


class FakeReceiver:
    def __init__(self) -> None:
        self.secret = ""
        self.received: list[Received] = []  # every request, accepted or not
        self.accepted: list[Received] = []  # answered 2xx
        self.script: list[int | str] = []  # next answers: a status, "hang" (sleep past the timeout), "slow"
        self.fail_resource: dict[str, int] = {}  # "client:42" → how many of its next requests to answer 500
        self.hang_seconds = 3.0
        self.slow_seconds = 0.2
        self.always: int | None = None  # answer every request with this status
        self.answer_delay = 0.0  # seconds between taking a message and answering (a kill then loses the answer)
        self.lock = threading.Lock()
        self.server = BackgroundServer(_Handler, self)

    @property
    def url(self) -> str:
        return self.server.url + "/hooks"

    def types(self) -> list[str]:
        with self.lock:
            return [r.type for r in self.accepted]

    def _answer(self, headers: Any, raw: bytes) -> int | str:
        webhook_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "0")
        signed = verify(self.secret, webhook_id, timestamp, raw, headers.get("webhook-signature", ""))
        body = json.loads(raw)
        received = Received(webhook_id, int(timestamp), body["type"], body["data"], signed)
        resource = f"{body['data'].get('entity')}:{body['data'].get('entity_id')}"
        with self.lock:
            self.received.append(received)
            if self.always is not None:
                answer: int | str = self.always
            elif self.script:
                answer = self.script.pop(0)
            elif self.fail_resource.get(resource):
                self.fail_resource[resource] -= 1
                answer = 500
            else:
                answer = 200
            if answer in (200, "slow") and signed:
                self.accepted.append(received)
        return answer if signed else 401


class _Handler(QuietHandler):
    def do_POST(self) -> None:
        receiver: FakeReceiver = self.server.owner  # type: ignore[attr-defined]
        answer = receiver._answer(self.headers, self.body())
        time.sleep(receiver.answer_delay)
        if answer == "hang":
            time.sleep(receiver.hang_seconds)
            answer = 200
        elif answer == "slow":
            time.sleep(receiver.slow_seconds)
            answer = 200
        assert isinstance(answer, int)
        self.answer(answer, json.dumps({"ok": answer < 300}).encode())


@contextmanager
def running_receiver() -> Iterator[FakeReceiver]:
    receiver = FakeReceiver()
    receiver.server.start()
    try:
        yield receiver
    finally:
        receiver.server.stop()
