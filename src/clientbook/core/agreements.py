"""The consents a customer gives or withdraws (CareCloud `agreements`): a fixed list, the vendor's three defaults,
named and worded in the reader's language. A customer's consent values ride on the customer
(`customer.consents[].consent_id` is one of these ids)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    text_id: str
    name: str
    text: str
    withdrawal_text: str


# text id → language → (name, text, withdrawal text); ids are the positions, 1-based, and never change.
_WORDING: dict[str, dict[str, tuple[str, str, str]]] = {
    "personal_data_processing": {
        "en": (
            "Processing of personal data",
            "I agree to the processing of my personal data for the administration of my customer account.",
            "I withdraw my consent to the processing of my personal data.",
        ),
        "cs": (
            "Zpracování osobních údajů",
            "Souhlasím se zpracováním osobních údajů pro správu zákaznického účtu.",
            "Odvolávám souhlas se zpracováním osobních údajů.",
        ),
        "de": (
            "Verarbeitung personenbezogener Daten",
            "Ich stimme der Verarbeitung meiner personenbezogenen Daten zur Verwaltung meines Kundenkontos zu.",
            "Ich widerrufe meine Einwilligung in die Verarbeitung meiner personenbezogenen Daten.",
        ),
    },
    "marketing_communication": {
        "en": (
            "Marketing communication",
            "I agree to receive offers and news by e-mail and text message.",
            "I no longer wish to receive offers and news.",
        ),
        "cs": (
            "Marketingová komunikace",
            "Souhlasím se zasíláním nabídek a novinek e-mailem a SMS.",
            "Nepřeji si nadále dostávat nabídky a novinky.",
        ),
        "de": (
            "Marketingkommunikation",
            "Ich möchte Angebote und Neuigkeiten per E-Mail und SMS erhalten.",
            "Ich möchte keine Angebote und Neuigkeiten mehr erhalten.",
        ),
    },
    "profiling": {
        "en": (
            "Profiling",
            "I agree that my purchases are analysed to tailor offers to me.",
            "I withdraw my consent to the analysis of my purchases.",
        ),
        "cs": (
            "Profilování",
            "Souhlasím s analýzou svých nákupů pro nabídky na míru.",
            "Odvolávám souhlas s analýzou svých nákupů.",
        ),
        "de": (
            "Profiling",
            "Ich stimme zu, dass meine Einkäufe ausgewertet werden, um Angebote auf mich zuzuschneiden.",
            "Ich widerrufe meine Einwilligung in die Auswertung meiner Einkäufe.",
        ),
    },
}


def listed(language: str) -> list[Agreement]:
    found = []
    for position, (text_id, wording) in enumerate(_WORDING.items(), start=1):
        name, text, withdrawal = wording.get(language, wording["en"])
        found.append(Agreement(str(position), text_id, name, text, withdrawal))
    return found


def find(agreement_id: str, language: str) -> Agreement | None:
    return next((a for a in listed(language) if a.id == agreement_id), None)
