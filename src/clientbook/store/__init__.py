"""Persistence: tables, the engine and its transactions, repositories, migrations."""
