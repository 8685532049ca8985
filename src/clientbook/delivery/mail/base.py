"""What every e-mail provider is: `send` one message, answer its id or raise ProviderError (the SMS providers'
contract, so the one outbox worker drives both)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..providers.base import Accepted


@dataclass(frozen=True)
class OutboundEmail:
    message_id: int
    business_id: int
    to: str
    sender: str
    subject: str
    body: str  # plain text

    @property
    def message_id_header(self) -> str:
        """The same on every attempt of one message, so a resend after a crash can be recognised as one message."""
        return f"<clientbook-email-{self.message_id}@clientbook>"


class Mailer(Protocol):
    name: str

    async def send(self, email: OutboundEmail) -> Accepted: ...

    async def aclose(self) -> None: ...
