"""CareCloud wire ↔ core for the records around customers: stores (branches), bookings (appointments), segments,
customer sources, additional addresses and messages (SMS). Pure functions, no I/O; the customer and user mappings
and the field tables are in `mapping.py`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from clientbook.core.time_slots import SlotKey
from clientbook.store.models import Appointment, Branch, Message
from clientbook.store.models.customer_data import ClientAddress, CustomerSource
from clientbook.store.models.messaging import EMAIL, SMS
from clientbook.store.models.segments import Segment, SegmentGroup, SegmentMember

from . import mapping_bookings, wire
from .conventions import compact, render_datetime, render_id
from .mapping import EXTRA, _digits, _extra, phone_to_core, state_of


def store(branch: Branch, time_zone: str) -> dict[str, Any]:
    extra = _extra(branch)
    lines = extra.get("address") or {}
    country = branch.country.lower() if branch.country and len(branch.country) == 2 else None
    address = compact(
        {
            "address1": branch.street,
            **{k: lines.get(k) for k in ("address2", "address3", "address4", "address5", "address6", "address7")},
            "zip": branch.postal_code,
            "city": branch.city,
            "country_code": country,
        }
    )
    return compact(
        {
            "store_id": str(branch.id),
            # A branch made by another dialect has no store code: its account number names it there.
            "store_code": extra.get("store_code") or branch.account_number,
            "name": branch.name,
            "store_address": address,
            "contact_email": branch.email,
            "manager_name": extra.get("manager_name"),
            "phone_number": _digits(branch.phone),
            "partner_id": extra.get("partner_id") or "",
            "system_id": extra.get("system_id") or "",
            "gps_coordinates": extra.get("gps_coordinates"),
            "url_address": extra.get("url_address"),
            "opening": extra.get("opening"),
            "image_urls": [],
            "visibility_for_customer": 1,
            "short_description": extra.get("short_description"),
            "registration_id": extra.get("registration_id"),
            "last_change": render_datetime(branch.updated_at, time_zone),
            "state": state_of(branch.deleted_at),
        }
    )


def to_core_store(body: wire.Store) -> dict[str, Any]:
    """Branch values of a store (the whole store: a PUT replaces it)."""
    address = body.store_address or wire.Address()
    extra = {
        "store_code": body.store_code,
        "manager_name": body.manager_name,
        "partner_id": body.partner_id,
        "system_id": body.system_id,
        "gps_coordinates": body.gps_coordinates.model_dump(exclude_none=True) if body.gps_coordinates else None,
        "url_address": body.url_address,
        "opening": [
            {"day_id": d.day_id, "time_intervals": [{"from": t.from_, "to": t.to} for t in d.time_intervals]}
            for d in body.opening or []
        ]
        or None,
        "short_description": body.short_description,
        "registration_id": body.registration_id,
        "address": {k: getattr(address, k) for k in ("address2", "address3", "address4", "address5", "address6")}
        | {"address7": address.address7},
    }
    return {
        "name": body.name,
        "email": body.contact_email,
        "phone": phone_to_core(body.phone_number),
        "street": address.address1,
        "city": address.city,
        "postal_code": address.zip,
        "country": address.country_code.strip().upper() if address.country_code else None,
        "extra": {EXTRA: extra},
    }


# ---- bookings (appointments) -------------------------------------------------------------------------------------


def time_slot_id(appointment: Appointment, time_zone: str) -> str:
    """The reservable product's slot the appointment takes; a free-form appointment's own start (and length),
    `YYYY-MM-DDTHH:MM:SS[/minutes]`."""
    if appointment.reservable_product_id is not None:
        return mapping_bookings.slot_id(SlotKey(appointment.reservable_product_id, appointment.starts_at))
    start = render_datetime(appointment.starts_at, time_zone) or ""
    slot = start.replace(" ", "T")
    return f"{slot}/{appointment.duration_minutes}" if appointment.duration_minutes else slot


def booking(appointment: Appointment, time_zone: str, *, with_items: bool) -> dict[str, Any]:
    extra = _extra(appointment)
    created = render_datetime(appointment.created_at, time_zone)
    record: dict[str, Any] = {
        "booking_id": str(appointment.id),
        "customer_id": str(appointment.client_id),
        "booking_status": appointment.state,
        "utm": extra.get("utm") or None,
        "data": extra.get("data"),
        "created_at": created,
        "last_change": render_datetime(appointment.updated_at, time_zone),
        "state": state_of(appointment.deleted_at),
        "booking_items": [],  # required by the schema: empty unless the items are asked for
    }
    if with_items:
        ends = None
        if appointment.duration_minutes:
            ends = appointment.starts_at + timedelta(minutes=appointment.duration_minutes)
        item = {
            "booking_item_id": str(appointment.id),
            "customer_id": str(appointment.client_id),
            "time_slot_id": time_slot_id(appointment, time_zone),
            "valid_from": render_datetime(appointment.starts_at, time_zone),
            "valid_to": render_datetime(ends, time_zone),
            "capacity_taken": int(extra.get("capacity_taken") or 1),
            "booking_item_status": appointment.state,
            "created_at": created,
            "state": state_of(appointment.deleted_at),
            "last_change": render_datetime(appointment.updated_at, time_zone),
        }
        record["booking_items"] = [compact(item)]
    return compact(record)


# ---- segments ----------------------------------------------------------------------------------------------------


def segment(record: Segment, time_zone: str) -> dict[str, Any]:
    return compact(
        {
            "segment_id": str(record.id),
            "name": record.name,
            "segment_group_id": render_id(record.segment_group_id),
            "note": record.note,
            "last_change": render_datetime(record.updated_at, time_zone),
        }
    )


def segment_group(group: SegmentGroup, time_zone: str) -> dict[str, Any]:
    return compact(
        {
            "segment_group_id": str(group.id),
            "name": group.name,
            "parent_group_id": render_id(group.parent_group_id),
            "note": group.note,
            "text_id": group.text_id,
            "last_change": render_datetime(group.updated_at, time_zone),
        }
    )


def segment_record(member: SegmentMember, time_zone: str) -> dict[str, Any]:
    created = render_datetime(member.created_at, time_zone)
    return {
        "segment_id": str(member.segment_id),
        "customer_id": str(member.client_id),
        "created_at": created,
        "last_change": created,
    }


# ---- customer sources, addresses ---------------------------------------------------------------------------------


def customer_source(source: CustomerSource, time_zone: str) -> dict[str, Any]:
    return {
        "customer_source_id": str(source.id),
        "name": source.name,
        "customer_source_text_id": source.text_id,
        "state": source.state,
        "last_change": render_datetime(source.updated_at, time_zone),
    }


def additional_address(address: ClientAddress) -> dict[str, Any]:
    lines = {
        "address1": address.address1,
        "address2": address.address2,
        "address3": address.address3,
        "address4": address.address4,
        "address5": address.address5,
        "address6": address.address6,
        "address7": address.address7,
        "zip": address.zip,
        "city": address.city,
        "country_code": address.country_code.lower() if address.country_code else None,
    }
    return {
        "additional_address_id": str(address.id),
        "address_type": address.address_type,
        "address": compact(lines),
    }


# ---- messages ----------------------------------------------------------------------------------------------------

EMAIL_CHANNEL = 1
SMS_CHANNEL = 2
# Outbox states → CareCloud message status (0 not sent, 1 sent, 2 error, 5 scheduled for retry).
MESSAGE_STATUS = {"queued": 0, "sending": 0, "sent": 1, "delivered": 1, "received": 1, "failed": 2}
TEMPLATE_ID = "sms"  # a message sent elsewhere (web, another dialect) names no template: it is a plain SMS
CHANNELS = {EMAIL_CHANNEL: EMAIL, SMS_CHANNEL: SMS}  # CareCloud's communication channel ids → ours


def _contact(record: Message) -> str | None:
    """Whom the message went to (or came from): the e-mail address, or the phone as international digits."""
    if record.channel == EMAIL:
        return record.to_address
    return _digits(record.to_number if record.direction == "outbound" else record.from_number)


def message(record: Message, time_zone: str) -> dict[str, Any]:
    status = MESSAGE_STATUS.get(record.status, 0)
    if record.status == "queued" and record.attempts:
        status = 5
    return compact(
        {
            "message_id": str(record.id),
            "status": status,
            "message_template_id": record.template_id or (EMAIL if record.channel == EMAIL else TEMPLATE_ID),
            "customer_id": render_id(record.client_id),
            "contact": _contact(record),
            "title": record.subject if record.channel == EMAIL else None,
            "send_time": render_datetime(record.sent_at or record.received_at or record.queued_at, time_zone),
            "communication_channel_id": EMAIL_CHANNEL if record.channel == EMAIL else SMS_CHANNEL,
            "message_data": [{"parameter_name": "text", "value": record.body}],
            "last_change": render_datetime(record.updated_at, time_zone),
        }
    )
