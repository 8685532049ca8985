"""The contact list, one contact's conversation, and replies (seed 000 §5–6 land here)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from clientbook.core import conversations, sso
from clientbook.core.errors import NoMobileNumber, OptedOut, Reason, ValidationFailed
from clientbook.core.sso import Contact, ContactType
from clientbook.core.text import is_digits
from clientbook.edge.deps import SessionDep

from .. import sessions
from ..pages import Pager, page, page_number
from ..redirects import messages_list
from ..sessions import CurrentUser, WebUser
from ..templating import secure_headers

router = APIRouter()
PAGE_SIZE = 50


def _contact_id(raw: str | None, field: str) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    if not is_digits(raw.strip()) or len(raw.strip()) > 19:
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} must be a contact number", raw)
    return int(raw)


async def _contact(session: SessionDep, user: WebUser, raw_id: str | None, raw_type: str | None) -> Contact | None:
    """The contact the page is filtered to, from the seed's `contactId` and `contactType` (detected when absent)."""
    contact_id = _contact_id(raw_id, "contactId")
    if contact_id is None:
        return None
    return await sso.find_contact(
        session, user.tenant, contact_id, field="contactId", contact_type=raw_type, type_field="contactType"
    )


async def _page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    contact: Contact | None,
    *,
    unread_only: bool = False,
    kind: ContactType = "client",
    reply_error: str | None = None,
    draft: str = "",
    status_code: int = 200,
) -> Response:
    # The conversation is opened (and read) first, so its row in the list and the header's badge both count it read.
    conversation = None
    if contact is not None:
        conversation = await conversations.open_conversation(
            session, user.tenant, contact, mark_read=status_code == 200
        )
    number = page_number(request.query_params.get("page"))
    found = await conversations.contacts(
        session,
        user.tenant,
        contact=contact,
        unread_only=unread_only,
        kind=kind,
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,
    )
    params = {"contactType": "staff" if kind == "staff" and not unread_only else "", "filter": "unread" * unread_only}
    pager = Pager(number, PAGE_SIZE, None, len(found) > PAGE_SIZE, "/messages/list", params)
    contacts = found[:PAGE_SIZE]
    values: dict[str, Any] = {
        "contacts": contacts,
        "contact": contact,
        "kind": kind,
        "pager": pager,
        "selected": contacts[0] if contact is not None and contacts else None,
        "conversation": conversation if contacts else None,
        "unread_only": unread_only,
        "sent": request.query_params.get("sent"),
        "reply_error": reply_error,
        "draft": draft,
        "link": messages_list,
    }
    return await page(request, session, user, "messages.html", values, status_code)


@router.get("/messages/list")
async def contact_list(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Clients by default (staff with `contactType=staff`); one contact with its conversation when filtered by
    `contactId`; contacts with unread messages with `filter=unread` (seed 000 §5–6)."""
    query = request.query_params
    kind: ContactType = "staff" if query.get("contactType") == "staff" else "client"
    if query.get("contactType") not in (None, "", "client", "staff"):
        message = "contactType must be client or staff"
        raise ValidationFailed.single("contactType", Reason.NOT_ALLOWED, message, query.get("contactType"))
    contact = await _contact(session, user, query.get("contactId"), query.get("contactType"))
    return await _page(request, session, user, contact, unread_only=query.get("filter") == "unread", kind=kind)


@router.post("/messages/reply")
async def reply(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Queue the staff member's reply in the outbox, then show the conversation with it.

    A reply the core refuses (empty, no mobile number, the contact texted STOP) shows the conversation again with
    the reason beside the form and the draft kept; nothing is queued (the refusal comes before any write).
    """
    form = await request.form()
    sessions.check_csrf(user.csrf_token, form.get("csrf_token"))
    contact_type = str(form.get("contact_type") or "")
    contact = await _contact(session, user, str(form.get("contact_id") or ""), contact_type)
    if contact is None:
        raise ValidationFailed.single("contact_id", Reason.REQUIRED, "Choose a contact to reply to")
    body = str(form.get("body") or "")
    try:
        sent = await conversations.reply(session, user.tenant, contact, body)
    except (ValidationFailed, NoMobileNumber, OptedOut) as error:
        return await _page(
            request, session, user, contact, kind=contact.type, reply_error=error.message, draft=body, status_code=400
        )
    location = messages_list(contact_type=contact.type, contact_id=contact.id) + f"&sent={sent.message.id}"
    response = RedirectResponse(location, status_code=303)
    secure_headers(response)
    return response
