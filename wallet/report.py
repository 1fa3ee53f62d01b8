"""Human-readable text for verification results and errors (the CLI's and the UI's source).

User-facing text comes from here, never from ``str(exception)``: :func:`describe_error` maps an
error to a sentence by its ``code``, and :func:`render` lays out a result.
"""

from __future__ import annotations

from wallet.errors import WalletError
from wallet.result import CheckId, Outcome, Verdict, VerificationResult

__all__ = ["CHECK_LABELS", "VERDICT_LABELS", "describe_error", "render"]

CHECK_LABELS: dict[CheckId, str] = {
    CheckId.FORMAT: "readable",
    CheckId.STRUCTURE: "structure",
    CheckId.JSONLD: "JSON-LD",
    CheckId.PROOF: "signature",
    CheckId.ISSUER_BINDING: "issuer's key",
    CheckId.VALIDITY: "validity",
    CheckId.STATUS: "status",
    CheckId.ENDORSEMENTS: "endorsements",
    CheckId.NESTED: "contents",
    CheckId.HOLDER_BINDING: "holder's key",
    CheckId.CHALLENGE: "challenge",
    CheckId.CLAIMS: "learner's claims",
    CheckId.EVIDENCE: "evidence",
    CheckId.CONFORMANCE: "conformance",
    CheckId.RECOGNITION: "recognised by",
}

_MARKS = {
    Outcome.PASSED: "[ok]",
    Outcome.FAILED: "[FAILED]",
    Outcome.WARNING: "[warning]",
    Outcome.SKIPPED: "[-]",
}

_FALLBACK = {
    "unreadable_input": "the input could not be read as a credential",
    "fetch": "the document could not be fetched",
    "fetch_refused": "that address is not allowed",
}


def describe_error(exc: BaseException) -> str:
    """One clear sentence for the user. Never a traceback; never key material."""
    if isinstance(exc, WalletError):
        return exc.message or _FALLBACK.get(exc.code, "something went wrong")
    if isinstance(exc, OSError):
        target = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        return f"could not read{target}: {exc.strerror or exc.__class__.__name__}"
    return "an unexpected error occurred"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.VERIFIED: "VERIFIED",
    Verdict.WARNINGS: "VERIFIED (with warnings)",
    Verdict.ISSUER_NOT_CONFIRMED: "ISSUER NOT CONFIRMED",
    Verdict.NOT_VERIFIED: "NOT VERIFIED",
}


def _verdict(result: VerificationResult) -> str:
    if result.check(CheckId.FORMAT) is not None and result.verdict is Verdict.NOT_VERIFIED:
        return "UNREADABLE"
    return VERDICT_LABELS[result.verdict]


def render(result: VerificationResult, indent: int = 0) -> str:
    """A readable multi-line report."""
    pad = " " * indent
    what = "presentation" if result.kind == "presentation" else "credential"
    title = result.name or result.credential_id or f"(unnamed {what})"
    lines = [f"{pad}{_verdict(result)}: {title}"]
    if result.issuer:
        role = "holder" if result.kind == "presentation" else "issuer"
        name = result.issuer_name
        if result.recognition is not None and result.recognition.name:
            name = f"{result.recognition.name} (per {result.recognition.list_name!r})"
        elif name and result.kind != "presentation":
            name = f"{name} [as the issuer calls itself]"
        who = f"{name} ({result.issuer})" if name else result.issuer
        lines.append(f"{pad}  {role}: {who}")
    if result.types:
        lines.append(f"{pad}  type: {', '.join(result.types)}  [{result.format}]")
    width = max(len(label) for label in CHECK_LABELS.values())
    for check in result.checks:
        label = CHECK_LABELS.get(check.id, str(check.id))
        lines.append(f"{pad}  {_MARKS[check.outcome]:<10} {label:<{width}}  {check.message}")
    for nested in result.nested:
        lines.append(render(nested, indent + 4))
    for endorsement in result.endorsements:
        lines.append(f"{pad}    endorsement:")
        lines.append(render(endorsement, indent + 6))
    return "\n".join(lines)
