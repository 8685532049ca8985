"""`clientbook customer-properties add LABEL --business ACCOUNT_NUMBER`: a custom client field, which CareCloud
serves as a customer property (and TimeTap as a UDF scheduler field)."""

from __future__ import annotations

import typer

from clientbook.core import fields

from ._fields import add_command

app = typer.Typer(help="Customer properties (custom client fields).", no_args_is_help=True)
add_command(app, "add", "customer", fields.create)
