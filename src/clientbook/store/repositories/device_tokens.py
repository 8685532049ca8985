from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from clientbook.store.models import ApiToken

from ._base import Repository


class DeviceTokenRepository(Repository):
    async def revoke_device(self, business_id: int, realm: str, device_key: str, at: datetime) -> int:
        """Revoke the business's live tokens of `realm` opened for `device_key` (kept in `data`)."""
        result = await self.session.execute(
            update(ApiToken)
            .where(
                ApiToken.business_id == business_id,
                ApiToken.realm == realm,
                ApiToken.revoked_at.is_(None),
                ApiToken.data["device_key"].as_string() == device_key,
            )
            .values(revoked_at=at)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
