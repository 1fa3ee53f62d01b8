"""The employer's page for a shared presentation: server-rendered, mobile-friendly, no script.

Everything shown comes from the verification result and the (already verified or not)
presentation; every string is escaped. Learner-authored material is set apart and labelled.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from wallet.errors import WalletError
from wallet.jose import unverified_credential
from wallet.models import Achievement, Image, VerifiableCredential, parse_credential
from wallet.report import CHECK_LABELS
from wallet.result import CheckId, Outcome, VerificationResult

__all__ = ["render_gone", "render_presentation"]

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f4f5f7;
color:#1d1f23;line-height:1.45}
main{max-width:760px;margin:0 auto;padding:16px}
.verdict{border-radius:12px;padding:16px 18px;margin:8px 0 16px;color:#fff}
.verdict h1{margin:0;font-size:1.6rem}.verdict p{margin:.3rem 0 0}
.ok{background:#1b7f3b}.warn{background:#8a5a00}.bad{background:#b3261e}
.card{background:#fff;border-radius:12px;padding:14px 16px;margin:12px 0;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
.card h2{font-size:1.15rem;margin:.2rem 0}.card h3{font-size:1rem;margin:.8rem 0 .3rem}
.badge{display:flex;gap:12px;align-items:flex-start}.badge img{width:64px;height:64px;
flex:none}
.muted{color:#5f6368;font-size:.92rem}.small{font-size:.85rem;word-break:break-all}
ul.checks{list-style:none;padding:0;margin:.4rem 0}ul.checks li{padding:2px 0}
.mark{display:inline-block;min-width:5.5em;font-weight:600}
.m-passed{color:#1b7f3b}.m-failed{color:#b3261e}.m-warning{color:#8a5a00}.m-skipped{color:#5f6368}
.learner{border-left:5px solid #6a4c93}.learner .tag{background:#efe7f7;color:#4a2f6e;
border-radius:6px;padding:1px 7px;font-size:.8rem;font-weight:600}
.flag{border-left:5px solid #b3261e}
a{color:#0b57d0;word-break:break-word}pre{white-space:pre-wrap;word-break:break-word;
font-family:inherit;margin:.3rem 0}
"""

_MARK = {Outcome.PASSED: "✓ ok", Outcome.FAILED: "✗ failed", Outcome.WARNING: "! warning",
         Outcome.SKIPPED: "– n/a"}


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    return ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<meta name=robots content=noindex><title>{_e(title)}</title>"
            f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>")


def render_gone(reason: str) -> str:
    return _page("Link not available", f"<div class='verdict bad'><h1>Link not available</h1>"
                 f"<p>{_e(reason)}</p></div>")


def _checks(result: VerificationResult) -> str:
    items = []
    for check in result.checks:
        label = CHECK_LABELS.get(check.id, str(check.id))
        items.append(f"<li><span class='mark m-{check.outcome.value}'>{_MARK[check.outcome]}"
                     f"</span> <b>{_e(label)}</b>: {_e(check.message)}</li>")
    return f"<ul class=checks>{''.join(items)}</ul>"


def _verdict_class(result: VerificationResult) -> tuple[str, str]:
    if not result.verified:
        return "bad", "Not verified"
    if any(c.outcome is Outcome.WARNING for c in result.checks):
        return "warn", "Verified, with warnings"
    return "ok", "Verified"


def _view(doc: Any) -> VerifiableCredential:
    """The model view of a credential as carried: a JSON object, or a VC-JWT (decoded only to
    show it; its verdict is the verification result's)."""
    if isinstance(doc, str):
        try:
            doc = unverified_credential(doc)
        except WalletError:
            doc = {}
    try:
        return parse_credential(doc if isinstance(doc, Mapping) else {})
    except WalletError:
        return parse_credential({})


def _image(*images: Image | None) -> str:
    """The first of ``images`` that is an inline picture (the page loads nothing else)."""
    for image in images:
        if image is not None and image.id and image.id.startswith("data:image/"):
            return f"<img alt='' src='{_e(image.id)}'>"
    return ""


def _credential_card(doc: Any, result: VerificationResult) -> str:
    cls, verdict = _verdict_class(result)
    tone = {"ok": "passed", "warn": "warning"}.get(cls, "failed")
    view = _view(doc)
    achievement = view.achievement or Achievement()
    issuer_name = result.issuer_name or view.issuer_name
    parts = [f"<div class='card'><div class=badge>{_image(view.image, achievement.image)}<div>"
             f"<h2>{_e(result.name or achievement.name or 'Credential')}</h2>"
             f"<div class='m-{tone}'>"
             f"<b>{_e(verdict)}</b></div>"
             f"<div class=muted>Issued by {_e(issuer_name or '')} "
             f"<span class=small>{_e(result.issuer or '')}</span></div></div></div>"]
    if achievement.description:
        parts.append(f"<p>{_e(achievement.description)}</p>")
    if achievement.criteria and achievement.criteria.narrative:
        parts.append(f"<h3>Criteria</h3><p>{_e(achievement.criteria.narrative)}</p>")
    if achievement.alignment:
        rows = []
        for a in achievement.alignment:
            code = f"{_e(a.targetCode)} · " if a.targetCode else ""
            name = _e(a.targetName or "")
            link = f"<a rel='noreferrer' href='{_e(a.targetUrl)}'>{name}</a>" if (
                a.targetUrl or "").startswith("https://") else name
            rows.append(f"<li>{code}{link} <span class=small>{_e(a.targetFramework or '')}"
                        "</span></li>")
        parts.append(f"<h3>Competencies (CASE)</h3><ul>{''.join(rows)}</ul>")
    dates = [f"issued {_e(view.validFrom or view.issuanceDate or '?')}"]
    if view.validUntil or view.expirationDate:
        dates.append(f"valid until {_e(view.validUntil or view.expirationDate)}")
    parts.append(f"<p class=muted>{'; '.join(dates)}</p>")
    parts.append(f"<h3>Checks</h3>{_checks(result)}</div>")
    return "".join(parts)


