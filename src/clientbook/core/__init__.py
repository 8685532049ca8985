"""The domain core: rules, services and typed errors. No HTTP, no SQL text, no dialect names."""
