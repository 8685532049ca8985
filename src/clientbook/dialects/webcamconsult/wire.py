"""Webcamconsult requests and responses, spelled as seed 002 spells them (vendors.md §3, K3–K8).

Requests keep only the editable attributes: read-only ones sent anyway (`id`, `full_name`, `state`, `orig_date`…)
are ignored (K4). Values stay as sent here; `mapping` turns ids and dates into core values.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from clientbook.dialects._kit.codecs import blank_to_none, is_hex24, lenient_int, parse_iso_date


def _hex_id(value: str) -> str:
    if not is_hex24(value):
        raise ValueError("must be 24 hexadecimal digits")
    return value.lower()


def _iso_text(value: str) -> str:
    parse_iso_date(value)  # the shape is checked here; mapping converts it in the business's time zone
    return value


Text = Annotated[StrictStr | None, BeforeValidator(blank_to_none)]
HexId = Annotated[StrictStr, AfterValidator(_hex_id)]
OptionalHexId = Annotated[HexId | None, BeforeValidator(blank_to_none)]
IsoDateTime = Annotated[StrictStr, AfterValidator(_iso_text)]
OptionalIsoDateTime = Annotated[IsoDateTime | None, BeforeValidator(blank_to_none)]
Gender = Annotated[Literal["male", "female", "other", "unknown"] | None, BeforeValidator(blank_to_none)]
# `external` is shown only as null (seed 002): any JSON scalar is kept as sent.
Scalar = StrictStr | StrictBool | StrictInt | float | None


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=2000)


class UserRequest(_Request):
    titles: Text = None
    initials: Text = None
    last_name: Text = None
    email: Text = None
    address: Text = None
    postal_code: Text = None
    city: Text = None


class ClientRequest(_Request):
    email: Text = None
    titles: Text = None
    initials: Text = None
    surname_prefix: Text = None
    last_name: Text = None
    external: Scalar = None
    gender: Gender = None
    date_of_birth: OptionalIsoDateTime = None
    reference_code: Text = None
    division_ids: list[HexId] | None = Field(default=None, max_length=1000)


class AppointmentRequest(_Request):
    user_id: OptionalHexId = None
    client_id: OptionalHexId = None
    created_by_user_id: OptionalHexId = None
    date: OptionalIsoDateTime = None
    division_id: OptionalHexId = None
    duration: Annotated[Annotated[StrictInt, Field(le=2**31 - 1)] | None, BeforeValidator(lenient_int)] = None
    external_participant_ids: list[HexId] | None = Field(default=None, max_length=1000)
    inloop_json: dict[str, Any] | None = None  # K5: writable, kept as sent


class UserRequestEnvelope(BaseModel):
    """The documented request: the record wrapped in its name (an unwrapped record is accepted too)."""

    user: UserRequest


class ClientRequestEnvelope(BaseModel):
    client: ClientRequest


class AppointmentRequestEnvelope(BaseModel):
    appointment: AppointmentRequest


class User(BaseModel):
    id: str
    titles: str | None
    initials: str | None
    last_name: str | None
    full_name: str
    email: str | None  # K3: the list example's "emails" is a typo
    address: str | None
    postal_code: str | None
    city: str | None
    roles: list[str]


class Client(BaseModel):
    id: str
    email: str | None
    titles: str | None
    initials: str | None
    surname_prefix: str | None
    last_name: str | None
    client_full_name: str
    external: Scalar
    gender: str | None
    date_of_birth: str | None
    reference_code: str | None
    division_ids: list[str]


class ClientListItem(Client):
    authentication_token: str  # K7: in list items only


class Appointment(BaseModel):
    id: str
    user_id: str | None
    client_id: str
    created_by_user_id: str | None
    date: str
    orig_date: str | None
    started_at: str | None
    created_at: str
    state: str
    division_id: str | None
    duration: int | None
    external_participant_ids: list[str]
    inloop_json: dict[str, Any] | None


class UserEnvelope(BaseModel):
    user: User


class ClientEnvelope(BaseModel):
    client: Client


class AppointmentEnvelope(BaseModel):
    appointment: Appointment


class Status(BaseModel):
    status: Literal["ok"] = "ok"


class Errors(BaseModel):
    """422: every refused attribute with its messages (seed 002)."""

    errors: dict[str, list[str]]
