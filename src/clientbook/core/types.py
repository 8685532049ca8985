"""Ids, the request's tenant, and the enumerations every dialect maps onto."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from sqlalchemy.ext.asyncio import AsyncSession

BusinessId = NewType("BusinessId", int)
BranchId = NewType("BranchId", int)
StaffId = NewType("StaffId", int)
ClientId = NewType("ClientId", int)

# A new short transaction each time it is entered (`Database.transaction`): what streaming reads take.
Transaction = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass(frozen=True, slots=True)
class Tenant:
    """Who is asking: resolved from credentials at the edge and passed to every core call."""

    business_id: int
    time_zone: str = "UTC"
    default_region: str = "US"
    language: str = "en"
    branch_id: int | None = None
    actor: str | None = None
    client_id: int | None = None  # set when a client (CareCloud customer login) acts for themselves
    staff_id: int | None = None

    def with_branch(self, branch_id: int | None) -> Tenant:
        return Tenant(
            self.business_id,
            self.time_zone,
            self.default_region,
            self.language,
            branch_id,
            self.actor,
            self.client_id,
            self.staff_id,
        )


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


class StaffType(StrEnum):
    POWER_USER = "power_user"
    USER = "user"
    COORDINATOR = "coordinator"


class ClientType(StrEnum):
    LEAD = "lead"
    ACTIVE = "active"
    INACTIVE = "inactive"


class ClientStatus(StrEnum):
    ACTIVE = "active"
    BLACKLISTED = "blacklisted"


class ContactMethod(StrEnum):
    NONE = "none"
    SMS = "sms"
    PHONE = "phone"


class Language(StrEnum):
    """Languages a client may prefer; ISO 639-1, lowercase."""

    EN = "en"
    FR = "fr"
    ES = "es"
    NL = "nl"
    DE = "de"
    CS = "cs"
