"""Read the 1EdTech test-vector pages (``tests/vectors/1edtech-ob3/linked-data-proof-*.html``):
the JSON examples and the hex values given in each section."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

PAGES = Path(__file__).resolve().parent / "vectors" / "1edtech-ob3"


@cache
def _html(page: str) -> str:
    return (PAGES / f"linked-data-proof-{page}.html").read_text("utf-8")


def json_example(page: str, title: str) -> dict[str, Any]:
    """The JSON in ``<pre … title="{title}">`` on page ``ob`` or ``clr`` (a fresh copy)."""
    match = re.search(rf'title="{re.escape(title)}">(.*?)</pre', _html(page), re.S)
    assert match, f"no example titled {title!r} on the {page} page"
    return json.loads(match.group(1))


def section_code(page: str, section: str) -> str:
    """The ``<code>`` value of the section whose heading id is ``{page}-{section}``."""
    match = re.search(
        rf'<h3 id="{page}-{section}">.*?<code\s*>\s*([^<\s]+)\s*</code', _html(page), re.S
    )
    assert match, f"no code in section {page}-{section}"
    return match.group(1)


def key_hex(page: str, which: str) -> str:
    """``Public`` or ``Private`` key hex from the key-pair section."""
    match = re.search(rf"{which} key \(hex\):\s*<code\s*>\s*([0-9a-f]+)\s*</code", _html(page))
    assert match, f"no {which} key on the {page} page"
    return match.group(1)
