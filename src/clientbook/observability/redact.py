"""What of a request URL may be logged: the path with secret path parameters replaced by their name, and the query
with the value of every parameter whose name sounds secret replaced by `[redacted]`.

Secrets travel in URLs on several dialects: TimeTap's `GET /sessionToken?apiKey=…&signature=…` and `?sessionToken=`,
Webcamconsult's `?authentication_token=`, the SSO JWT on `/user/auto-login?token=…`, CareCloud's customer token in
`/tokens/{token_id}/…`. Matching on the name (not on a list of known parameters) also covers the ones added later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

REDACTED = "[redacted]"
_SECRET_NAME = re.compile(r"token|password|passwd|secret|signature|key|auth|session|jwt|credential|code", re.I)
_SAFE_PATH = "/:@!$&'()*+,;=-._~{}"  # RFC 3986 pchar: the rest is percent-encoded, so a line can't be broken or forged


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def redact_query(query_string: bytes) -> str:
    """The query with secret-named parameters' values redacted, re-encoded ('' when there is none)."""
    if not query_string:
        return ""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return urlencode([(name, REDACTED if is_secret_name(name) else value) for name, value in pairs], safe="[]")


def loggable_path(path: str, path_params: Mapping[str, Any] | None = None) -> str:
    """`path` percent-encoded, each secret-named path parameter's value replaced by `{name}`."""
    for name, value in (path_params or {}).items():
        if is_secret_name(name) and isinstance(value, str) and value:
            path = path.replace(value, "{" + name + "}")
    return quote(path, safe=_SAFE_PATH)


def loggable_url(path: str, query_string: bytes, path_params: Mapping[str, Any] | None = None) -> str:
    query = redact_query(query_string)
    return loggable_path(path, path_params) + (f"?{query}" if query else "")
