"""`smtp://[user:password@]host[:port]`: e-mail through an SMTP server (`smtp+starttls://` upgrades the connection
before anything is sent, `smtps://` speaks TLS from the start).

The standard library's client runs in a thread, one connection per message: the outbox worker already bounds how
many run at once and how long each may take. What the server answers decides the retry: a 4xx reply or a broken
connection may pass later, a 5xx reply (an unknown mailbox, a refused sender) never will.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

from ..providers.base import Accepted, ProviderError
from .base import OutboundEmail

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class SmtpMailer:
    name = "smtp"

    def __init__(self, url: str, *, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ValueError(f"SMTP URL {url!r} is not like smtp://[user:password@]host[:port]")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or SCHEMES[parts.scheme]
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout

    def __repr__(self) -> str:  # never the password
        return f"SmtpMailer({self.scheme}://{self.host}:{self.port})"

    async def send(self, email: OutboundEmail) -> Accepted:
        message = EmailMessage()
        message["From"] = email.sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = email.message_id_header
        message.set_content(email.body)
        await asyncio.to_thread(self._deliver, message)
        return Accepted(f"smtp-{email.message_id}")

    def _deliver(self, message: EmailMessage) -> None:
        try:
            if self.scheme == "smtps":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.scheme == "smtp+starttls":
                    client.starttls(context=ssl.create_default_context())
                if self.user is not None:
                    client.login(self.user, self.password or "")
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise ProviderError(f"SMTP refused the recipient ({codes[0]})", retryable=codes[0] < 500) from error
        except smtplib.SMTPResponseException as error:
            reason = f"SMTP {error.smtp_code}: {_text(error.smtp_error)}"
            raise ProviderError(reason, retryable=error.smtp_code < 500) from error
        except (smtplib.SMTPException, OSError) as error:
            raise ProviderError(f"SMTP unreachable: {type(error).__name__}", retryable=True) from error

    async def aclose(self) -> None:
        return None


def _text(reply: bytes | str) -> str:
    return (reply.decode(errors="replace") if isinstance(reply, bytes) else reply)[:200]
