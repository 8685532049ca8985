"""The fuzz stage (`make fuzz`, run by CI after `make test`): schemathesis against each dialect's own served OpenAPI
document on a real server, on SQLite and on PostgreSQL. See `tests/fuzz/__main__.py`."""
