"""Typed domain errors. Each carries a stable code and the *core* name of the offending field; every dialect
translates them once, in its own `errors.py` table (DESIGN rule 6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar


class ErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    DELETED = "deleted"
    DUPLICATE = "duplicate"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    TOO_LARGE = "too_large"
    RATE_LIMITED = "rate_limited"
    CONFLICT = "conflict"
    LOGIN_FAILED = "login_failed"
    LOGIN_REQUIRED = "login_required"
    CSRF_REJECTED = "csrf_rejected"
    INTERFACE_NOT_ALLOWED = "interface_not_allowed"


class Reason(StrEnum):
    """Why a field was refused; the vocabulary follows CareCloud's documented `reason` list."""

    REQUIRED = "required"
    EMPTY = "empty"
    INVALID_FORMAT = "invalid_value_format"
    NOT_ALLOWED = "not_allowed_value"
    ALREADY_EXISTS = "already_exists"
    NOT_FOUND = "not_found"
    DELETED = "deleted"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class FieldError:
    field: str
    reason: Reason
    message: str
    value: object = None


class ClientbookError(Exception):
    code: ClassVar[ErrorCode]

    def __init__(self, message: str, *, field: str | None = None, **data: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.data = data

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, field={self.field!r})"


@dataclass
class _Collected:
    errors: list[FieldError] = field(default_factory=list)


class ValidationFailed(ClientbookError):
    """One or more fields were refused; `errors` names every one (Webcamconsult and CareCloud list them all)."""

    code = ErrorCode.INVALID

    def __init__(self, errors: list[FieldError]) -> None:
        first = errors[0]
        super().__init__(first.message, field=first.field)
        self.errors = errors

    @classmethod
    def single(cls, field: str, reason: Reason, message: str, value: object = None) -> ValidationFailed:
        return cls([FieldError(field, reason, message, value)])


class MalformedRequest(ClientbookError):
    """The body is not parseable at all (not JSON, wrong encoding)."""

    code = ErrorCode.INVALID


class PayloadTooLarge(ClientbookError):
    code = ErrorCode.TOO_LARGE


class Unauthorized(ClientbookError):
    code = ErrorCode.UNAUTHORIZED


class LoginFailed(Unauthorized):
    """The login is unknown or the password does not match (one error for staff and customers: no hint which)."""

    code = ErrorCode.LOGIN_FAILED


class InvalidSsoToken(Unauthorized):
    """Forged, expired, already used, or its account is gone: one refusal, no detail for an attacker."""


class LoginRequired(Unauthorized):
    """No live session (the web app): sign in, then go back to `next_path`."""

    code = ErrorCode.LOGIN_REQUIRED

    def __init__(self, next_path: str) -> None:
        super().__init__("Sign in first", next_path=next_path)
        self.next_path = next_path


class Forbidden(ClientbookError):
    code = ErrorCode.FORBIDDEN


class NotAnAdmin(Forbidden):
    """The signed-in staff account has no admin role (the web app's admin pages, issue 17)."""


class CsrfRejected(Forbidden):
    """A form came without the token its session (or its login form) was given."""

    code = ErrorCode.CSRF_REJECTED


class InterfaceNotAllowed(Forbidden):
    """The resource exists, but not for this kind of caller (CareCloud's Customer API asking an Enterprise resource)."""

    code = ErrorCode.INTERFACE_NOT_ALLOWED

    def __init__(self, resource: str, interface: str) -> None:
        super().__init__(f'Resource name "{resource}" is not allowed in {interface} API')
        self.resource = resource
        self.interface = interface


class RateLimited(ClientbookError):
    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)
        self.retry_after = retry_after


class NotFound(ClientbookError):
    code = ErrorCode.NOT_FOUND
    entity: ClassVar[str] = "record"

    def __init__(self, message: str | None = None, *, field: str | None = None, id: object = None, **data: object):
        super().__init__(message or f"{self.entity} {id} not found", field=field, **data)
        self.id = id


class BusinessNotFound(NotFound):
    entity = "business"


class BranchNotFound(NotFound):
    entity = "branch"


class StaffNotFound(NotFound):
    entity = "staff"


class ClientNotFound(NotFound):
    entity = "client"


class AppointmentNotFound(NotFound):
    entity = "appointment"


class MessageNotFound(NotFound):
    entity = "message"


class ContactNotFound(NotFound):
    entity = "contact"


class AddressNotFound(NotFound):
    entity = "address"


class CustomerSourceNotFound(NotFound):
    entity = "customer source"


class SegmentNotFound(NotFound):
    entity = "segment"


