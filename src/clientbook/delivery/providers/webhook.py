"""`webhook:URL`: POST each message as JSON to URL, signed with HMAC-SHA256.

Headers: `X-Clientbook-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`, `X-Clientbook-Timestamp` (Unix
seconds) and `Idempotency-Key` (the same on every attempt of one message: a receiver that keeps the keys it has seen
delivers each message once, even when a crash made us send it again). A 2xx answer is acceptance; its JSON `id`, if
any, is the provider's message id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import aiohttp

from .base import Accepted, OutboundSms, ProviderError, retryable_http_status

SIGNATURE_HEADER = "X-Clientbook-Signature"
TIMESTAMP_HEADER = "X-Clientbook-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


class WebhookProvider:
    name = "webhook"

    def __init__(self, url: str, secret: str, *, timeout: float = 10.0) -> None:
        self.url = url
        self._secret = secret
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._http: aiohttp.ClientSession | None = None  # opened on first use, inside the running loop

    def _session(self) -> aiohttp.ClientSession:
        # aiohttp rather than httpx: several times the throughput per core on small keep-alive posts.
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=self._timeout, connector=aiohttp.TCPConnector(limit=64))
        return self._http

    async def send(self, sms: OutboundSms) -> Accepted:
        body = json.dumps(
            {
                "message_id": sms.message_id,
                "business_id": sms.business_id,
                "to": sms.to,
                "from": sms.from_,
                "body": sms.body,
            }
        ).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": sms.idempotency_key,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(self._secret, timestamp, body),
        }
        try:
            async with self._session().post(self.url, data=body, headers=headers) as response:
                status, text = response.status, await response.text(errors="replace")
        except TimeoutError as error:
            raise ProviderError("webhook timed out", retryable=True) from error
        except (aiohttp.ClientError, OSError) as error:
            raise ProviderError(f"webhook unreachable: {type(error).__name__}: {error}", retryable=True) from error
        if not 200 <= status < 300:
            reason = f"webhook answered HTTP {status}: {text[:200]}"
            raise ProviderError(reason, retryable=retryable_http_status(status))
        return Accepted(_id_in(text) or f"webhook-{sms.message_id}")

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close()


def _id_in(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return str(value)[:64] if value is not None else None
