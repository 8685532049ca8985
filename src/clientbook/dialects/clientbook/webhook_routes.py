"""Native API: webhook subscriptions, their delivery log, tests and replays; and restoring a deleted client."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from clientbook.core import clients, webhooks
from clientbook.core.errors import Reason, ValidationFailed
from clientbook.edge.body import refuse_unreadable_json
from clientbook.edge.deps import ContextDep, SessionDep

from . import mapping, wire
from .auth import TenantDep

# Bodies are read by FastAPI into the wire models; the edge refuses first what no dialect takes (NaN, NUL...).
router = APIRouter(prefix="/webhooks", tags=["webhooks"], dependencies=[Depends(refuse_unreadable_json)])


@router.post("", status_code=201, response_model=wire.CreatedWebhook, summary="Subscribe a URL to changes")
async def create_webhook(
    body: wire.WebhookRequest, tenant: TenantDep, session: SessionDep, context: ContextDep
) -> wire.CreatedWebhook:
    new = webhooks.NewSubscription(body.url, body.types)
    return mapping.to_wire_created(await webhooks.create(session, tenant, new, context.secret_key))


@router.get("", response_model=list[wire.Webhook], summary="The business's webhook subscriptions")
async def list_webhooks(tenant: TenantDep, session: SessionDep) -> list[wire.Webhook]:
    return [mapping.to_wire_webhook(s) for s in await webhooks.list_all(session, tenant)]


@router.get("/{webhook_id}", response_model=wire.Webhook, summary="One subscription")
async def get_webhook(webhook_id: int, tenant: TenantDep, session: SessionDep) -> wire.Webhook:
    return mapping.to_wire_webhook(await webhooks.get(session, tenant, webhook_id))


@router.post("/{webhook_id}/enable", response_model=wire.Webhook, summary="Enable; delivery resumes where it stopped")
async def enable_webhook(webhook_id: int, tenant: TenantDep, session: SessionDep) -> wire.Webhook:
    return mapping.to_wire_webhook(await webhooks.set_enabled(session, tenant, webhook_id, True))


@router.post("/{webhook_id}/disable", response_model=wire.Webhook, summary="Stop delivering until enabled")
async def disable_webhook(webhook_id: int, tenant: TenantDep, session: SessionDep) -> wire.Webhook:
    return mapping.to_wire_webhook(await webhooks.set_enabled(session, tenant, webhook_id, False))


@router.get("/{webhook_id}/deliveries", response_model=wire.Deliveries, summary="The delivery log")
async def list_deliveries(webhook_id: int, tenant: TenantDep, session: SessionDep, limit: int = 100) -> wire.Deliveries:
    return mapping.to_wire_deliveries(await webhooks.log(session, tenant, webhook_id, limit=limit))


@router.post("/{webhook_id}/test", status_code=202, response_model=wire.Deliveries, summary="Send a test message")
async def test_webhook(webhook_id: int, tenant: TenantDep, session: SessionDep) -> wire.Deliveries:
    delivery = await webhooks.send_test(session, tenant, webhook_id)
    return mapping.to_wire_deliveries([webhooks.LoggedDelivery(delivery, [])])


@router.post("/{webhook_id}/replay", status_code=202, response_model=wire.Deliveries, summary="Send deliveries again")
async def replay(webhook_id: int, body: wire.ReplayRequest, tenant: TenantDep, session: SessionDep) -> wire.Deliveries:
    """One delivery (`delivery_id`) or every delivery first enqueued in [`since`, `until`), with the same body and
    `webhook-id` as before."""
    if body.delivery_id is not None:
        again = [await webhooks.replay_delivery(session, tenant, body.delivery_id, subscription_id=webhook_id)]
    elif body.since is not None:
        again = await webhooks.replay_range(session, tenant, webhook_id, body.since, body.until)
    else:
        raise ValidationFailed.single("delivery_id", Reason.REQUIRED, "give delivery_id, or since (and until)")
    return mapping.to_wire_deliveries([webhooks.LoggedDelivery(d, []) for d in again])


clients_router = APIRouter(prefix="/clients", tags=["clients"], dependencies=[Depends(refuse_unreadable_json)])


@clients_router.post("/{client_id}/restore", response_model=wire.Restored, summary="Undo a client's soft delete")
async def restore_client(client_id: int, tenant: TenantDep, session: SessionDep) -> wire.Restored:
    """The feed lists it as `client.restored`. A client merged into another is refused (409)."""
    client = await clients.restore(session, tenant, client_id)
    return wire.Restored(id=client.id, deleted=client.deleted_at is not None)
