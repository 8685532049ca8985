"""The kinds of relation between two customers (CareCloud `customer-relation-types`): a fixed vocabulary, named in
the reader's language; ids are the positions, 1-based, and never change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RelationType:
    id: int
    text_id: str
    name: str


_NAMES: dict[str, dict[str, str]] = {
    "family": {"en": "Family account", "cs": "Rodinný účet", "de": "Familienkonto"},
    "partner": {"en": "Partner", "cs": "Partner", "de": "Partner"},
    "guardian": {"en": "Legal guardian", "cs": "Zákonný zástupce", "de": "Erziehungsberechtigter"},
    "referral": {"en": "Referral", "cs": "Doporučení", "de": "Empfehlung"},
}


def listed(language: str) -> list[RelationType]:
    return [
        RelationType(position, text_id, names.get(language, names["en"]))
        for position, (text_id, names) in enumerate(_NAMES.items(), start=1)
    ]


def find(type_id: int, language: str = "en") -> RelationType | None:
    return next((t for t in listed(language) if t.id == type_id), None)
