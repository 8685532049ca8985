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

import httpx

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
        self._http = httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=64))

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
            response = await self._http.post(self.url, content=body, headers=headers)
        except httpx.TimeoutException as error:
            raise ProviderError(f"webhook timed out: {type(error).__name__}", retryable=True) from error
        except httpx.HTTPError as error:
            raise ProviderError(f"webhook unreachable: {type(error).__name__}: {error}", retryable=True) from error
        if not response.is_success:
            reason = f"webhook answered HTTP {response.status_code}: {response.text[:200]}"
            raise ProviderError(reason, retryable=retryable_http_status(response.status_code))
        return Accepted(_id_in(response) or f"webhook-{sms.message_id}")

    async def aclose(self) -> None:
        await self._http.aclose()


def _id_in(response: httpx.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return str(value)[:64] if value is not None else None
