"""What every sub-app shares: settings, the database, the rate limiter. Built once by `app.create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clientbook.config import Settings
from clientbook.store.engine import Database


@dataclass
class Context:
    settings: Settings
    db: Database
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def secret_key(self) -> str:
        return self.settings.secret_key
