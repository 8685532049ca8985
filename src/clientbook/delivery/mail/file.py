"""`file:PATH`: one JSON object per delivered e-mail, appended to PATH (`message_id`, `to`, `from`, `subject`,
`body`), each message once, as the SMS `file:` provider writes them."""

from __future__ import annotations

from ..providers.base import Accepted
from ..providers.file import FileSender
from .base import OutboundEmail


class FileMailer(FileSender):
    async def send(self, email: OutboundEmail) -> Accepted:
        record = {
            "business_id": email.business_id,
            "to": email.to,
            "from": email.sender,
            "subject": email.subject,
            "body": email.body,
        }
        return await self.write(email.message_id, record)
