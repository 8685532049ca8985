"""Generate docs/fields.md: a row per core field, a column per dialect, from each dialect's mapping tables.

Run `python -m clientbook.dialects.fields_doc > docs/fields.md`; tests/dialects/test_fields_doc.py fails when the
committed file drifts from the mappings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields

from clientbook.core.clients import ClientChanges
from clientbook.core.staff import StaffChanges
from clientbook.dialects.registry import DIALECTS
from clientbook.edge.contract import Dialect

HEADER = """# Field mapping

How each dialect names the core's fields. Generated from the `CLIENT_FIELDS` and `STAFF_FIELDS` tables in
`src/clientbook/dialects/<dialect>/mapping.py` by `python -m clientbook.dialects.fields_doc > docs/fields.md`; a test
fails when this file drifts from them. A blank cell: the dialect does not carry the field. Core fields are real
columns (searched, filtered, sorted or unique); `extra.*` names live in the per-record JSON extension.
"""


def _table(title: str, core_fields: list[str], tables: Callable[[Dialect], Mapping[str, str]]) -> str:
    columns = [(d.name, tables(d)) for d in DIALECTS if d.client_fields or d.staff_fields]  # the native API maps none
    by_core: dict[str, dict[str, list[str]]] = {}
    for dialect, mapping in columns:
        for wire, core in mapping.items():
            by_core.setdefault(core, {}).setdefault(dialect, []).append(wire)
    rows = core_fields + sorted(set(by_core) - set(core_fields))
    lines = [
        f"## {title}",
        "",
        "| core field | " + " | ".join(n for n, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for core in rows:
        cells = [", ".join(f"`{w}`" for w in sorted(by_core.get(core, {}).get(n, []))) for n, _ in columns]
        lines.append(f"| `{core}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render() -> str:
    client_fields = ["id", *(f.name for f in fields(ClientChanges))]
    staff_fields = ["id", *(f.name for f in fields(StaffChanges))]
    return "\n".join(
        [
            HEADER,
            _table("Clients", client_fields, lambda d: d.client_fields),
            _table("Staff", staff_fields, lambda d: d.staff_fields),
        ]
    )


if __name__ == "__main__":
    print(render(), end="")  # noqa: T201
