"""The `clientbook` command: serve, worker, db, tenant, credentials, account, export, import, sms, webhook, loyalty,
reservable-products, stores, statuses, customer-properties."""

from __future__ import annotations

import typer

from . import (
    account,
    credentials,
    customer_properties,
    db,
    loyalty,
    reservable_products,
    serve,
    sms,
    statuses,
    stores,
    tenant,
    transfer,
    webhook,
    worker,
)

app = typer.Typer(help="Clientbook: a self-hosted client-management server.", no_args_is_help=True)
app.command("serve")(serve.serve)
app.command("worker")(worker.worker)
app.command("demo")(tenant.demo)
app.add_typer(db.app, name="db")
app.add_typer(tenant.app, name="tenant")
app.add_typer(credentials.app, name="credentials")
app.add_typer(account.app, name="account")
app.add_typer(sms.app, name="sms")
app.add_typer(transfer.export_app, name="export")
app.add_typer(transfer.import_app, name="import")
app.add_typer(webhook.app, name="webhook")
app.add_typer(loyalty.app, name="loyalty")
app.add_typer(reservable_products.app, name="reservable-products")
app.add_typer(stores.app, name="stores")
app.add_typer(statuses.app, name="statuses")
app.add_typer(customer_properties.app, name="customer-properties")


def main() -> None:
    app()
