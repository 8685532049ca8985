"""The dialects Clientbook serves, in the order `tenant create --json` prints their credentials."""

from __future__ import annotations

from clientbook.edge.contract import Dialect

from . import carecloud, clientbook, timetap, webcamconsult, wiredclient

DIALECTS: tuple[Dialect, ...] = (
    wiredclient.DIALECT,
    timetap.DIALECT,
    webcamconsult.DIALECT,
    carecloud.DIALECT,
    clientbook.DIALECT,
)
