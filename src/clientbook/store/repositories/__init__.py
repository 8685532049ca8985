"""All queries live here. Every method takes the business id first (DESIGN rule 3), except the few global
lookups that find the business (credentials, tokens, account numbers)."""
