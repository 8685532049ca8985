"""E-mail providers, chosen by CLIENTBOOK_EMAIL_PROVIDER: `log` (default), `file:PATH`, `smtp://…` (see smtp.py)."""

from __future__ import annotations

from clientbook.config import Settings

from .base import Mailer, OutboundEmail
from .file import FileMailer
from .log import LogMailer

__all__ = ["Mailer", "OutboundEmail", "create_mailer"]


def create_mailer(settings: Settings) -> Mailer:
    """The provider `settings.email_provider` names; ValueError with what is wrong when it cannot be built."""
    value = settings.email_provider.strip()
    kind, _, argument = value.partition(":")
    kind = kind.lower()
    if kind == "log":
        return LogMailer()
    if kind == "file":
        if not argument:
            raise ValueError("CLIENTBOOK_EMAIL_PROVIDER=file:PATH needs a PATH")
        return FileMailer(argument)
    if kind in ("smtp", "smtp+starttls", "smtps"):
        from .smtp import SmtpMailer

        return SmtpMailer(value, timeout=settings.sms_send_timeout)
    raise ValueError(
        f"unknown CLIENTBOOK_EMAIL_PROVIDER {kind!r}: use log, file:PATH or smtp://[user:password@]host[:port]"
    )
