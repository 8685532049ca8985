"""CareCloud request bodies of the customer-account actions: credentials, authentication tokens handed between
applications, device-token setup, password setup, push notifications and newsletter sign-ups."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr

from .wire import Device, RequiredId, Setup, _Wire

Secret = Annotated[StrictStr, Field(max_length=200)]
ApplicationId = Annotated[StrictStr, Field(max_length=128)]


class VerifyCredentials(_Wire):
    """The spec lists `card` and `email`; `phone` is read too, as on the token login."""

    login_type: Literal["email", "phone", "card"]
    login_value: Annotated[StrictStr, Field(max_length=254)]
    password: Secret


class AuthTokenRequest(_Wire):
    customer_id: RequiredId
    external_application_id: ApplicationId
    token_type: Literal[1, 2] = 1  # 1 alphanumeric, 2 numeric


class RedeemAuthToken(_Wire):
    application_id: ApplicationId
    token: Secret
    token_request_id: Secret


class TokenSetup(_Wire):
    setup: Setup
    push_token: Annotated[StrictStr | None, Field(max_length=500)] = None


class ValidateCustomerData(_Wire):
    type: Literal["password", "referral_code"]
    value: Annotated[StrictStr, Field(max_length=200)]


class PasswordSetupRequest(_Wire):
    """`recipient` is the e-mail address; the deprecated `email` still works."""

    email: Annotated[StrictStr | None, Field(max_length=254)] = None
    recipient: Annotated[StrictStr | None, Field(max_length=254)] = None
    communication_channel_id: Annotated[StrictStr | None, Field(max_length=8)] = None


class SsoLogin(_Wire):
    user_external_application_id: ApplicationId
    sso_token: Annotated[StrictStr, Field(max_length=4000)]


class PushNotifications(_Wire):
    customer_id: RequiredId
    device: Device
    external_application_id: ApplicationId
    push_token: Annotated[StrictStr, Field(min_length=1, max_length=500)]


class CancelPushNotifications(_Wire):
    customer_id: RequiredId
    external_application_id: ApplicationId
    push_token: Annotated[StrictStr | None, Field(max_length=500)] = None


class CustomAgreement(_Wire):
    agreement_id: RequiredId
    agreement_value: Literal[0, 1, 2]


class Agreements(_Wire):
    """0 refused, 1 given, 2 not set (the spec's consent values)."""

    agreement_gtc: Literal[0, 1, 2] | None = None
    agreement_profiling: Literal[0, 1, 2] | None = None
    agreement_marketing_communication: Literal[0, 1, 2] | None = None
    custom_agreements: Annotated[list[CustomAgreement] | None, Field(max_length=1000)] = None


class PartnerRecord(_Wire):
    partner_id: RequiredId


class NewsletterSignUp(_Wire):
    contact: Annotated[StrictStr, Field(max_length=254)]
    customer_source_id: RequiredId
    agreements: Agreements | None = None
    language_id: Annotated[StrictStr | None, Field(max_length=8)] = None
    partner_records: Annotated[list[PartnerRecord] | None, Field(max_length=1000)] = None
