"""Run Alembic programmatically (`clientbook db upgrade`, `make run`, the test fixtures)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from clientbook.config import to_async_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", to_async_url(url).replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d-%%(hour).2d%%(minute).2d_%%(slug)s")
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at `url` to the newest schema."""
    command.upgrade(alembic_config(url), revision)
