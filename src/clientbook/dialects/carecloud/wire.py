"""CareCloud request bodies (carecloud-openapi.yaml). Read-only fields are accepted and ignored; mandatory fields are
enforced, a child only when its parent structure is present (seed 003 "Mandatory parameters")."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictStr

Text = Annotated[StrictStr | None, Field(max_length=2000)]


def _id_text(value: Any) -> Any:
    """Ids are strings on this wire; accept numbers too."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# The length applies to the string alone: on the union, pydantic would apply it to None too and raise TypeError (a 500
# for `"customer_id": null`).
IdText = Annotated[Annotated[StrictStr, Field(max_length=40)] | None, BeforeValidator(_id_text)]
RequiredId = Annotated[StrictStr, BeforeValidator(_id_text), Field(max_length=40)]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=2000)


class Address(_Wire):
    address1: Text = None
    address2: Text = None
    address3: Text = None
    address4: Text = None
    address5: Text = None
    address6: Text = None
    address7: Text = None
    zip: Text = None
    city: Text = None
    country_code: Text = None


class Consent(_Wire):
    consent_id: RequiredId
    consent_value: Literal[0, 1, 2]


class PersonalInformation(_Wire):
    salutation: Text = None
    gender: Literal[1, 2, 3, 4, 5] | None = None
    first_name: Text = None
    last_name: Text = None
    pre_nominals: Text = None
    post_nominals: Text = None
    birthdate: Text = None
    email: Text = None
    phone: Text = None
    language_id: StrictStr
    store_id: IdText = None
    address: Address | None = None
    agreement: dict[str, Any] | None = None
    consents: list[Consent] | None = Field(default=None, max_length=1000)


class Customer(_Wire):
    personal_information: PersonalInformation


class CustomerSourceRecord(_Wire):
    customer_source_id: RequiredId
    external_id: Text = None


class NewCustomer(_Wire):
    customer: Customer
    customer_source: CustomerSourceRecord
    autologin: StrictBool
    password: Annotated[StrictStr | None, Field(max_length=200)] = None
    referral_code: Text = None


class CustomerUpdate(_Wire):
    customer: Customer
    password: Annotated[StrictStr | None, Field(max_length=200)] = None


class AdditionalAddress(_Wire):
    address_type: RequiredId
    address: Address


class AdditionalAddressBody(_Wire):
    additional_address: AdditionalAddress


class GPS(_Wire):
    gps_longitude: float
    gps_latitude: float


class TimeInterval(_Wire):
    from_: StrictStr = Field(alias="from")
    to: StrictStr


class OpeningDay(_Wire):
    day_id: RequiredId
    time_intervals: list[TimeInterval] = Field(max_length=100)


class Store(_Wire):
    store_code: Annotated[StrictStr, Field(max_length=100)]
    name: Annotated[StrictStr, Field(max_length=200)]
    store_address: Address | None = None
    contact_email: Text = None
    manager_name: Text = None
    phone_number: Text = None
    partner_id: RequiredId
    system_id: RequiredId
    gps_coordinates: GPS | None = None
    url_address: Text = None
    opening: list[OpeningDay] | None = Field(default=None, max_length=1000)
    short_description: Text = None
    registration_id: Text = None


class StoreBody(_Wire):
    store: Store


class BookingItem(_Wire):
    booking_item_id: IdText = None
    customer_id: IdText = None
    time_slot_id: RequiredId
    capacity_taken: int | None = Field(default=None, ge=1, le=10_000)
    booking_item_status: Text = None
    created_at: StrictStr


class UTM(_Wire):
    utm_source: Text = None
    utm_medium: Text = None
    utm_campaign: Text = None


BookingData = StrictStr | list[StrictStr] | dict[str, Any] | None


class Booking(_Wire):
    customer_id: IdText = None
    booking_items: list[BookingItem] = Field(max_length=1000)
    booking_status: Annotated[StrictStr | None, Field(max_length=16)] = None
    utm: UTM | None = None
    data: BookingData = None
    created_at: StrictStr


class BookingBody(_Wire):
    booking: Booking


class BookingChanges(_Wire):
    customer_id: IdText = None
    booking_status: Annotated[StrictStr | None, Field(max_length=16)] = None
    data: BookingData = None


class BookingUpdateBody(_Wire):
    booking: BookingChanges


class NewSegment(_Wire):
    name: Annotated[StrictStr, Field(max_length=200)]
    note: Text = None
    priority: int | None = None


class SegmentCustomer(_Wire):
    customer_id: RequiredId


class Parameter(_Wire):
    parameter_name: Annotated[StrictStr, Field(max_length=100)]
    value: StrictStr


class Message(_Wire):
    message_template_id: RequiredId
    customer_id: RequiredId
    communication_channel_id: Literal[1, 2, 4, 5]
    contact: Text = None
    message_data: list[Parameter] | None = Field(default=None, max_length=1000)


class MessageBody(_Wire):
    message: Message


class Device(_Wire):
    device_id: Annotated[StrictStr, Field(max_length=200)]
    device_system: Annotated[StrictStr, Field(max_length=200)]
    device_name: Annotated[StrictStr, Field(max_length=200)]
    device_type: Annotated[StrictStr, Field(max_length=200)]


class Setup(_Wire):
    language_id: Annotated[StrictStr, Field(max_length=8)]
    allowed_gps: StrictBool
    allowed_notifications: StrictBool


class NewToken(_Wire):
    device: Device
    setup: Setup
    external_application_id: Annotated[StrictStr, Field(max_length=128)]
    push_token: Annotated[StrictStr | None, Field(max_length=500)] = None


class TokenLogin(_Wire):
    login_type: Literal["email", "phone", "card"]
    login_value: Annotated[StrictStr, Field(max_length=254)]
    password: Annotated[StrictStr, Field(max_length=200)]


class UserLogin(_Wire):
    user_external_application_id: Annotated[StrictStr, Field(max_length=128)]
    login: Annotated[StrictStr, Field(max_length=200)]
    password: Annotated[StrictStr, Field(max_length=200)]


class UserLogout(_Wire):
    user_external_application_id: Annotated[StrictStr, Field(max_length=128)]
    bearer_token: Annotated[StrictStr, Field(max_length=200)]


class VerifyAuthToken(_Wire):
    """The spec sends `auth_token`; the vendor's own PHP client sends `{application_id, token}`: both are read."""

    auth_token: Annotated[StrictStr | None, Field(max_length=200)] = None
    token: Annotated[StrictStr | None, Field(max_length=200)] = None
    application_id: Annotated[StrictStr | None, Field(max_length=200)] = None


class RegistrationIdentifier(_Wire):
    type: Literal["email", "phone"]
    value: Annotated[StrictStr, Field(max_length=254)]
