"""The presentation as a PDF a person reads: what the employer's page shows (the people-first
view, :func:`wallet.record.view.record_view`), laid out for paper with fpdf2 — the learner, the
title, the verdict when it was exported and when it was checked, each credential (name,
issuer, dates, results with their labels, competencies), the learner's reflections (through the
one Markdown renderer, :func:`wallet.record.markdown.blocks`), the share link with its QR code
("scan to verify") and when it stops working, and page numbers — and the proof itself: the
signed presentation attached as a file (media type, checksum), each credential's own offline QR
code (a ``VP1-`` code holding the credential: "scan to verify — works without the internet"),
and how to check all of it with no server, in the reader's language. The verdict box is never
green: a PDF proves nothing by itself.

Typesetting — the Unicode fonts, the text, and the credentials' pictures drawn within bounds,
nothing fetched — is :mod:`wallet.exchange.pdf_document`.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wallet.errors import FontError, QrTooLargeError, WalletError
from wallet.exchange.pdf_document import (
    INK,
    LEARNER,
    MUTED,
    NEUTRAL,
    PICTURE_PIXELS,
    PICTURES_PIXELS,
    TONES,
    PdfDocument,
    fonts,
)
from wallet.formats.qrcodes import QrCode, offline_qr
from wallet.formats.vpqr import to_vp1
from wallet.i18n import DEFAULT, format_datetime, normalize, t
from wallet.presenting.offline import carried_credentials, offline_presentation
from wallet.record.markdown import Block
from wallet.record.view import CredentialCard, LearnerItem, RecordView

__all__ = [
    "ATTACHMENT_MEDIA_TYPE",
    "ATTACHMENT_NAME",
    "PICTURES_PIXELS",
    "PICTURE_PIXELS",
    "CardCode",
    "FontError",
    "card_codes",
    "fonts",
    "one_page_pdf",
    "record_pdf",
]

ATTACHMENT_NAME = "signed-presentation.json"
ATTACHMENT_MEDIA_TYPE = "application/vp"
"""The attached presentation's name and media type (VC Data Model 2.0 §6.3: ``application/vp``
for a presentation secured with an embedded proof)."""


def _markdown(doc: PdfDocument, blocks: Sequence[Block]) -> None:
    left = doc.l_margin
    for block in blocks:
        if block.kind == "rule":
            doc.rule()
            continue
        if block.kind == "heading":
            doc.ln(1)
            doc.runs(block, {1: 13, 2: 12, 3: 11}.get(block.level, 10.5))
            doc.ln(0.5)
            continue
        indent = 5 * block.depth + (4 if block.quoted else 0)
        if block.kind == "item":
            doc.set_x(left + indent - 4)
            doc.font(10)
            doc.cell(4, 5, block.marker)
        doc.set_left_margin(left + indent)
        if block.kind != "item":
            doc.set_x(left + indent)
        if block.kind == "code":
            doc.font(9, color=MUTED)
            doc.multi_cell(0, 4.5, block.text, new_x="LMARGIN", new_y="NEXT")
        else:
            doc.runs(block, 10)
        doc.set_left_margin(left)
        doc.ln(0.8)


def _header(doc: PdfDocument, view: RecordView) -> None:
    learner = view.learner
    top = doc.get_y()
    if doc.picture(learner.identity.photo, doc.l_margin, top, 20):
        doc.set_left_margin(doc.l_margin + 24)
        doc.set_x(doc.l_margin)
    if learner.name:
        doc.para(learner.name, 20, "B", gap=1)
    doc.para(learner.identity.headline or "", 11, color=(66, 74, 83))
    given = f"{learner.presented} ({learner.as_given})" if learner.name else learner.presented
    doc.para(given, 9, color=LEARNER)
    doc.para(view.names.text or "", 9, color=(26, 127, 55) if view.names.matched else MUTED)
    doc.para(view.names.others_text or "", 9, color=TONES["failed"])
    for link in learner.identity.links:
        doc.para(link, 9, color=(11, 87, 208), link=link, gap=0.2)
    doc.set_left_margin(18)
    doc.set_y(max(doc.get_y(), top + 22) + 2)


def _verdict(doc: PdfDocument, view: RecordView, link: str | None) -> None:
    """The verdict when exported, in a box that is never green: a PDF can be edited by anyone,
    so it says so, and how to check it (:func:`_howto`)."""
    tone = view.verdict.tone
    doc.set_fill_color(*(NEUTRAL if tone == "verified" else TONES[tone]))
    doc.font(15, "B", (255, 255, 255))
    title = t("pdf.banner_link" if link else "pdf.banner", view.lang, verdict=view.verdict.title)
    doc.multi_cell(0, 9, f"  {title}", fill=True, new_x="LMARGIN", new_y="NEXT")
    lines = [
        view.verdict.summary,
        *view.verdict.reasons,
        t("pdf.verdict", view.lang, verdict=view.verdict.title, when=view.checked_text),
        t("pdf.not_proof", view.lang),
    ]
    doc.font(9.5, color=(255, 255, 255))
    for line in lines:
        doc.multi_cell(0, 5, f"   {line}", fill=True, new_x="LMARGIN", new_y="NEXT")
    doc.multi_cell(0, 2, "", fill=True, new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)


@dataclass(frozen=True)
class CardCode:
    """A credential card's offline QR code (``qr``), or why it has none (``problem``, in the
    reader's language)."""

    qr: QrCode | None = None
    problem: str | None = None


