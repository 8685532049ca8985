"""The dialects Clientbook serves: each module exposes NAME, MOUNT, create_app(context) and
issue_credentials(session, context, business_id) (its entry in `tenant create --json`)."""

from __future__ import annotations

from types import ModuleType

from . import carecloud, timetap, webcamconsult, wiredclient

DIALECTS: list[ModuleType] = [wiredclient, timetap, webcamconsult, carecloud]
