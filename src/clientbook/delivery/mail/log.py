"""`log` (the default): delivery is a log line. For development; nothing leaves the machine."""

from __future__ import annotations

import logging

from ..providers.base import Accepted
from .base import OutboundEmail

log = logging.getLogger("clientbook.email")


class LogMailer:
    name = "log"

    async def send(self, email: OutboundEmail) -> Accepted:
        # The body is the point of this provider (a developer follows a setup link from here).
        log.info("E-mail %s to %s, %r: %s", email.message_id, email.to, email.subject, email.body)
        return Accepted(f"log-{email.message_id}")

    async def aclose(self) -> None:
        return None
