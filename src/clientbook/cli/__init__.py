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
for name, command in (("serve", serve.serve), ("worker", worker.worker), ("demo", tenant.demo)):
    app.command(name)(command)
# `clientbook <group> …`, in the order `--help` lists them.
GROUPS = (
    ("db", db.app),
    ("tenant", tenant.app),
    ("credentials", credentials.app),
    ("account", account.app),
    ("sms", sms.app),
    ("export", transfer.export_app),
    ("import", transfer.import_app),
    ("webhook", webhook.app),
    ("loyalty", loyalty.app),
    ("reservable-products", reservable_products.app),
    ("stores", stores.app),
    ("statuses", statuses.app),
    ("customer-properties", customer_properties.app),
)
for name, group in GROUPS:
    app.add_typer(group, name=name)


def main() -> None:
    app()
