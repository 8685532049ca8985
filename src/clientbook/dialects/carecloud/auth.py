"""CareCloud authentication (vendors.md §2, C1): Bearer tokens on both interfaces, and the deprecated HTTP Basic forms
the seed describes ("login and password", "user name and token").

Enterprise: `tenant create` issues a login, a random password and an external application id. The password is
random, so only its keyed hash is stored (DESIGN rule 7) and `POST /users/actions/login` checks it in microseconds.
The deprecated Basic form sends `sha256(md5(password) + YYYYMMDDHH)`, which can only be checked by someone who knows
`md5(password)`; a keyed hash per hour cannot be precomputed for every future hour. So we also keep `md5(password)`,
encrypted (Fernet, AES-128-CBC + HMAC) under a key derived from the server key: a database dump alone reveals
neither the password nor its md5, and the check stays a decryption plus two hashes per request.

Customer interface: `POST /tokens` with the business's external application id opens a device token (72 hex
digits, no expiry; a new token for the same device and application revokes the old one); logging in binds a client
to it, and every customer-interface call then acts as that client.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from cryptography.fernet import Fernet, InvalidToken
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import (
    accounts,
    auth_tokens,
    credentials,
    customer_sessions,
    customer_sources,
    secrets,
    segments,
    tenants,
)
from clientbook.core.errors import Forbidden, Unauthorized
from clientbook.core.types import Tenant
from clientbook.edge import idempotency, ratelimit
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.store.models import ApiToken, Business, Staff

from .conventions import Interface, interface_of

REALM = "carecloud"  # enterprise logins (key = login) and every CareCloud token
APP_REALM = "carecloud-app"  # external application ids (key = the id): they name the business
ENTERPRISE = "enterprise"
CUSTOMER = "customer"
TOKEN_TTL = timedelta(hours=7)  # vendors.md §2: "valid for 7 h by default"
# Authentication tokens handed between applications live beside every other CareCloud token.
AUTH_TOKEN_REALMS = auth_tokens.Realms(tokens=REALM, applications=APP_REALM)


@dataclass(frozen=True)
class Caller:
    """Who is calling, on which interface; `tenant.client_id` is the logged-in customer (customer interface)."""

    tenant: Tenant
    interface: Interface
    token: ApiToken | None = None
    login: str | None = None

    @property
    def customer_id(self) -> int | None:
        return self.tenant.client_id


# ---- issuing -----------------------------------------------------------------------------------------------------


def _fernet(server_key: str) -> Fernet:
    key = hmac.new(server_key.encode(), b"carecloud-basic-auth-md5", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def md5_hex(password: str) -> str:
    return hashlib.md5(password.encode(), usedforsecurity=False).hexdigest()


def basic_digest(password_md5: str, at: datetime) -> str:
    """What the deprecated Basic scheme sends as the password: sha256(md5(password) + YYYYMMDDHH in UTC)."""
    return hashlib.sha256((password_md5 + at.astimezone(UTC).strftime("%Y%m%d%H")).encode()).hexdigest()


async def issue_credentials(session: AsyncSession, context: Context, business_id: int) -> dict[str, str]:
    login = f"webservice-{secrets.new_hex(4)}"
    password = secrets.new_secret(18)
    application_id = secrets.new_hex(13)
    sealed = _fernet(context.secret_key).encrypt(md5_hex(password).encode()).decode()
    await credentials.issue_key_pair(
        session,
        context.secret_key,
        business_id,
        REALM,
        key=login,
        secret=password,
        extra={"external_application_id": application_id, "basic_md5": sealed},
    )
    await credentials.issue_key_pair(session, context.secret_key, business_id, APP_REALM, key=application_id)
    defaults = Tenant(business_id, actor="cli")
    await customer_sources.ensure_defaults(session, defaults)
    await segments.ensure_defaults(session, defaults)
    return {"login": login, "password": password, "external_application_id": application_id}


async def rotate_credentials(
    session: AsyncSession, context: Context, business_id: int, grace: timedelta, now: datetime
) -> dict[str, str]:
    """A new password for the webservice login (the login and the external application id stay); the old password,
    in both the login and the Basic forms, works until `now + grace`."""
    password = secrets.new_secret(18)
    current = await credentials.live_key_of(session, business_id, REALM)
    sealed = _fernet(context.secret_key).encrypt(md5_hex(password).encode()).decode()
    extra = {"basic_md5": sealed, "previous_basic_md5": current.extra.get("basic_md5") if current else None}
    credential = await credentials.rotate_key_pair(
        session,
        context.secret_key,
        Tenant(business_id, actor="cli"),
        REALM,
        secret=password,
        grace=grace,
        now=now,
        extra=extra,
    )
    application_id = str(credential.extra.get("external_application_id", ""))
    return {"login": credential.key_id, "password": password, "external_application_id": application_id}


# ---- enterprise login --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoggedIn:
    token: str
    record: ApiToken
    business: Business
    staff: Staff | None  # a staff member's own login; None for the project's webservice login


async def login(
    request: Request, session: AsyncSession, context: Context, application_id: str, login_name: str, password: str
) -> LoggedIn:
    """The webservice login `tenant create` issued, or a staff member's web-app account (users are staff). Minting
    is rate limited per login and per client address."""
    await ratelimit.charge_minting(request, REALM, f"login:{login_name}")
    found = await credentials.find_key(session, REALM, login_name)
    if found is not None:
        credential, business = found
        if not credentials.credential_matches(context.secret_key, credential, password) or not hmac.compare_digest(
            str(credential.extra.get("external_application_id", "")), application_id
        ):
            raise Unauthorized("Invalid login, password or external application id")
        subject: tuple[str, int] = ("credential", credential.id)
        member = None
    else:
        application = await credentials.find_key(session, APP_REALM, application_id)
        if application is None:
            raise Unauthorized("Invalid login, password or external application id")
        business = application[1]
        signed = await accounts.authenticate(session, tenants.tenant_of(business), login_name, password)
        member = signed.staff
        subject = ("staff", member.id)
    return await open_bearer(session, context, business, subject, login_name, member)


async def open_bearer(
    session: AsyncSession,
    context: Context,
    business: Business,
    subject: tuple[str, int],
    login_name: str,
    member: Staff | None,
) -> LoggedIn:
    """A 40-hex bearer token valid `TOKEN_TTL` for the subject (the webservice credential or a staff member)."""
    token, record = await credentials.issue_token(
        session,
        context.secret_key,
        business.id,
        REALM,
        ENTERPRISE,
        token=secrets.new_hex(20),
        ttl=TOKEN_TTL,
        subject_type=subject[0],
        subject_id=subject[1],
        data={"login": login_name},
    )
    return LoggedIn(token, record, business, member)


def user_id_of(record: ApiToken) -> str:
    """A staff member's token names the staff id; the webservice login names itself."""
    if record.subject_type == "staff" and record.subject_id is not None:
        return str(record.subject_id)
    return str(record.data.get("login") or "")


