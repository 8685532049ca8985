"""Push registrations and newsletter sign-ups: each looked up by what makes it unique."""

from __future__ import annotations

import builtins

from sqlalchemy import select

from clientbook.store.models import NewsletterSignup, PushRegistration

from ._base import RecordRepository


class PushRegistrationRepository(RecordRepository[PushRegistration]):
    model = PushRegistration

    async def of_device(self, business_id: int, application_id: str, device_id: str) -> PushRegistration | None:
        """The device's registration for the application, cancelled or not (the unique index answers)."""
        return await self.session.scalar(
            select(PushRegistration).where(
                PushRegistration.business_id == business_id,
                PushRegistration.application_id == application_id,
                PushRegistration.device_id == device_id,
            )
        )

    async def live_of_client(
        self, business_id: int, client_id: int, application_id: str, push_token: str | None = None
    ) -> builtins.list[PushRegistration]:
        """The client's live registrations for the application (only the one with `push_token`, when given)."""
        query = select(PushRegistration).where(
            PushRegistration.business_id == business_id,
            PushRegistration.client_id == client_id,
            PushRegistration.application_id == application_id,
            PushRegistration.cancelled_at.is_(None),
        )
        if push_token is not None:
            query = query.where(PushRegistration.push_token == push_token)
        return builtins.list(await self.session.scalars(query.order_by(PushRegistration.id)))


class NewsletterSignupRepository(RecordRepository[NewsletterSignup]):
    model = NewsletterSignup

    async def of_contact(self, business_id: int, contact_key: str) -> NewsletterSignup | None:
        return await self.session.scalar(
            select(NewsletterSignup).where(
                NewsletterSignup.business_id == business_id, NewsletterSignup.contact_key == contact_key
            )
        )
