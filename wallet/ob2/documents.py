"""The documents an Open Badges 2.0 verification reads — the hosted assertion, its BadgeClass,
the issuer's Profile, keys, the revocation list, endorsements — each fetched through the injected
:class:`~wallet.fetch.Fetcher` (the wallet's network policy: https, no private addresses but in
dev mode, size and time limits) and held to OB 2.0's rules for them, or, offline, the copies
kept from an earlier check.

A document is refused, with a reason a person can read (:class:`DocumentProblem`), when: its
server answers an error (``410 Gone`` is its own reason: revoked), redirects it to another
origin (refused before it is followed: nothing is asked of the other origin), answers with a
web page or anything but one JSON object, sends too much or too slowly; it does not say it is
the document asked for (its ``id`` is another URL); or its ``id`` was already read in another
role (a BadgeClass that is its own issuer: a cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from wallet.credential import load_json
from wallet.errors import FetchError, FetchLimitError, FetchRefusedError, InputError
from wallet.fetch import Fetcher, get_same_origin
from wallet.ob2.reading import Role, Version, is_http_url, shown, upgrade

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "DocumentProblem",
    "Documents",
    "FetchedDocument",
    "ReadDocument",
    "origin_of",
    "resolve",
]

MAX_DOCUMENT_BYTES = 1024 * 1024  # no badge document is near this
ACCEPT = "application/ld+json, application/json;q=0.9"


@dataclass(frozen=True)
class FetchedDocument:
    """A document as fetched (or kept): the bytes exactly, and when they were fetched."""

    url: str
    body: bytes
    fetched_at: datetime
    content_type: str = "application/json"


class DocumentProblem(Exception):
    """Why a document could not be used: ``detail`` is a check's detail code, ``message`` a
    sentence. Internal to the OB 2.0 verification: it becomes a check, never escapes it."""

    def __init__(self, detail: str, message: str) -> None:
        super().__init__(message)
        self.detail = detail
        self.message = message


def origin_of(url: str) -> str:
    """``scheme://host[:port]``, lower-cased (RFC 6454's origin of an http(s) URL)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class Documents:
    """Every document one verification reads, fetched once each (module docstring).

    ``stored``: documents kept from an earlier check (URL → :class:`FetchedDocument`), used
    when offline — ``fetcher`` None. ``fetched`` collects what was fetched now (to keep)."""

    fetcher: Fetcher | None
    now: datetime
    stored: Mapping[str, FetchedDocument] = field(default_factory=dict)
    fetched: dict[str, FetchedDocument] = field(default_factory=dict)
    used_stored: dict[str, FetchedDocument] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def online(self) -> bool:
        return self.fetcher is not None

    def claim(self, ident: str | None, role: str) -> None:
        """Note that ``ident`` is read as ``role``; a cycle (the same id in two roles) is
        refused."""
        if not ident:
            return
        held = self.roles.get(ident)
        if held is not None and held != role:
            raise DocumentProblem(
                "cycle",
                f"{ident} is read both as the {held} and as the "
                f"{role}: the documents point back at each other",
            )
        self.roles[ident] = role

    def _get(self, url: str, what: str) -> FetchedDocument:
        if url in self.fetched:
            return self.fetched[url]
        if self.fetcher is None:
            kept = self.stored.get(url)
            if kept is None:
                raise DocumentProblem(
                    "offline", f"the {what} ({url}) was not fetched: offline, and no copy was kept"
                )
            self.used_stored[url] = kept
            return kept
        try:  # a redirect to another origin is refused before it is followed
            response = get_same_origin(self.fetcher, url, accept=ACCEPT)
        except FetchRefusedError as exc:
            elsewhere = exc.details.get("redirected_to")
            if isinstance(elsewhere, str):
                raise DocumentProblem(
                    "redirected",
                    f"{url} redirected to another origin "
                    f"({shown(elsewhere)}), which was not followed; the "
                    f"{what} must be served by its own origin",
                ) from None
            raise DocumentProblem(
                "fetch_refused", f"the {what} was not fetched: {exc.message}"
            ) from None
        except FetchLimitError as exc:
            raise DocumentProblem(
                "fetch_limit", f"the {what} was not used: {exc.message}"
            ) from None
        except FetchError as exc:
            status = exc.details.get("status")
            if status == 410:
                raise DocumentProblem(
                    "gone", f"the {what}'s server answers 410 Gone: it was withdrawn"
                ) from None
            if isinstance(status, int):
                raise DocumentProblem(
                    "http_status", f"the {what}'s server answers HTTP {status} at {url}"
                ) from None
            raise DocumentProblem(
                "unreachable", f"the {what} could not be fetched: {exc.message}"
            ) from None
        if origin_of(response.url or url) != origin_of(url):
            raise DocumentProblem(
                "redirected",
                f"{url} redirected to another origin "
                f"({origin_of(response.url)}); the {what} must be served "
                "by its own origin",
            )
        if len(response.body) > MAX_DOCUMENT_BYTES:
            raise DocumentProblem(
                "fetch_limit", f"the {what} is larger than {MAX_DOCUMENT_BYTES:,} bytes"
            )
        kept = FetchedDocument(url, response.body, self.now, response.content_type)
        self.fetched[url] = kept
        return kept

    def get_json(self, url: str, what: str) -> dict[str, Any]:
        """The JSON object at ``url`` (``what`` names it in messages)."""
        if not is_http_url(url):
            raise DocumentProblem(
                "not_http",
                f"the {what}'s id ({shown(url, 80)}) is not a web address, so it cannot be fetched",
            )
        document = self._get(url, what)
        kind = document.content_type.split(";")[0].strip().lower()
        head = document.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if kind in ("text/html", "application/xhtml+xml") or head.startswith(
            (b"<!doctype", b"<html")
        ):
            raise DocumentProblem("html", f"{url} answers with a web page, not the {what}")
        try:
            value = load_json(document.body, what=f"the {what}", max_bytes=MAX_DOCUMENT_BYTES)
        except InputError as exc:
            raise DocumentProblem(
                "not_json", f"{url} does not answer with the {what} as JSON ({exc.message})"
            ) from None
        if not isinstance(value, dict):
            raise DocumentProblem("not_json", f"{url} does not answer with a JSON object")
        return value

    def get_document(self, url: str, role: Role, what: str) -> ReadDocument:
        """The document at ``url`` read as ``role`` (upgraded to OB 2.0's shape), which must
        say it is the document at ``url``."""
        raw = self.get_json(url, what)
        doc, version = upgrade(raw, role, source_url=url)
        if doc.get("id") != url:
            raise DocumentProblem(
                "id_mismatch", f"the {what} at {url} says it is {shown(doc.get('id'), 80)}"
            )
        self.claim(url, role)
        return ReadDocument(role, doc, raw, version, url)

    def fetched_at(self, url: str) -> datetime | None:
        document = self.fetched.get(url) or self.used_stored.get(url)
        return document.fetched_at if document else None


@dataclass(frozen=True)
class ReadDocument:
    """One document of a badge: ``doc`` in OB 2.0's shape, ``raw`` as received (its contexts
    are judged on it), the ``version`` it was, and the ``url`` it was fetched from (None: it
    was embedded in another)."""

    role: Role
    doc: dict[str, Any]
    raw: Mapping[str, Any]
    version: Version
    url: str | None = None

    @property
    def id(self) -> str | None:
        ident = self.doc.get("id")
        return ident if isinstance(ident, str) else None


def resolve(value: Any, docs: Documents, role: Role, what: str) -> ReadDocument:
    """A reference (an IRI, or an embedded document) as a document. An embedded document with
    a web ``id`` is fetched from it (its own copy is the one that counts); one with another
    id (``urn:uuid:…``) or none is used as embedded."""
    if isinstance(value, str):
        return docs.get_document(value, role, what)
    if isinstance(value, Mapping):
        ident = value.get("id")
        if is_http_url(ident):
            return docs.get_document(ident, role, what)
        doc, version = upgrade(value, role)
        docs.claim(ident if isinstance(ident, str) else None, role)
        return ReadDocument(role, doc, value, version)
    raise DocumentProblem("missing", f"there is no {what}")