def card_codes(presentation: Mapping[str, Any], lang: str, *, link: bool = False) -> list[CardCode]:
    """For each credential a presentation shows (in the order of its cards), the offline QR
    code of a plain presentation holding that credential alone — unsigned: the credential
    proves itself — or why it fits none."""
    or_link = t("pdf.card_or_link", lang) if link else ""
    out = []
    for credential in carried_credentials(presentation):
        try:
            out.append(CardCode(offline_qr(to_vp1(offline_presentation([credential])))))
        except QrTooLargeError as exc:
            out.append(
                CardCode(
                    problem=t(
                        "pdf.card_too_large",
                        lang,
                        size=f"{exc.details.get('bytes', 0):,}",
                        over=f"{exc.details.get('over', 0):,}",
                        or_link=or_link,
                    )
                )
            )
        except WalletError:  # a VC-JWT, or a term CBOR-LD cannot carry
            out.append(CardCode(problem=t("pdf.card_no_code", lang, or_link=or_link)))
    return out


def _card_code(doc: PdfDocument, code: CardCode) -> None:
    """The card's offline QR code with "scan to verify — works without the internet", about
    0.42 mm a module (a phone reads that from paper), or a grey box saying why there is none."""
    if code.qr is None:
        doc.set_fill_color(244, 246, 248)
        doc.font(9, color=INK)
        doc.multi_cell(
            0, 4.8, code.problem or "", fill=True, new_x="LMARGIN", new_y="NEXT", padding=2
        )
        doc.ln(2)
        return
    size = min(80.0, max(38.0, (code.qr.size + 8) * 0.42))
    if doc.get_y() + size + 4 > doc.h - doc.b_margin:
        doc.add_page()
    top = doc.get_y()
    doc.image(io.BytesIO(code.qr.png(scale=4, border=4)), x=doc.l_margin, y=top, w=size, h=size)
    doc.set_left_margin(doc.l_margin + size + 5)
    doc.set_xy(doc.l_margin, top + 5)
    doc.para(t("pdf.card_scan", doc.lang), 11.5, "B", gap=1)
    doc.para(
        t("pdf.card_code", doc.lang, version=code.qr.version, level=code.qr.level),
        8.5,
        color=MUTED,
    )
    doc.set_left_margin(18)
    doc.set_y(top + size + 2)


def _attach(doc: PdfDocument, data: bytes, when: datetime) -> None:
    """The signed presentation as the PDF's one attached file: its media type, an MD5
    ``/CheckSum`` (the PDF's own, ISO 32000-1 §7.11.4.2) and its SHA-256 in the description.
    Uncompressed: fpdf2 (2.8.9) hashes a compressed file as compressed, not as the standard
    says."""
    options: dict[str, Any] = {
        "bytes": data,
        "basename": ATTACHMENT_NAME,
        "modification_date": when,
        "creation_date": when,
        "compress": False,
        "checksum": True,
        "desc": f"Signed presentation (W3C Verifiable Credentials), SHA-256 "
        f"{hashlib.sha256(data).hexdigest()}",
    }
    if "mime_type" in inspect.signature(doc.embed_file).parameters:  # fpdf2 2.8.5 and later
        options["mime_type"] = ATTACHMENT_MEDIA_TYPE
    doc.embed_file(**options)


def _howto(
    doc: PdfDocument, view: RecordView, link: str | None, digest: str | None, codes: bool
) -> None:
    """How to check this PDF with no server, in the reader's language."""
    lang = view.lang
    doc.para(t("pdf.howto.title", lang), 11.5, "B", gap=0.6)
    lines = [t("pdf.howto.qr", lang)] if codes else []
    if digest:
        lines.append(t("pdf.howto.file", lang, name=ATTACHMENT_NAME, digest=digest))
        if view.expires_text:
            lines.append(t("pdf.howto.expires", lang, when=view.expires_text))
    else:
        lines.append(t("pdf.howto.no_file", lang))
    if link and view.expires_text:
        lines.append(t("pdf.howto.link", lang, when=view.expires_text))
    for line in lines:
        doc.para(f"•  {line}", 9, gap=0.4)
    doc.ln(2)


