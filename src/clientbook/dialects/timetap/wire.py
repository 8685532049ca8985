"""TimeTap request shapes, spelled as the vendor spells them (seed 001 object tables; vendors.md T5–T12).

Responses are plain dicts built by `mapping` (lists of thousands of clients render faster without a model per row).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

MAX_ID = 2**63 - 1
Id = Annotated[StrictInt, Field(ge=-MAX_ID, le=MAX_ID)]  # 64-bit, like every id in the database


def _no_nul(value: Any) -> Any:
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and "\x00" in t for t in texts):
        raise ValueError("must not contain NUL characters")
    return value


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    _text = field_validator("*", mode="after")(_no_nul)


class TimeZone(_Wire):
    """The Timezones object; the seed shows `{timeZoneId, timeZoneCode, timeZoneDesc, visible, sortOrder}`."""

    timeZoneId: Id | None = None
    timeZoneCode: str | None = None
    timeZoneDesc: str | None = None


class FieldValue(_Wire):
    """One element of `fields` (a scheduler field with its value), found by id or, for built-in fields, by code."""

    schedulerPreferenceFieldDefnId: Id | None = None
    code: str | None = None
    value: str | StrictInt | float | StrictBool | None = None


class ClientRequest(_Wire):
    """The writable properties of a client (read-only ones such as createdDate are ignored)."""

    clientId: Id | None = None
    firstName: str | None = None
    lastName: str | None = None
    fullName: str | None = None
    emailAddress: str | None = None
    cellPhone: str | None = None
    homePhone: str | None = None
    businessPhone: str | None = None
    dateOfBirth: str | StrictInt | None = None
    sex: str | None = None
    companyName: str | None = None
    externalUserName: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    county: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    locale: str | None = None
    status: str | None = None
    timeZone: TimeZone | str | None = None
    timeZoneCode: TimeZone | str | None = None
    password: str | None = None
    notes: str | None = None
    tags: list[str] | None = None
    fields: list[FieldValue] | None = None
    viewClientAccountIds: list[Id] | None = None
    clientIdsClientCanView: list[Id] | None = None
    allowWaitListText: StrictBool | None = None
    invitationOptIn: StrictBool | None = None
    imageUrl: str | None = None
    excludeEmailCategoryIdList: list[Id] | None = None
    excludeEmailTemplateIdList: list[Id] | None = None


# Properties kept as given in the client's `extra["timetap"]` (no core column; echoed back on read).
PASSTHROUGH = (
    "allowWaitListText",
    "invitationOptIn",
    "imageUrl",
    "excludeEmailCategoryIdList",
    "excludeEmailTemplateIdList",
)

# Always null: integrations Clientbook does not run (the seed's examples show them null).
NULL_PROPERTIES = (
    "alertNotes",
    "authnetCustomerId",
    "infusionsoftContactId",
    "jobRequisitionNumbersAccepted",
    "jobRequisitionNumbersDeclined",
    "jobRequisitionNumbersSent",
    "requisitionIdsAccepted",
    "requisitionIdsDeclined",
    "requisitionIdsSent",
    "salesforceContactId",
    "salesforcePersonId",
    "squareCustomerId",
    "stripeCustomerId",
    "ssn",
    "viewByClients",
    "viewClients",
)


def example_client() -> dict[str, Any]:
    """The minimal create body the vendor documents (for the OpenAPI page)."""
    return {
        "firstName": "Jane",
        "lastName": "Doe",
        "fullName": "Jane Doe",
        "emailAddress": "jane@example.com",
        "fields": [],
        "locale": "en-US",
        "tags": [],
    }


class FieldProblem(BaseModel):
    field: str | None
    reason: str
    errorMessage: str


class ErrorResponse(BaseModel):
    """Every TimeTap refusal: the HTTP status is the signal (vendors.md §1), the body names the field."""

    errorMessage: str
    field: str | None = None
    status: int
    errors: list[FieldProblem] | None = None
