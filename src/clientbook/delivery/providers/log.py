"""`log` (the default): delivery is a log line. For development; nothing leaves the machine."""

from __future__ import annotations

import logging

from .base import Accepted, OutboundSms

log = logging.getLogger("clientbook.sms")


class LogProvider:
    name = "log"

    async def send(self, sms: OutboundSms) -> Accepted:
        # The body is the point of this provider (a developer reads it here); newlines are escaped by the formatter.
        log.info("SMS %s to %s (%d characters): %s", sms.message_id, sms.to, len(sms.body), sms.body)
        return Accepted(f"log-{sms.message_id}")

    async def aclose(self) -> None:
        return None
