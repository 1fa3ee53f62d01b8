"""The seam through which core code may reach the network: an injected :class:`Fetcher`.

Core never imports an HTTP library. Verification takes ``fetcher=None`` to mean "offline"; the
exchange package provides the real one (:class:`wallet.exchange.http.HttpFetcher`, https only,
size and time limits, no private addresses) and tests provide one bound to a loopback server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from wallet.credential import load_json
from wallet.errors import FetchError, InputError

__all__ = ["BoundedFetcher", "FetchResponse", "Fetcher", "SameOriginFetcher", "get_same_origin"]


@dataclass(frozen=True)
class FetchResponse:
    url: str
    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """The body as strict JSON (:func:`wallet.credential.load_json`; the fetcher has bounded
        its size); :class:`~wallet.errors.FetchError` when it is not."""
        try:
            return load_json(self.body, what="the response", max_bytes=None)
        except InputError as exc:
            raise FetchError(
                f"{self.url} did not return JSON that can be read: {exc.message}"
            ) from None


@runtime_checkable
class Fetcher(Protocol):
    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        """GET ``url``; raise :class:`~wallet.errors.FetchError` (or a subclass) on failure,
        including any non-2xx status."""
        ...


@runtime_checkable
class BoundedFetcher(Fetcher, Protocol):
    """A :class:`Fetcher` that can also be told how long one fetch may take at most: a
    verification's budget (:mod:`wallet.verification.budget`) hands it the time that is left."""

    def get_within(
        self, url: str, timeout: float, *, accept: str = "application/json"
    ) -> FetchResponse:
        """:meth:`Fetcher.get`, finished (or failed with
        :class:`~wallet.errors.FetchLimitError`) within ``timeout`` seconds."""
        ...


@runtime_checkable
class SameOriginFetcher(Fetcher, Protocol):
    """A :class:`Fetcher` that can be told to stay within the origin asked: a redirect to
    another origin is refused *before* it is followed — nothing is requested from the other
    origin (Open Badges 2.0: a hosted document must be served by its own origin)."""

    def get_same_origin(
        self, url: str, *, accept: str = "application/json", timeout: float | None = None
    ) -> FetchResponse:
        """:meth:`Fetcher.get`, following redirects only within ``url``'s origin; one to
        another origin raises :class:`~wallet.errors.FetchRefusedError` with
        ``details["redirected_to"]`` (that origin), unfollowed. ``timeout``: at most so many
        seconds (None: the fetcher's own limit)."""
        ...


def get_same_origin(
    fetcher: Fetcher, url: str, *, accept: str = "application/json"
) -> FetchResponse:
    """GET ``url`` through ``fetcher`` without ever following a redirect to another origin:
    through :meth:`SameOriginFetcher.get_same_origin` when the fetcher has it (every fetcher
    of the wallet does: :class:`wallet.exchange.http.HttpFetcher`, the verification budget,
    the share service's); a fetcher without it — a test's, which follows no redirects at all —
    is asked with :meth:`Fetcher.get`."""
    if isinstance(fetcher, SameOriginFetcher):
        return fetcher.get_same_origin(url, accept=accept)
    return fetcher.get(url, accept=accept)
