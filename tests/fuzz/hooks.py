"""schemathesis hooks (loaded through SCHEMATHESIS_HOOKS): Wired Client authenticates in the JSON body, so every
generated object body gets the business's key pair and branch account number (seed 000) in place of whatever was
generated for them; a body that is no object is sent as generated (and refused before authentication)."""

from __future__ import annotations

import json
import os
from typing import Any

import schemathesis

_BODY_AUTH: dict[str, str] = json.loads(os.environ.get("CLIENTBOOK_FUZZ_BODY_AUTH", "{}"))


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: Any, **kwargs: Any) -> None:
    if _BODY_AUTH and isinstance(case.body, dict):
        case.body = {**case.body, **_BODY_AUTH}
