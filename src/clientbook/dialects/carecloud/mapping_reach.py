"""Wire ↔ core for push registrations and newsletter sign-ups (pure: no I/O)."""

from __future__ import annotations

from typing import Any

from .wire import Device
from .wire_tokens import Agreements

CONSENTS = {
    "agreement_gtc": "gtc",
    "agreement_profiling": "profiling",
    "agreement_marketing_communication": "marketing_communication",
}


def consents(agreements: Agreements | None) -> dict[str, Any]:
    """The consents given, by the core's names (0 refused, 1 given, 2 not set); custom ones by agreement id."""
    if agreements is None:
        return {}
    given: dict[str, Any] = {
        core: getattr(agreements, wire) for wire, core in CONSENTS.items() if getattr(agreements, wire) is not None
    }
    if agreements.custom_agreements:
        given["custom"] = {a.agreement_id: a.agreement_value for a in agreements.custom_agreements}
    return given


def device(given: Device) -> dict[str, Any]:
    """What the app told about the device, beside its id."""
    return {"system": given.device_system, "name": given.device_name, "type": given.device_type}
