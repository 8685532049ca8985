"""ORM models, re-exported so callers import `clientbook.store.models`. Every model module is imported here: the
metadata that migrations and `alembic check` compare against is what this package has loaded."""

from ._base import Base, utcnow
from .cards import Card, CardType
from .credits import CreditBalance, CreditRecord, CreditType
from .customer_data import ClientAddress, CustomerSource
from .customer_reach import NewsletterSignup, PushRegistration
from .customer_relations import CustomerRelation
from .customer_source_records import CustomerSourceRecord
from .events import Event
from .idempotency import IdempotencyKey
from .loyalty import PointBalance, PointRecord, PointReservation, PointType
from .messaging import Message
from .partners import Partner, PartnerRecord
from .people import Client, Staff, StaffAccount
from .products import Product, ProductBrand, ProductCode, ProductGroup
from .purchases import EarningRule, PaymentType, Purchase, PurchaseItem, PurchaseItemType, PurchaseType
from .records import ClientAccess, ClientFieldValue, ClientTag, FieldDefinition, Note, Tag
from .reservable_products import ReservableProduct
from .rewards import Reward, RewardProduct, RewardSegment, RewardStore, RewardTag, RewardType
from .scheduling import Appointment
from .segments import Segment, SegmentGroup, SegmentMember
from .sso import SsoToken
from .statuses import Status, StatusRecord
from .stores import BranchFieldValue, LocationGroup
from .tenancy import ApiToken, Branch, Business, Credential
from .vouchers import Voucher, VoucherRedemption
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookSubscription

__all__ = [
    "ApiToken",
    "Appointment",
    "Base",
    "Branch",
    "BranchFieldValue",
    "Business",
    "Card",
    "CardType",
    "Client",
    "ClientAccess",
    "ClientAddress",
    "ClientFieldValue",
    "ClientTag",
    "Credential",
    "CreditBalance",
    "CreditRecord",
    "CreditType",
    "CustomerRelation",
    "CustomerSource",
    "CustomerSourceRecord",
    "EarningRule",
    "Event",
    "FieldDefinition",
    "IdempotencyKey",
    "LocationGroup",
    "Message",
    "NewsletterSignup",
    "Note",
    "Partner",
    "PartnerRecord",
    "PaymentType",
    "PointBalance",
    "PointRecord",
    "PointReservation",
    "PointType",
    "Product",
    "ProductBrand",
    "ProductCode",
    "ProductGroup",
    "Purchase",
    "PurchaseItem",
    "PurchaseItemType",
    "PurchaseType",
    "PushRegistration",
    "ReservableProduct",
    "Reward",
    "RewardProduct",
    "RewardSegment",
    "RewardStore",
    "RewardTag",
    "RewardType",
    "Segment",
    "SegmentGroup",
    "SegmentMember",
    "SsoToken",
    "Staff",
    "StaffAccount",
    "Status",
    "StatusRecord",
    "Tag",
    "Voucher",
    "VoucherRedemption",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "utcnow",
]
