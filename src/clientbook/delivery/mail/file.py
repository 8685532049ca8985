"""`file:PATH`: one JSON object per delivered e-mail, appended to PATH (`message_id`, `to`, `from`, `subject`,
`body`), each message once, as the SMS `file:` provider writes them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ..providers.base import Accepted
from ..providers.file import OnceFile
from .base import OutboundEmail


class FileMailer:
    name = "file"

    def __init__(self, path: str | Path) -> None:
        self.file = OnceFile(path)

    async def send(self, email: OutboundEmail) -> Accepted:
        record = {
            "business_id": email.business_id,
            "to": email.to,
            "from": email.sender,
            "subject": email.subject,
            "body": email.body,
            "sent_at": datetime.now(UTC).isoformat(),
        }
        await self.file.write_once(email.message_id, record)
        return Accepted(f"file-{email.message_id}")

    async def aclose(self) -> None:
        return None
