"""A local fake of Twilio's Messages API (2010-04-01), enough for the official `twilio` package to run whole against
it: Basic auth with the account SID and auth token, form-encoded create, Twilio's JSON resources and error bodies.
It also writes the signed status callbacks Twilio would send (RequestValidator with the same auth token)."""

from __future__ import annotations

import json
import re
import threading
import uuid
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from twilio.request_validator import RequestValidator

from ._server import BackgroundServer, QuietHandler

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "fake-twilio-auth-token"
CREATE = re.compile(r"^/2010-04-01/Accounts/(?P<account>AC\w+)/Messages\.json$")


@dataclass(frozen=True)
class Callback:
    url: str
    form: dict[str, str]
    signature: str


class FakeTwilio:
    def __init__(self) -> None:
        self.messages: list[dict[str, str]] = []  # every message Twilio accepted, as posted
        # To number → (HTTP status, Twilio code, message) to answer its next messages with, in order
        self.script: dict[str, list[tuple[int, int, str]]] = {}
        self.unauthorized = 0
        self.lock = threading.Lock()
        self.server = BackgroundServer(_Handler, self)

    @property
    def url(self) -> str:
        return self.server.url

    def status_callback(self, message: dict[str, str], status: str, error_code: str | None = None) -> Callback:
        """The request Twilio would POST to the message's StatusCallback, signed with the auth token."""
        form = {
            "MessageSid": message["sid"],
            "MessageStatus": status,
            "AccountSid": ACCOUNT_SID,
            "To": message["To"],
            "From": message.get("From", ""),
        }
        if error_code:
            form["ErrorCode"] = error_code
        url = message["StatusCallback"]
        return Callback(url, form, RequestValidator(AUTH_TOKEN).compute_signature(url, form))

    def _create(self, account: str, authorization: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if account != ACCOUNT_SID or authorization != _basic(ACCOUNT_SID, AUTH_TOKEN):
            with self.lock:
                self.unauthorized += 1
            return 401, _error(401, 20003, "Authenticate")
        with self.lock:
            planned = self.script.get(form.get("To", ""))
            if planned:
                status, code, text = planned.pop(0)
                return status, _error(status, code, text)
        if not re.fullmatch(r"\+[1-9]\d{6,14}", form.get("To", "")):
            return 400, _error(400, 21211, f"The 'To' number {form.get('To')} is not a valid phone number.")
        if not form.get("Body"):
            return 400, _error(400, 21602, "Message body is required.")
        sid = "SM" + uuid.uuid4().hex
        with self.lock:
            self.messages.append({**form, "sid": sid})
        return 201, {
            "sid": sid,
            "account_sid": ACCOUNT_SID,
            "to": form["To"],
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form["Body"],
            "status": "queued",
            "direction": "outbound-api",
            "num_segments": "1",
            "api_version": "2010-04-01",
            "price": None,
            "error_code": None,
            "error_message": None,
            "date_created": "Mon, 23 Nov 2026 10:00:00 +0000",
            "date_updated": "Mon, 23 Nov 2026 10:00:00 +0000",
            "date_sent": None,
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        }


def _basic(user: str, password: str) -> str:
    return "Basic " + b64encode(f"{user}:{password}".encode()).decode()


def _error(status: int, code: int, message: str) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class _Handler(QuietHandler):
    def do_POST(self) -> None:
        fake: FakeTwilio = self.server.owner  # type: ignore[attr-defined]
        match = CREATE.match(self.path)
        raw = self.body()
        if match is None:
            self.answer(404, json.dumps(_error(404, 20404, "The requested resource was not found")).encode())
            return
        form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
        status, payload = fake._create(match["account"], self.headers.get("Authorization", ""), form)
        self.answer(status, json.dumps(payload).encode())


@contextmanager
def running_twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio()
    fake.server.start()
    try:
        yield fake
    finally:
        fake.server.stop()
