"""SMS delivery: providers, the outbox worker, and the /sms sub-app for replies and receipts (issue 3)."""

from .inbound import create_app
from .service import delivery_worker

__all__ = ["create_app", "delivery_worker"]
