"""client search (PostgreSQL): the documents are stored lower-cased and searched with LIKE on the lower-cased word

`document ILIKE '%smith%'` lower-cases every candidate document before matching it (PostgreSQL's ILIKE on UTF-8 is
`lower(document) LIKE lower(pattern)`), and a word that matches many clients rechecks every one of them: at 300,000
clients "smith" rechecks 27,273 documents, and the lower-casing was half of that count's backend CPU. Stored
lower-cased once, when written, a search is `document LIKE lower(pattern)`: the same matches (the same lower() on
both sides as ILIKE applies), the trigram index unchanged (its trigrams were lower-cased already), each recheck a
byte comparison. SQLite's FTS5 trigram table answers LIKE case-insensitively itself and is unchanged.
"""

import importlib

from alembic import op

revision = "0035"
down_revision = "0034"

_SEARCH = importlib.import_module("clientbook.store.migrations.versions.2026-11-23-1040_client_search")
_BY_KEY = importlib.import_module("clientbook.store.migrations.versions.2026-12-02-0420_client_search_by_key")
_DELETE = importlib.import_module("clientbook.store.migrations.versions.2026-12-02-1500_client_search_delete_by_key")

# 0005's view and 0033/0034's trigger functions, each document they build wrapped in lower().
_VIEW_COLUMNS = "c.id AS client_id, "
_VIEW_END = " AS document FROM clients c"


def _lower_view(view: str) -> str:
    head, expression = view.split(_VIEW_COLUMNS)
    assert expression.endswith(_VIEW_END)
    expression = expression.removesuffix(_VIEW_END)
    return f"{head.replace('CREATE VIEW', 'CREATE OR REPLACE VIEW')}{_VIEW_COLUMNS}lower({expression}){_VIEW_END}"


def _lower_documents(function: str, row: str, id_column: str) -> str:
    document = _BY_KEY._document(row, id_column)
    assert document in function
    return function.replace(document, f"lower({document})")


def _functions(lower: bool) -> list[str]:
    clients, children = _DELETE._PG_SYNC_CLIENTS, _BY_KEY._PG_SYNC_CHILDREN
    if lower:
        clients, children = _lower_documents(clients, "w", "id"), _lower_documents(children, "c", "id")
    return [clients, children]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_lower_view(_SEARCH._document_view("string_agg")))
        for function in _functions(lower=True):
            op.execute(function)
        op.execute("UPDATE client_search SET document = lower(document) WHERE document <> lower(document)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_SEARCH._document_view("string_agg").replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
        for function in _functions(lower=False):
            op.execute(function)
        op.execute(
            "UPDATE client_search s SET document = d.document FROM client_search_documents d "
            "WHERE s.business_id = d.business_id AND s.client_id = d.client_id"
        )
