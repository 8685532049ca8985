"""Booking statuses: the states an appointment goes through (CareCloud `booking-statuses`), a fixed vocabulary named
in the reader's language. The id is the state the appointment stores (`idle`, Webcamconsult's own word for a booked
appointment, is the default), so statuses need no table and every dialect reads the same state."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT = "idle"
# A cancelled appointment no longer takes its time slot; every other state does (a no-show held the time).
RELEASES_SLOT = frozenset({"cancelled"})


@dataclass(frozen=True, slots=True)
class BookingStatus:
    id: str
    name: str


_NAMES: dict[str, dict[str, str]] = {
    "idle": {"en": "Booked", "cs": "Rezervováno", "de": "Gebucht"},
    "confirmed": {"en": "Confirmed", "cs": "Potvrzeno", "de": "Bestätigt"},
    "completed": {"en": "Completed", "cs": "Dokončeno", "de": "Abgeschlossen"},
    "no_show": {"en": "No-show", "cs": "Nedostavil se", "de": "Nicht erschienen"},
    "cancelled": {"en": "Cancelled", "cs": "Zrušeno", "de": "Storniert"},
}


def listed(language: str) -> list[BookingStatus]:
    return [BookingStatus(key, names.get(language, names["en"])) for key, names in _NAMES.items()]


def find(status_id: str, language: str) -> BookingStatus | None:
    return next((s for s in listed(language) if s.id == status_id), None)


def is_known(status_id: str) -> bool:
    return status_id in _NAMES