def _qr(doc: PdfDocument, link: str, expires: str) -> None:
    """The share link's QR code with "scan to verify"; the link itself on one line below."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=2)
    size = 40
    if doc.get_y() + size + 16 > doc.h - doc.b_margin:
        doc.add_page()
    top = doc.get_y()
    doc.image(io.BytesIO(buffer.getvalue()), x=doc.l_margin, y=top, w=size, h=size)
    doc.set_left_margin(doc.l_margin + size + 6)
    doc.set_xy(doc.l_margin, top + 8)
    doc.para(t("pdf.scan", doc.lang), 14, "B", gap=1)
    if expires:
        doc.para(t("record.expires", doc.lang, when=expires), 9, color=MUTED)
    doc.set_left_margin(18)
    doc.set_y(top + size + 1)
    doc.para(t("pdf.open", doc.lang), 8.5, color=MUTED, gap=0.2)
    width = doc.w - doc.l_margin - doc.r_margin
    size_pt = 8.5
    doc.font(size_pt)
    while size_pt > 5.5 and doc.get_string_width(link) > width:
        size_pt -= 0.5
        doc.font(size_pt)
    doc.para(link, size_pt, color=(11, 87, 208), link=link, gap=3)


def _card(doc: PdfDocument, card: CredentialCard, code: CardCode | None = None) -> None:
    lang = doc.lang
    if doc.get_y() > doc.h - 60:
        doc.add_page()
    doc.rule()
    top = doc.get_y()
    if doc.picture(card.image, doc.l_margin, top, 16):
        doc.set_left_margin(doc.l_margin + 20)
        doc.set_x(doc.l_margin)
    doc.para(card.name, 13, "B", gap=0.3)
    doc.para(card.kind or "", 8.5, color=MUTED)
    doc.para(card.marking or "", 8.5, "B", color=MUTED)  # "Open Badges 2.0 · hosted by …"
    mark = "✓ " if card.verdict.tone == "verified" else ""
    doc.para(
        f"{mark}{card.verdict.title}",
        10,
        "B",
        INK if card.verdict.tone == "verified" else TONES[card.verdict.tone],
    )
    if card.marking:  # what was checked, the Open Badges 2.0 way
        doc.para(card.verdict.summary, 8.5, color=MUTED)
    for reason in card.verdict.reasons:
        doc.para(reason, 9)
    doc.para(t("card.issued_by", lang, issuer=card.issuer.name), 10, "B")
    doc.para(card.issuer.recognition, 8.5, color=(26, 127, 55) if card.issuer.recognised else MUTED)
    dates = [t("card.issued", lang, date=card.issued_text)] if card.issued_text else []
    if card.expires_text:
        dates.append(
            t("card.expired" if card.expired else "card.expires", lang, date=card.expires_text)
        )
    doc.para(" · ".join(filter(None, [*dates, card.credits or ""])), 9.5)
    for result in card.results:
        doc.para(result.text, 11, "B")
    doc.para(
        card.recipient_text or "",
        9,
        color=(26, 127, 55)
        if card.recipient and card.recipient.state == "matched"
        else TONES["failed"],
    )
    doc.set_left_margin(18)
    doc.set_y(max(doc.get_y(), top + 18))
    doc.para(card.description or "", 9.5)
    if card.criteria:
        doc.para(t("card.criteria", lang), 9, "B", (66, 74, 83), gap=0.2)
        doc.para(card.criteria, 9.5)
    if card.narrative:
        doc.para(t("card.narrative", lang), 9, "B", (66, 74, 83), gap=0.2)
        doc.para(card.narrative, 9.5)
    if card.evidence:
        doc.para(t("card.evidence", lang), 9, "B", (66, 74, 83), gap=0.2)
        for item in card.evidence:
            said = f" — {item.narrative}" if item.narrative else ""
            doc.para(f"•  {item.name}{said}", 9.5, gap=0.2, link=item.url or "")
    if card.competencies:
        doc.para(t("card.competencies", lang), 9, "B", (66, 74, 83), gap=0.2)
        for skill in card.competencies:
            doc.para(
                f"•  {skill.code + '  ' if skill.code else ''}{skill.name}",
                9.5,
                gap=0.2,
                link=skill.url or "",
            )
        for framework in dict.fromkeys(s.framework for s in card.competencies if s.framework):
            doc.para(t("card.framework", lang, framework=framework), 8.5, color=MUTED)
    if card.parts:
        doc.para(t("card.includes", lang), 9, "B", (66, 74, 83), gap=0.2)
        for part in card.parts:
            results = "".join(f" — {r.text}" for r in part.results)
            doc.para(f"•  {part.name}{results}", 9.5, gap=0.2)
    if code is not None:
        doc.ln(1)
        _card_code(doc, code)
    doc.ln(2)


def _item(doc: PdfDocument, item: LearnerItem) -> None:
    if doc.get_y() > doc.h - 45:
        doc.add_page()
    doc.rule()
    doc.para(item.tag, 8.5, "B", LEARNER, gap=0.3)
    if item.heading:  # the title, said once (not when the body begins with it)
        doc.para(item.heading, 12, "B")
    if item.about:
        doc.para(t("learner.about", doc.lang, names=", ".join(item.about)), 8.5, color=MUTED)
    _markdown(doc, item.blocks)
    if item.link:
        doc.para(item.link, 9, color=(11, 87, 208), link=item.link)
    doc.para(item.integrity or "", 8.5, color=MUTED)
    doc.ln(1)


def record_pdf(
    view: RecordView,
    *,
    link: str | None = None,
    note: str | None = None,
    exported: datetime | None = None,
    presentation: Mapping[str, Any] | None = None,
) -> bytes:
    """The record as a PDF: ``link`` (the share link) is printed with its QR code and when it
    stops working; ``presentation`` (the signed presentation ``view`` was made from) is attached
    to the PDF as a file, and each credential card gets its offline QR code (:func:`card_codes`)
    — so the PDF can be checked with no server; ``note`` is printed at the end. The verdict is
    the one at export, in a box that is never green (a PDF proves nothing by itself)."""
    lang = view.lang
    when = exported or datetime.now(UTC)
    doc = PdfDocument(lang)
    doc.set_title(view.page_title)
    doc.set_author(view.learner.name or "")
    digest = None
    codes: list[CardCode] = []
    if presentation is not None:
        data = json.dumps(presentation, indent=2, ensure_ascii=False).encode("utf-8")
        _attach(doc, data, when)
        digest = hashlib.sha256(data).hexdigest()
        codes = card_codes(presentation, lang, link=bool(link))
        if len(codes) != len(view.credentials):  # not the presentation of this view
            codes = []
    doc.add_page()
    _header(doc, view)
    if view.title and view.title != view.page_title:
        doc.para(view.title, 15, "B", gap=2)
    _verdict(doc, view, link)
    if link:
        _qr(doc, link, view.expires_text)
    _howto(doc, view, link, digest, any(c.qr is not None for c in codes))
    doc.para(t("pdf.exported", lang, when=format_datetime(when, lang)), 8.5, color=MUTED)
    if view.unsupported_claims:
        doc.para(t("claims.title", lang), 11, "B", TONES["failed"])
        doc.para(t("claims.body", lang) + " " + ", ".join(view.unsupported_claims), 9.5)
    for number, card in enumerate(view.credentials):
        _card(doc, card, codes[number] if codes else None)
    if view.learner_items:
        doc.ln(2)
        doc.para(t("learner.title", lang), 14, "B", gap=0.3)
        doc.para(t("learner.intro", lang), 9, color=MUTED)
        for item in view.learner_items:
            _item(doc, item)
    doc.ln(2)
    doc.rule()
    doc.para(t("checks.title", lang), 11, "B")
    for line in view.presentation_checks:
        doc.para(f"{line.title} — {line.outcome_text}: {line.text}", 8.5, gap=0.2)
    if note:
        doc.ln(2)
        doc.para(note, 9, color=MUTED)
    return bytes(doc.output())


def one_page_pdf(
    title: str, lines: list[str], qr_text: str | None = None, lang: str = DEFAULT
) -> bytes:
    """A page with a title, some lines and (``qr_text``) a large QR code, in a Unicode
    font (a Korean title prints as Korean)."""
    doc = PdfDocument(normalize(lang))
    doc.set_title(title)
    doc.add_page()
    doc.para(title, 20, "B", gap=4)
    for line in lines:
        doc.para(line, 10.5, link=line if line.startswith(("https://", "http://")) else "")
    if qr_text:
        import segno

        buffer = io.BytesIO()
        segno.make(qr_text, error="m").save(buffer, kind="png", scale=10, border=2)
        size = 110
        doc.image(
            io.BytesIO(buffer.getvalue()), x=(doc.w - size) / 2, y=doc.get_y() + 6, w=size, h=size
        )
    return bytes(doc.output())
