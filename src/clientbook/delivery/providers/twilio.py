"""`twilio`: the official `twilio` package, async. Credentials and sender come from the environment
(CLIENTBOOK_TWILIO_ACCOUNT_SID, _AUTH_TOKEN, _FROM_NUMBER or _MESSAGING_SERVICE_SID). Delivery receipts come back to
`{public_url}/sms/status` (the status callback carries our ids so a receipt finds its message even before the worker
recorded Twilio's SID). CLIENTBOOK_TWILIO_API_URL points the client at another host (a local fake in tests).
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import aiohttp
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from .base import Accepted, OutboundSms, ProviderError, retryable_http_status

TWILIO_API = "https://api.twilio.com"


class _HttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]
    """Twilio's own async HTTP client, sent to `base_url` instead of api.twilio.com."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if url.startswith(TWILIO_API):
            url = self.base_url + url.removeprefix(TWILIO_API)
        auth = kwargs.pop("auth", None)
        if auth is not None:
            # The same Basic credentials as a header: aiohttp deprecates the `auth=` argument Twilio's client uses.
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Authorization": _basic(*auth)}
        return await super().request(method, url, *args, **kwargs)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class TwilioProvider:
    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str | None,
        messaging_service_sid: str | None,
        status_callback: str,
        api_url: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._http = _HttpClient(api_url or TWILIO_API, timeout)
        self._client = Client(account_sid, auth_token, http_client=self._http)
        self._from = from_number
        self._service = messaging_service_sid
        self._status_callback = status_callback

    async def send(self, sms: OutboundSms) -> Accepted:
        sender: dict[str, str] = {}
        if sms.from_ or self._from:
            sender["from_"] = sms.from_ or self._from or ""
        elif self._service:
            sender["messaging_service_sid"] = self._service
        else:
            raise ProviderError(
                "no sender: set CLIENTBOOK_TWILIO_FROM_NUMBER or the business's --sms-number", retryable=False
            )
        ours = urlencode({"business_id": sms.business_id, "message_id": sms.message_id})
        callback = f"{self._status_callback}?{ours}"
        try:
            created = await self._client.messages.create_async(
                to=sms.to, body=sms.body, status_callback=callback, **sender
            )
        except TwilioRestException as error:
            reason = f"Twilio error {error.code} (HTTP {error.status}): {error.msg}"
            raise ProviderError(reason, retryable=retryable_http_status(int(error.status))) from error
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            raise ProviderError(f"Twilio unreachable: {type(error).__name__}: {error}", retryable=True) from error
        return Accepted(str(created.sid))

    async def aclose(self) -> None:
        await self._http.close()
