"""The demo issuer's pages for people: its home page (each open offer as a QR code and a link)
and the one-button demo login of the authorization code flow.

HTML as text, with every value written into it escaped; :mod:`wallet.demo.issuer` serves them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

__all__ = ["INVALID_LOGIN", "home_page", "login_page"]

INVALID_LOGIN = "<p>This login request is not valid.</p>"


def home_page(issuer_name: str, did: str, offers: Iterable[tuple[str, str | None, str]]) -> str:
    """The issuer's name and DID, and ``offers``: each (what is offered, its transaction code
    or ``None``, its ``openid-credential-offer://`` link)."""
    import segno

    rows = []
    for names, tx_code, link in offers:
        qr = segno.make(link, error="m").svg_inline(scale=3)
        code = f" — code {html.escape(tx_code)}" if tx_code else ""
        rows.append(
            f"<li><p>{html.escape(names)}{code}</p>{qr}<p><code>{html.escape(link)}</code></p></li>"
        )
    return (
        "<!doctype html><meta charset=utf-8><title>Demo issuer</title>"
        f"<h1>{html.escape(issuer_name)}</h1>"
        f"<p>Issuer DID: <code>{html.escape(did)}</code></p>"
        f"<ul>{''.join(rows) or '<li>No open offers.</li>'}</ul>"
    )


def login_page(params: Mapping[str, str]) -> str:
    """The demo login: one button that posts the authorization request ``params`` back."""
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in params.items()
    )
    return (
        "<!doctype html><meta charset=utf-8><title>Demo login</title>"
        "<h1>Riverside Community College</h1><p>Demo login: no password needed.</p>"
        f'<form method="post">{hidden}<button name="approve" value="1">'
        "Sign in as the demo learner</button></form>"
    )
