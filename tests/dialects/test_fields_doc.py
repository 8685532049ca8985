from __future__ import annotations

from pathlib import Path

from clientbook.dialects.fields_doc import render
from clientbook.dialects.registry import DIALECTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "fields.md"


def test_docs_fields_md_matches_the_dialect_mappings() -> None:
    assert DOC.read_text() == render(), "regenerate: python -m clientbook.dialects.fields_doc > docs/fields.md"


def test_every_dialect_with_a_field_mapping_has_a_column() -> None:
    header = next(line for line in render().splitlines() if line.startswith("| core field"))
    for dialect in DIALECTS:
        if dialect.client_fields or dialect.staff_fields:
            assert f" {dialect.name} " in header
