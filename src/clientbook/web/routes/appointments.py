"""The front desk's appointments: a day or a week, of the whole business, one branch or one staff member, whichever
dialect booked them (issue 17)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from clientbook.core import appointment_lists, staff, tenants
from clientbook.core.appointment_lists import View
from clientbook.core.errors import BranchNotFound, Reason, StaffNotFound, ValidationFailed
from clientbook.edge.deps import SessionDep

from ..pages import Pager, page, page_number, record_id
from ..sessions import CurrentUser

router = APIRouter()
STAFF_CHOICES = 500


def _day(raw: str | None, default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise ValidationFailed.single("date", Reason.INVALID_FORMAT, "date must be a day, YYYY-MM-DD", raw) from None


def _optional_id(raw: str | None, error: type[BranchNotFound] | type[StaffNotFound]) -> int | None:
    return record_id(raw, error) if raw and raw.strip() else None


@router.get("/appointments")
async def appointments(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """`view=day|week` (default day), `date=YYYY-MM-DD` (default today, in the business's time zone),
    `branch=ID`, `staff=ID`, `page=N`."""
    query = request.query_params
    view: View = "week" if query.get("view") == "week" else "day"
    day = _day(query.get("date"), appointment_lists.today(user.tenant))
    branch_id = _optional_id(query.get("branch"), BranchNotFound)
    staff_id = _optional_id(query.get("staff"), StaffNotFound)
    number = page_number(query.get("page"))
    calendar = await appointment_lists.calendar(
        session,
        user.tenant,
        view=view,
        day=day,
        branch_id=branch_id,
        staff_id=staff_id,
        offset=(number - 1) * appointment_lists.MAX_PAGE,
    )
    params = {"view": view, "date": day.isoformat(), "branch": str(branch_id or ""), "staff": str(staff_id or "")}
    step = timedelta(days=7 if view == "week" else 1)

    def moved(by: timedelta | None) -> str:
        """The same view and filters on another day (`None`: today, the default date)."""
        on = {"date": (day + by).isoformat() if by is not None else ""}
        return "/appointments?" + urlencode({k: v for k, v in (params | on).items() if v})

    values = {
        "section": "appointments",
        "calendar": calendar,
        "view": view,
        "day": day,
        "branch_id": branch_id,
        "staff_id": staff_id,
        "branches": await tenants.list_branches(session, user.tenant),
        "staff_members": await staff.list(session, user.tenant, limit=STAFF_CHOICES),
        "earlier": moved(-step),
        "later": moved(step),
        "today": moved(None),
        "zone_info": appointment_lists.zone_of(user.tenant),
        "pager": Pager(
            number,
            calendar.limit,
            calendar.total,
            calendar.offset + len(calendar.rows) < calendar.total,
            "/appointments",
            params,
        ),
    }
    return await page(request, session, user, "appointments.html", values)
