"""Clientbook: one client-management core, four vendors' REST APIs."""

__version__ = "0.1.0"