class SegmentGroupNotFound(NotFound):
    entity = "segment group"


class NotMember(NotFound):
    entity = "segment membership"


class ResourceNotFound(NotFound):
    """The resource a request's path names does not exist (as opposed to a record a body refers to): dialects that
    tell the two apart answer it as their "no such resource" (CareCloud: 404 with `resource_name`, `resource_id`)."""

    def __init__(self, resource_name: str, resource_id: str, message: str | None = None) -> None:
        super().__init__(message or f"Resource {resource_name} with id {resource_id} was not found", id=resource_id)
        self.resource_name = resource_name
        self.resource_id = resource_id


class PointTypeNotFound(NotFound):
    entity = "point type"


class PointRecordNotFound(NotFound):
    entity = "point record"


class PointReservationNotFound(NotFound):
    entity = "point reservation"


class StatusNotFound(NotFound):
    entity = "status"


class CustomerPropertyNotFound(NotFound):
    entity = "customer property"


class RewardTypeNotFound(NotFound):
    entity = "reward type"


class RewardNotFound(NotFound):
    entity = "reward"


class VoucherNotFound(NotFound):
    entity = "voucher"


class CardTypeNotFound(NotFound):
    entity = "card type"


class CardNotFound(NotFound):
    entity = "card"


class ExternalApplicationNotFound(NotFound):
    entity = "external application"


class InterestNotFound(NotFound):
    entity = "interest"


class CustomerRelationNotFound(NotFound):
    entity = "customer relation"


class CreditTypeNotFound(NotFound):
    entity = "credit type"


class CreditRecordNotFound(NotFound):
    entity = "credit record"


class PartnerNotFound(NotFound):
    entity = "partner"


class PartnerRecordNotFound(NotFound):
    entity = "partner record"


class ProductNotFound(NotFound):
    entity = "product"


class ProductBrandNotFound(NotFound):
    entity = "product brand"


class ProductGroupNotFound(NotFound):
    entity = "product group"


class PurchaseNotFound(NotFound):
    entity = "purchase"


class PurchaseTypeNotFound(NotFound):
    entity = "purchase type"


class PurchaseItemTypeNotFound(NotFound):
    entity = "purchase item type"


class PaymentTypeNotFound(NotFound):
    entity = "payment type"


class WebhookNotFound(NotFound):
    entity = "webhook"


class DeliveryNotFound(NotFound):
    entity = "delivery"


class Deleted(ClientbookError):
    code = ErrorCode.DELETED
    entity: ClassVar[str] = "record"

    def __init__(self, message: str | None = None, *, field: str | None = None, id: object = None, **data: object):
        super().__init__(message or f"{self.entity} {id} is deleted", field=field, **data)
        self.id = id


class StaffDeleted(Deleted):
    entity = "staff"


class ClientDeleted(Deleted):
    entity = "client"


class Duplicate(ClientbookError):
    code = ErrorCode.DUPLICATE


class DuplicateMobile(Duplicate):
    """Another active client of the business has this mobile number (a refusal Wired Client asks for)."""


class DuplicateEmail(Duplicate):
    """Another live client of the business has this e-mail address (a refusal CareCloud asks for); `data["value"]`
    is the address as given."""


class AlreadyMember(Duplicate):
    """The client is in the segment already."""


class Conflict(ClientbookError):
    code = ErrorCode.CONFLICT


class NoMobileNumber(ClientbookError):
    """The recipient of an SMS has no mobile number to send it to."""

    code = ErrorCode.INVALID


class OptedOut(ClientbookError):
    """The recipient texted STOP and has not texted START since: nothing may be sent to them."""

    code = ErrorCode.FORBIDDEN


class CredentialNotFound(NotFound):
    entity = "credential"


class AccountNotFound(NotFound):
    entity = "staff_account"


class IdempotencyKeyReused(ValidationFailed):
    """An `Idempotency-Key` already answered a different request (method, path or body): 422 in the IETF draft."""

    def __init__(self, message: str = "this Idempotency-Key was used for a different request") -> None:
        super().__init__([FieldError("idempotency_key", Reason.NOT_ALLOWED, message)])


class IdempotencyKeyInUse(Conflict):
    """The first request with this `Idempotency-Key` is still running: 409 in the IETF draft; retry later."""

    def __init__(self, message: str = "a request with this Idempotency-Key is still in progress") -> None:
        super().__init__(message, field="idempotency_key")


class ReservableProductNotFound(NotFound):
    entity = "reservable product"


class StorePropertyNotFound(NotFound):
    entity = "store property"


class StoreGroupNotFound(NotFound):
    entity = "store group"
