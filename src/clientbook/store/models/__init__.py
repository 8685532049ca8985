"""ORM models, re-exported so callers import `clientbook.store.models`."""

from ._base import Base, utcnow
from .events import Event
from .idempotency import IdempotencyKey
from .loyalty import PointBalance, PointRecord, PointReservation, PointType
from .messaging import Message
from .people import Client, Staff, StaffAccount
from .records import ClientAccess, ClientFieldValue, ClientTag, FieldDefinition, Note, Tag
from .scheduling import Appointment
from .sso import SsoToken
from .statuses import Status, StatusRecord
from .tenancy import ApiToken, Branch, Business, Credential
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookSubscription

__all__ = [
    "ApiToken",
    "Appointment",
    "Base",
    "Branch",
    "Business",
    "Client",
    "ClientAccess",
    "ClientFieldValue",
    "ClientTag",
    "Credential",
    "Event",
    "FieldDefinition",
    "IdempotencyKey",
    "Message",
    "Note",
    "PointBalance",
    "PointRecord",
    "PointReservation",
    "PointType",
    "SsoToken",
    "Staff",
    "StaffAccount",
    "Status",
    "StatusRecord",
    "Tag",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "utcnow",
]
