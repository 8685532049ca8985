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
    redis_url: str | None = None
    rate_limit: str = Field(default="6000/minute", description="requests per credential, e.g. 600/minute")
    run_worker: bool = Field(default=True, description="run the SMS delivery worker inside `serve`")
    max_body_bytes: int = 1024 * 1024
    bench_ceiling: bool = Field(default=False, description="mount the bare insert endpoint `make bench` compares with")
    environment: str = "development"

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
