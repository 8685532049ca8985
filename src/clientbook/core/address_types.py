"""The kinds of additional address a client may have (CareCloud `customer-address-types`): a fixed vocabulary, named
in the reader's language. An address stores its type as text, so a type given that is not listed is kept too."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AddressType:
    id: str
    name: str


_NAMES: dict[str, dict[str, str]] = {
    "delivery": {"en": "Delivery address", "cs": "Doručovací adresa", "de": "Lieferadresse"},
    "billing": {"en": "Billing address", "cs": "Fakturační adresa", "de": "Rechnungsadresse"},
    "mailing": {"en": "Mailing address", "cs": "Korespondenční adresa", "de": "Postanschrift"},
}


def listed(language: str) -> list[AddressType]:
    return [AddressType(key, names.get(language, names["en"])) for key, names in _NAMES.items()]


def find(type_id: str, language: str) -> AddressType | None:
    return next((t for t in listed(language) if t.id == type_id), None)