def webservice_user(login_name: str, business: Business) -> dict[str, Any]:
    """The API login as a CareCloud user (it is no staff member: the project's `webservice` user)."""
    return {
        "user_id": login_name,
        "login": login_name,
        "first_name": business.name,
        "last_name": "API",
        "email": "",
        "user_role_ids": ["webservice"],
    }


async def webservice_user_named(session: AsyncSession, business_id: int, login_name: str) -> dict[str, Any] | None:
    """The business's webservice login as a user, when `login_name` is it (another business's login is nobody)."""
    found = await credentials.find_key(session, REALM, login_name)
    if found is None or found[1].id != business_id:
        return None
    return webservice_user(found[0].key_id, found[1])


# ---- customer device tokens --------------------------------------------------------------------------------------


async def open_device_token(
    request: Request,
    session: AsyncSession,
    context: Context,
    application_id: str,
    device: dict[str, Any],
    data: dict[str, Any],
) -> str:
    """A device token of the application's business; minting is rate limited per application id and per address."""
    await ratelimit.charge_minting(request, REALM, f"application:{application_id}")
    found = await credentials.find_key(session, APP_REALM, application_id)
    if found is None:
        raise Forbidden("Unknown external_application_id", field="external_application_id")
    business = found[1]
    await idempotency.claim(context, session, tenants.tenant_of(business, actor=f"{REALM}:{application_id[:8]}"))
    device_key = hashlib.sha256(f"{application_id}\0{device['device_id']}".encode()).hexdigest()
    await customer_sessions.revoke_device(session, business.id, REALM, device_key)
    token, _record = await credentials.issue_token(
        session,
        context.secret_key,
        business.id,
        REALM,
        CUSTOMER,
        token=secrets.new_hex(36),
        data={**data, "device_key": device_key, "external_application_id": application_id},
    )
    return token


