"""`/docs` on the root app: one page linking every dialect's docs page and OpenAPI document, each of which answers."""

from __future__ import annotations

import re

import httpx

from clientbook.dialects.registry import DIALECTS


async def test_the_root_docs_page_links_every_dialects_docs_and_openapi(http: httpx.AsyncClient) -> None:
    page = await http.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    hrefs = set(re.findall(r'href="([^"]+)"', page.text))
    for dialect in DIALECTS:
        assert dialect.title in page.text
        assert {f"{dialect.mount}/docs", f"{dialect.mount}/openapi.json"} <= hrefs
    for href in sorted(hrefs):
        assert (await http.get(href)).status_code == 200, href
