"""Our verifier's "Check a PDF or a QR image" page (``GET|POST /check``, mounted by
:mod:`wallet.exchange.verifier_web`): an employer uploads a PDF the learner's wallet saved (its
signed presentation is attached), a picture of an offline QR code, or pastes a ``VP1-`` text —
and reads the verdict as the share page shows it, in their language.

The same reader and the same bounds as every other input: the body at most
:data:`MAX_UPLOAD` bytes and sent in time, a form of at most :data:`_MAX_PARTS` parts, the file
read by :func:`wallet.formats.sources.load_bytes` (a PDF with JavaScript, two attachments or a
compressed-stream bomb refused; an image with several codes refused; CBOR-LD bombs refused) and
verified off the event loop in the verifier's worker pool, rate-limited per client like the
answers. Nothing uploaded is stored. A file that cannot be read gets a sentence, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Final

from starlette.requests import Request

from wallet.errors import InputError
from wallet.formats.pdfattach import MAX_PDF_BYTES
from wallet.formats.sources import load_bytes
from wallet.i18n import negotiate, t, verdict_label
from wallet.ob2.carried import verify_carried
from wallet.record.badge import with_badges
from wallet.record.card import tone_of
from wallet.record.report import describe_error
from wallet.record.view import credential_view, record_view
from wallet.verification.verify import VerifyOptions, verify

__all__ = ["MAX_PDF_BYTES", "MAX_UPLOAD", "Upload", "check_upload", "read_upload", "render_check"]

MAX_UPLOAD: Final = MAX_PDF_BYTES + 64 * 1024
"""The largest request body: the largest PDF read, and room for the form around it."""
_MAX_PARTS: Final = 8
_FROM: Final = {"pdf": "check.from_pdf", "qr": "check.from_qr", "vp1": "check.from_vp1"}


class Upload:
    """What the form sent: a file (``data``, ``name``) or a pasted text."""

    def __init__(self, data: bytes = b"", name: str = "", text: str = "") -> None:
        self.data, self.name, self.text = data, name, text


def language(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"), request.query_params.get("lang"))


def read_upload(content_type: str, body: bytes) -> Upload:
    """The form's ``file`` and ``text`` fields (``multipart/form-data``, parsed by the standard
    library's MIME parser, at most :data:`_MAX_PARTS` parts); an empty upload for anything
    else."""
    if not content_type.lower().startswith("multipart/form-data") or any(
        c in content_type for c in "\r\n"
    ):
        return Upload()
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        return Upload()
    upload = Upload()
    for number, part in enumerate(message.iter_parts()):
        if number >= _MAX_PARTS:
            break
        field = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if field == "file" and payload:
            filename = part.get_filename() or "upload"
            upload.data, upload.name = payload, str(filename)[:120]
        elif field == "text":
            upload.text = payload.decode("utf-8", "replace").strip()
    return upload


def render_check(
    lang: str, *, error: str | None = None, result: Any = None, checked: str = ""
) -> str:
    """The page: the form, and a verdict when a file was checked (``result``: the view of it
    — ``{"tone", "level", "verdict", "verdict_en", "reasons", "views", "cards"}``)."""
    from wallet.exchange import share_page as sp

    title = t("check.title", lang)
    if result is not None:
        title = f"{result['verdict']} · {title}"
    return sp.render_template(
        "check.html",
        lang=lang,
        title=title,
        error=error,
        result=result,
        checked=checked,
        max_mb=MAX_PDF_BYTES // 2**20,
    )


def check_upload(upload: Upload, lang: str, *, fetcher: Any, trust: Any) -> tuple[str, int]:
    """Read and verify what was uploaded (in a worker thread): the page and its status."""
    data, name = upload.data, upload.name
    if not data and upload.text:
        data, name = upload.text.encode("utf-8", "surrogatepass"), "VP1"
    if not data:
        return render_check(lang, error=t("check.empty", lang)), 400
    try:
        loaded = load_bytes(data, name=name)
    except InputError as exc:
        return render_check(
            lang, error=t("check.unreadable", lang, reason=describe_error(exc, lang))
        ), 400
    result = verify(loaded, VerifyOptions(fetcher=fetcher, trust=trust))
    views, cards = [], []
    document = loaded.document
    if result.kind == "presentation" and isinstance(document, Mapping):
        # the Open Badges 2.0 badges its learner record carries, verified again the OB 2.0 way
        # (as the share page does): a card each, and never green unless each one verified
        views.append(
            with_badges(
                record_view(document, result, lang), verify_carried(document, fetcher=fetcher)
            )
        )
    else:
        cards.append(credential_view(loaded.jwt or document or {}, result, lang))
    level = views[0].verdict.level if views else result.verdict
    reasons = list(dict.fromkeys(views[0].verdict.reasons if views else cards[0].verdict.reasons))[
        :5
    ]
    shown = {
        "tone": tone_of(level),
        "level": level.value,
        "verdict": verdict_label(level, lang),
        "verdict_en": verdict_label(level, "en"),
        "reasons": reasons,
        "views": views,
        "cards": cards,
    }
    checked = t(_FROM.get(loaded.origin, "check.from_file"), lang, name=name)
    return render_check(lang, result=shown, checked=checked), 200