# ---- authenticating requests -------------------------------------------------------------------------------------


def _credentials(request: Request) -> tuple[str, str, str] | None:
    """(scheme, user, secret) from the Authorization header; the Bearer form has no user."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return "bearer", "", value
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, _, secret = decoded.partition(":")
        return "basic", user, secret
    return None


async def _enterprise_basic(session: AsyncSession, context: Context, login_name: str, digest: str) -> Tenant | None:
    found = await credentials.find_key(session, REALM, login_name)
    if found is None:
        return None
    credential = found[0]
    sealed = [credential.extra.get("basic_md5")]
    if credentials.in_grace(credential):  # the password before a rotation, until its grace ends
        sealed.append(credential.extra.get("previous_basic_md5"))
    now = datetime.now(UTC)
    for value in sealed:
        try:
            password_md5 = _fernet(context.secret_key).decrypt(str(value).encode()).decode()
        except (InvalidToken, ValueError):
            continue
        # The current hour, and the neighbours for clocks a little off at the turn of the hour.
        for shift in (0, -1, 1):
            if hmac.compare_digest(basic_digest(password_md5, now + timedelta(hours=shift)), digest.lower()):
                return tenants.tenant_of(found[1], actor=f"carecloud:{login_name}")
    return None


async def _token(session: AsyncSession, context: Context, token: str, kind: str) -> tuple[ApiToken, Business] | None:
    found = await credentials.find_token(session, context.secret_key, REALM, token)
    if found is None or found[0].kind != kind:
        return None
    return found


async def authenticate(request: Request, context: ContextDep, session: SessionDep) -> Caller:
    """The caller, the request counted against its login (enterprise: bearer tokens and Basic alike, so a fresh token
    or the scheme's spelling is no fresh budget) or its device token; refused, against the client address."""
    try:
        caller = await _caller(request, context, session)
    except Unauthorized:
        await ratelimit.charge_address(request, REALM)
        raise
    await ratelimit.charge(request, REALM, caller.tenant)
    await idempotency.claim(context, session, caller.tenant)
    return caller


async def _caller(request: Request, context: Context, session: AsyncSession) -> Caller:
    interface = interface_of(request)
    given = _credentials(request)
    if given is None:
        raise Unauthorized("Missing or malformed Authorization header (Bearer or Basic)")
    scheme, user, secret = given
    if interface is Interface.ENTERPRISE:
        if scheme == "basic":
            tenant = await _enterprise_basic(session, context, user, secret)
            if tenant is None:
                raise Unauthorized("Invalid login or password")
            return Caller(tenant, interface, None, user)
        found = await _token(session, context, secret, ENTERPRISE)
        if found is None:
            raise Unauthorized("Invalid or expired bearer token")
        record, business = found
        login_name = str(record.data.get("login") or "")
        tenant = tenants.tenant_of(business, actor=f"carecloud:{login_name}")
        if record.subject_type == "staff":
            tenant = replace(tenant, staff_id=record.subject_id)
        return Caller(tenant, interface, record, login_name)
    found = await _token(session, context, secret, CUSTOMER)
    if found is None:
        raise Unauthorized("Invalid token")
    record, business = found
    tenant = tenants.tenant_of(business, actor=f"carecloud:customer:{record.token_hash[:8]}")
    if record.subject_type == customer_sessions.SUBJECT and record.subject_id is not None:
        tenant = replace(tenant, client_id=record.subject_id)
    return Caller(tenant, interface, record)


CallerDep = Annotated[Caller, Depends(authenticate)]


def own_customer(caller: Caller, customer_id: int) -> None:
    """On the customer interface a customer sees only their own records (403 otherwise)."""
    if caller.interface is Interface.CUSTOMER and caller.customer_id != customer_id:
        raise Forbidden("The record does not belong to the logged-in customer", field="customer_id", id=customer_id)


def logged_in_customer(caller: Caller) -> int:
    if caller.customer_id is None:
        raise Forbidden("No customer is logged in to this token")
    return caller.customer_id