def _markdown_text(text: str) -> str:
    """Learner reflections: escaped, with line breaks and **bold** kept; nothing else."""
    escaped = _e(text)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
    return f"<pre>{escaped}</pre>"


def _learner_cards(clr: Mapping[str, Any], result: VerificationResult, base: str) -> str:
    evidence = clr.get("evidence") if isinstance(clr.get("evidence"), list) else []
    checks = list(result.evidence)
    cards = []
    for index, entry in enumerate(evidence):
        if not isinstance(entry, Mapping):
            continue
        check = checks[index] if index < len(checks) else None
        if not (check and check.learner):
            continue
        name = _e(entry.get("name") or "Untitled")
        body = ""
        if entry.get("narrative"):
            body += _markdown_text(str(entry["narrative"]))
        eid = entry.get("id")
        if isinstance(eid, str) and eid.startswith("data:"):
            body += f"<p><a href='{_e(base)}/evidence/{index}'>Download the file</a></p>"
        elif isinstance(eid, str) and eid.startswith(("https://", "http://")):
            body += f"<p><a rel='noreferrer' href='{_e(eid)}'>{_e(eid)}</a></p>"
        integrity = ""
        if check and check.outcome is not Outcome.SKIPPED:
            integrity = (f"<div class='small m-{check.outcome.value}'>{_MARK[check.outcome]} "
                         f"integrity: {_e(check.message)}</div>")
        kind = "Reflection" if entry.get("genre") == "Learner reflection" else "Work sample"
        cards.append(f"<div class='card learner'><span class=tag>Learner-asserted · {kind}"
                     f"</span><h2>{name}</h2>{body}{integrity}<p class='small muted'>Written "
                     "or provided by the learner; no issuer vouches for it.</p></div>")
    return "".join(cards)


def render_presentation(presentation: Mapping[str, Any], result: VerificationResult, *,
                        base: str) -> str:
    """The page. ``base`` is this share's URL (for the raw JSON and file links)."""
    cls, verdict = _verdict_class(result)
    failing = [c for c in result.checks if c.outcome is Outcome.FAILED]
    for nested in result.nested:
        failing += [c for c in nested.checks if c.outcome is Outcome.FAILED]
    shown = list(dict.fromkeys((CHECK_LABELS.get(c.id, str(c.id)), c.message)
                               for c in failing))[:4]
    reasons = "".join(f"<p>{_e(label)}: {_e(message)}</p>" for label, message in shown)
    holder = result.issuer or "an unknown holder"
    binding = result.check(CheckId.HOLDER_BINDING)
    bound = binding is not None and binding.outcome is Outcome.PASSED
    body = [f"<div class='verdict {cls}' data-verdict='{_e(verdict)}'><h1>{_e(verdict)}</h1>"
            f"{reasons}<p class=small>Presented by {_e(holder)}"
            f"{' — signed with that learner’s key' if bound else ''}</p></div>"]
    vcs = presentation.get("verifiableCredential")
    vcs = vcs if isinstance(vcs, list) else [vcs] if vcs else []
    for clr, clr_result in zip(vcs, result.nested, strict=False):
        if not isinstance(clr, Mapping):
            continue
        if clr_result.unsupported_claims:
            items = "".join(f"<li>{_e(c)}</li>" for c in clr_result.unsupported_claims)
            body.append("<div class='card flag'><h2>Claims no issuer supports</h2><p>The "
                        "learner lists these achievements, but no issuer-signed credential "
                        f"here awards them:</p><ul>{items}</ul></div>")
        subject = clr.get("credentialSubject")
        subject = subject if isinstance(subject, Mapping) else {}
        inner = subject.get("verifiableCredential")
        inner = inner if isinstance(inner, list) else []
        body.append(f"<h2>Credentials ({len(clr_result.nested)})</h2>")
        for doc, nested_result in zip(inner, clr_result.nested, strict=False):
            body.append(_credential_card(doc, nested_result))
        learner = _learner_cards(clr, clr_result, base)
        if learner:
            body.append(f"<h2>From the learner</h2>{learner}")
        body.append(f"<div class=card><h2>The learner's record</h2>{_checks(clr_result)}"
                    "</div>")
    body.append(f"<div class=card><h2>The presentation</h2>{_checks(result)}</div>")
    body.append(f"<p><a href='{_e(base)}/raw' download='presentation.json'>Download the "
                "presentation (JSON)</a> · verify it yourself with any W3C VC verifier.</p>")
    return _page(f"{verdict}: shared learner record", "".join(body))
