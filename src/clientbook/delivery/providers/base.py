"""What every SMS provider is: `send` one message, answer its id or raise ProviderError (DESIGN rule 8)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutboundSms:
    message_id: int
    business_id: int
    to: str
    from_: str | None
    body: str

    @property
    def idempotency_key(self) -> str:
        """The same on every attempt of one message, so a provider that honours it never delivers it twice."""
        return f"clientbook-sms-{self.message_id}"


@dataclass(frozen=True)
class Accepted:
    provider_message_id: str | None


class ProviderError(Exception):
    """The provider refused or failed; `retryable` says whether trying again later may succeed."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class Provider(Protocol):
    name: str

    async def send(self, sms: OutboundSms) -> Accepted: ...

    async def aclose(self) -> None: ...


def retryable_http_status(status: int) -> bool:
    """Server errors, throttling and request timeouts may pass later; other client errors never will."""
    return status >= 500 or status in (408, 409, 425, 429)
