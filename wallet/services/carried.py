"""The credentials a presentation carries, as the wallet stores them when a learner adds an
offline QR code (its ``VP1-`` text or an image of it) or a PDF with its signed presentation:
each credential it shows — directly, or inside the learner's own CLR (the wallet's PDFs) —
with the result its own checks had inside the presentation's verification."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from wallet.credential import as_list, type_names
from wallet.errors import WalletError
from wallet.formats.pdfattach import is_pdf
from wallet.formats.qrcodes import read_qr
from wallet.formats.sources import LoadedInput
from wallet.formats.vpqr import is_vp1
from wallet.presenting.offline import carried_credentials
from wallet.result import VerificationResult

__all__ = ["CARRIERS", "carried_inputs", "is_carried_presentation", "is_carrier"]

CARRIERS = ("vp1", "qr", "pdf")
"""The origins whose presentation is a carrier of credentials (:class:`LoadedInput`)."""


def is_carried_presentation(loaded: LoadedInput) -> bool:
    """A presentation that came as an offline QR code or in a PDF."""
    return (
        loaded.origin in CARRIERS
        and isinstance(loaded.document, Mapping)
        and "VerifiablePresentation" in type_names(loaded.document.get("type"))
    )


def _results(
    presentation: Mapping[str, Any], result: VerificationResult
) -> list[VerificationResult]:
    """The results of the credentials :func:`carried_credentials` lists, in its order."""
    out: list[VerificationResult] = []
    direct = as_list(presentation.get("verifiableCredential"))
    for doc, res in zip(direct, result.nested, strict=False):
        inner = carried_credentials({"verifiableCredential": [doc]})
        out += list(res.nested[: len(inner)]) if inner != [doc] else [res]
    return out


def _loaded(doc: Any, origin: Any) -> LoadedInput | None:
    if isinstance(doc, str):
        return LoadedInput("jwt", origin, None, doc, doc.encode("ascii", "replace"))
    if not isinstance(doc, Mapping):
        return None
    if "EnvelopedVerifiableCredential" in type_names(doc.get("type")):
        ident = doc.get("id")
        token = ident.split(",", 1)[1] if isinstance(ident, str) and "," in ident else None
        return _loaded(token, origin) if token else None
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return LoadedInput("json", origin, dict(doc), None, raw)


def carried_inputs(
    loaded: LoadedInput, result: VerificationResult
) -> list[tuple[LoadedInput, VerificationResult]]:
    """Each credential the presentation in ``loaded`` shows, as an input of its own (its JSON,
    or its JWT), with its result in ``result`` (the presentation's verification)."""
    presentation = loaded.document or {}
    pairs = zip(carried_credentials(presentation), _results(presentation, result), strict=False)
    return [(item, res) for doc, res in pairs if (item := _loaded(doc, loaded.origin))]


def is_carrier(data: bytes) -> bool:
    """Whether ``data`` is what carries credentials for :func:`carried_inputs` — an offline
    QR code's ``VP1-`` text, an image of one QR code holding such a text, or a PDF — rather
    than, say, an issuer's offer (the app's Receive tells them apart with this)."""
    if is_pdf(data) or data.lstrip()[:4] == b"VP1-":
        return True
    try:
        texts = read_qr(data)
    except WalletError:
        return False
    return len(texts) == 1 and is_vp1(texts[0])
