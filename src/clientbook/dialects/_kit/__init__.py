"""Machinery every dialect shares: context and transaction dependencies, bounded body reading, codecs."""
