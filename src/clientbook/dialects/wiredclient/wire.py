"""Wired Client requests and responses, spelled as seed 000 spells them (sections 1 and 2)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

from clientbook.dialects._kit.codecs import blank_to_none, lenient_int, parse_datetime_or_time, parse_ymd

Int = Annotated[Annotated[int, Field(ge=0, le=2**63 - 1)] | None, BeforeValidator(lenient_int)]
Ymd = Annotated[date | None, BeforeValidator(parse_ymd)]
DateTimeOrTime = Annotated[datetime | time | None, BeforeValidator(parse_datetime_or_time)]
Text = Annotated[StrictStr | None, BeforeValidator(blank_to_none)]


StaffType = Annotated[Literal[2, 3, 4] | None, BeforeValidator(lenient_int)]
ClientType = Annotated[Literal[1, 2, 3] | None, BeforeValidator(lenient_int)]
Gender = Annotated[Literal[1, 2, 3, 4] | None, BeforeValidator(lenient_int)]
ContactMethod = Annotated[Literal[0, 1, 3] | None, BeforeValidator(lenient_int)]
Virtual = Annotated[Literal[0, 1] | None, BeforeValidator(lenient_int)]
Language = Annotated[
    Literal["EN", "FR", "ES"] | None, BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v)
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=2000)


class Credentials(_Wire):
    """Every call carries these (vendors.md W3: api_key is mandatory everywhere)."""

    api_key: StrictStr
    api_password: StrictStr
    account_number: StrictStr


class StaffRequest(Credentials):
    id: Int = None
    staff_type: StaffType = None
    job_title: Text = None
    job_description: Text = None
    first_name: StrictStr
    last_name: StrictStr
    main_phone: Text = None
    mobile_phone1: Text = None
    email_address1: StrictStr
    street: Text = None
    city: Text = None
    region: Text = None
    postal_code: Text = None
    country: Text = None


class PendingAppointment(_Wire):
    appointment_date: Ymd = None
    appointment_time: DateTimeOrTime = None
    appointment_account_number: Text = None
    appointment_staff_id: Int = None
    appointment_staff_name: Text = None
    appointment_virtual: Virtual = None


class ClientRequest(Credentials):
    id: Int = None
    first_name: StrictStr
    last_name: StrictStr
    preferred_language: Language = None
    staff_id: Int = None
    staff_name: Text = None
    client_type: ClientType = None
    gender: Gender = None
    birthday: Ymd = None
    guardian: bool | None = None
    guardian_first_name: Text = None
    guardian_last_name: Text = None
    mobile_phone1: StrictStr
    email_address1: Text = None
    street: Text = None
    city: Text = None
    region: Text = None
    postal_code: Text = None
    country: Text = None
    reason: Text = None
    start_date: Ymd = None
    end_date: Ymd = None
    last_visit_date: Ymd = None
    opted_in_date: Ymd = None
    contact_method: ContactMethod = None
    next_appointment_staff_id: Int = None
    next_appointment_staff_name: Text = None
    next_appointment_date: Ymd = None
    next_appointment_time: DateTimeOrTime = None
    pending_appointments: list[PendingAppointment] | None = None
    last_cancelled_date: Ymd = None
    number_of_visits: Annotated[Annotated[int, Field(ge=0, le=2**31 - 1)] | None, BeforeValidator(lenient_int)] = None


class StatusResponse(BaseModel):
    """`id` is the new or existing record's id, 0 when the call failed; `status` 0 is success."""

    id: int
    status: int
    message: str


class SsoCredentials(_Wire):
    """Single sign-on checks the API key pair before any other field (seed 000 §5–6: status 2000)."""

    api_key: StrictStr
    api_password: StrictStr


class SsoRequest(SsoCredentials):
    """Single sign-on to the contact list (§5) or the unread contact list (§6; `contact_id` is not used there)."""

    business_account_number: StrictStr
    account_name: StrictStr
    account_password: StrictStr
    staff_id: Int = None
    contact_id: Int = None


class SsoResponse(BaseModel):
    """`token` and `login_url` are null when the call failed; `status` 0 is success."""

    token: str | None
    login_url: str | None
    status: int
    message: str


class SmsRequest(Credentials):
    """SMS to a staff member (`account_number` = the business) or a client (a branch): seed 000 §3–4."""

    # Long bodies are trimmed to 320 by the core, not refused (W12): only the request size limit bounds them.
    model_config = ConfigDict(extra="ignore", str_max_length=None)

    id: Int
    message: Text = None


class SmsResponse(BaseModel):
    """`smsid` is the new message's id, 0 when the call failed; `status` 0 is success (W11: JSON numbers)."""

    smsid: int
    status: int
    message: str
