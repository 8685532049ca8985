"""A fake SMS gateway behind `webhook:URL`: checks our HMAC signature, honours `Idempotency-Key` (a message is
delivered once however often it is posted, as a real idempotent API does) and counts everything."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from clientbook.delivery.providers.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

from ._server import BackgroundServer, QuietHandler

SECRET = "gateway-test-secret"


class FakeSmsGateway:
    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.script: dict[int, list[int]] = {}  # message id → statuses to answer its next posts; then 200
        self.posts: Counter[int] = Counter()  # message id → requests received
        self.delivered: dict[str, dict[str, Any]] = {}  # idempotency key → the first payload (what a phone gets)
        self.bad_signatures = 0
        self.lock = threading.Lock()
        self.server = BackgroundServer(_Handler, self)

    @property
    def url(self) -> str:
        return self.server.url + "/messages"

    def deliveries(self, message_ids: set[int]) -> Counter[int]:
        """How many times each of `message_ids` reached a phone."""
        with self.lock:
            return Counter(p["message_id"] for p in self.delivered.values() if p["message_id"] in message_ids)

    def _receive(self, headers: Any, raw: bytes) -> tuple[int, dict[str, Any]]:
        if not verify(SECRET, headers.get(TIMESTAMP_HEADER, ""), raw, headers.get(SIGNATURE_HEADER, "")):
            with self.lock:
                self.bad_signatures += 1
            return 401, {"error": "bad signature"}
        payload = json.loads(raw)
        with self.lock:
            self.posts[payload["message_id"]] += 1
            planned = self.script.get(payload["message_id"])
            status = planned.pop(0) if planned else 200
            if status != 200:
                return status, {"error": "scripted failure"}
            gateway_id = f"gw-{len(self.delivered) + 1}"
            first = self.delivered.setdefault(headers["Idempotency-Key"], {**payload, "id": gateway_id})
        return 200, {"id": first["id"]}  # a repeated key answers the first delivery, as idempotent APIs do


class _Handler(QuietHandler):
    def do_POST(self) -> None:
        gateway: FakeSmsGateway = self.server.owner  # type: ignore[attr-defined]
        status, answer = gateway._receive(self.headers, self.body())
        if gateway.delay:
            time.sleep(gateway.delay)  # accepted already: a crash now loses only our record of it
        self.answer(status, json.dumps(answer).encode())


@contextmanager
def running_gateway(*, delay: float = 0.0) -> Iterator[FakeSmsGateway]:
    gateway = FakeSmsGateway(delay=delay)
    gateway.server.start()
    try:
        yield gateway
    finally:
        gateway.server.stop()
