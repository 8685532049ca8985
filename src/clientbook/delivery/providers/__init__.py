"""SMS providers, chosen by CLIENTBOOK_SMS_PROVIDER: `log` (default), `file:PATH`, `twilio`, `webhook:URL`."""

from __future__ import annotations

from clientbook.config import Settings

from .base import Accepted, OutboundSms, Provider, ProviderError
from .file import FileProvider
from .log import LogProvider

__all__ = ["Accepted", "OutboundSms", "Provider", "ProviderError", "create_provider", "status_callback_url"]


def status_callback_url(settings: Settings) -> str:
    return settings.public_url.rstrip("/") + "/sms/status"


def create_provider(settings: Settings) -> Provider:
    """The provider `settings.sms_provider` names; ValueError with what is missing when it cannot be built.

    Build it inside the running event loop: the HTTP providers open their connection pools here.
    """
    kind, _, argument = settings.sms_provider.partition(":")
    kind = kind.strip().lower()
    if kind == "log":
        return LogProvider()
    if kind == "file":
        if not argument:
            raise ValueError("CLIENTBOOK_SMS_PROVIDER=file:PATH needs a PATH")
        return FileProvider(argument)
    if kind == "webhook":
        from .webhook import WebhookProvider

        if not argument:
            raise ValueError("CLIENTBOOK_SMS_PROVIDER=webhook:URL needs a URL")
        if not settings.sms_webhook_secret:
            raise ValueError("CLIENTBOOK_SMS_WEBHOOK_SECRET must be set to sign webhook:URL deliveries")
        return WebhookProvider(argument, settings.sms_webhook_secret, timeout=settings.sms_send_timeout)
    if kind == "twilio":
        from .twilio import TwilioProvider

        if not (settings.twilio_account_sid and settings.twilio_auth_token):
            raise ValueError("the twilio provider needs CLIENTBOOK_TWILIO_ACCOUNT_SID and CLIENTBOOK_TWILIO_AUTH_TOKEN")
        return TwilioProvider(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            from_number=settings.twilio_from_number,
            messaging_service_sid=settings.twilio_messaging_service_sid,
            status_callback=status_callback_url(settings),
            api_url=settings.twilio_api_url,
            timeout=settings.sms_send_timeout,
        )
    raise ValueError(
        f"unknown CLIENTBOOK_SMS_PROVIDER {settings.sms_provider!r}: use log, file:PATH, twilio or webhook:URL"
    )
