"""Settings, read once from the environment (prefix CLIENTBOOK_) and passed down; the core never reads them."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLIENTBOOK_", extra="ignore")

    database_url: str = "sqlite:///./var/clientbook.db"
    secret_key: str = DEV_SECRET_KEY
    public_url: str = "http://127.0.0.1:8000"
    sms_provider: str = "log"
    # E-mail goes through the SMS outbox and worker: `log`, `file:PATH`, `smtp://[user:password@]host[:port]`
    # (`smtp+starttls://`, `smtps://`). The sender is the address every message comes from.
    email_provider: str = "log"
    email_from: str = "Clientbook <noreply@localhost>"
    redis_url: str | None = None
    rate_limit: str = Field(default="6000/minute", description="requests per credential, e.g. 600/minute")
    token_rate_limit: str = Field(
        default="60/minute", description="tokens minted per API key, login or application id (and per address)"
    )
    run_worker: bool = Field(default=True, description="run the SMS delivery worker inside `serve`")
    max_body_bytes: int = 1024 * 1024
    bench_ceiling: bool = Field(default=False, description="mount the bare insert endpoint `make bench` compares with")
    environment: str = "development"
    log_format: str = Field(default="text", description="`text` (human-readable) or `json` (one object a line)")
    log_level: str = Field(default="INFO", description="the lowest level logged: DEBUG, INFO, WARNING, ERROR")
    # SMS delivery (issue 3): the provider's credentials and the delivery worker's tuning.
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_from_number: str | None = Field(default=None, description="sender when the business has no --sms-number")
    twilio_messaging_service_sid: str | None = None
    twilio_api_url: str | None = Field(default=None, description="Twilio API base URL (default api.twilio.com)")
    sms_webhook_secret: str | None = Field(default=None, description="HMAC-SHA256 key signing webhook:URL posts")
    sms_callback_secret: str | None = Field(
        default=None, description="HMAC-SHA256 key /sms callbacks must be signed with under the log and file providers"
    )
    sms_poll_interval: float = Field(default=0.2, description="seconds the idle worker waits between outbox polls")
    sms_batch_size: int = Field(default=50, ge=1, description="messages claimed per outbox poll")
    sms_concurrency: int = Field(default=16, ge=1, description="provider calls in flight per worker")
    sms_max_attempts: int = Field(default=5, ge=1, description="attempts before a message is marked failed")
    sms_retry_base_seconds: float = Field(default=2.0, description="first retry delay; doubles on each attempt")
    sms_send_timeout: float = Field(default=10.0, description="seconds one provider call may take")
    sms_lease_seconds: float = Field(default=60.0, description="a message `sending` longer is requeued (crash)")
    # Webhooks (issue 18): the webhook worker's tuning (it runs inside `serve` and in `clientbook worker`).
    webhook_poll_interval: float = Field(default=0.5, description="seconds the idle webhook worker waits")
    webhook_batch_size: int = Field(default=50, ge=1, description="deliveries claimed per round")
    webhook_concurrency: int = Field(default=16, ge=1, description="webhook requests in flight per worker")
    webhook_timeout: float = Field(default=10.0, description="seconds a receiver may take to answer")
    webhook_lease_seconds: float = Field(default=60.0, description="a delivery `sending` longer is sent again")
    webhook_max_attempts: int = Field(default=8, ge=1, description="attempts before a delivery is failed")
    webhook_retry_base_seconds: float = Field(default=5.0, description="first retry delay; doubles each attempt")
    webhook_disable_after: int = Field(default=20, ge=1, description="failed attempts in a row that disable")
    login_rate_limit: str = Field(
        default="10/15minutes", description="web password attempts per account name from one client address"
    )
    login_address_rate_limit: str = Field(
        default="50/15minutes", description="web password attempts from one client address, over all accounts"
    )
    login_account_rate_limit: str = Field(
        default="100/hour", description="web password attempts per account name from all addresses together"
    )
    login_rate_limit_fail_open: bool = Field(
        default=False, description="allow sign-in when the attempt counter (Redis) is unreachable (default: refuse)"
    )

    @property
    def async_database_url(self) -> str:
        """The database URL with the async driver every part of Clientbook uses."""
        return to_async_url(self.database_url)

    def check(self) -> None:
        """Refuse to run production with the development secret."""
        if self.environment == "production" and self.secret_key == DEV_SECRET_KEY:
            raise ValueError("CLIENTBOOK_SECRET_KEY must be set in production")


def to_async_url(url: str) -> str:
    """Map `sqlite:///` and `postgresql://` URLs onto aiosqlite and asyncpg."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url.removeprefix(prefix)
    return url
