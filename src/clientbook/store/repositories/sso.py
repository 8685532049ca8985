"""Issued single sign-on tokens: recorded at issue, marked used by exactly one auto-login."""

from __future__ import annotations

from datetime import datetime

from clientbook.store.models import SsoToken

from ._base import Repository


class SsoTokenRepository(Repository):
    async def use(self, business_id: int, jti: str, at: datetime) -> bool:
        """Mark the token used; False when it is unknown, used already or expired.

        One conditional UPDATE, so two concurrent auto-logins with the same token cannot both succeed.
        """
        where = (SsoToken.business_id == business_id, SsoToken.jti == jti, SsoToken.used_at.is_(None))
        return bool(await self.update_where(SsoToken, {"used_at": at}, *where, SsoToken.expires_at > at))
