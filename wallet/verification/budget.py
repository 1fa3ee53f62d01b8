"""A verification's network budget: at most so many fetches, and one deadline for them all.

:func:`wallet.verification.verify.verify` wraps the injected :class:`~wallet.fetch.Fetcher` in one
:class:`FetchBudget` per run, so every network document that verification asks for — status
lists, did:web documents, issuer profiles, evidence links, in every nested credential — is
counted against the same two limits (:attr:`~wallet.verification.verify.VerifyOptions.max_fetches`
and
:attr:`~wallet.verification.verify.VerifyOptions.network_time_limit`). A hostile credential can
then not
make a verification fetch hundreds of documents or wait on slow servers one after another.

Once a limit is reached, :meth:`FetchBudget.get` raises :class:`~wallet.errors.FetchLimitError`
at once, without a request; the checks that asked turn that into their usual "could not be
fetched" outcome (for status: *status unknown*, a warning). Time is the time spent waiting on
the fetcher, summed; a fetcher that is a :class:`~wallet.fetch.BoundedFetcher` is given only
the time that is left, so even a single slow fetch ends by the deadline.

A fetch that must stay within its origin (:meth:`FetchBudget.get_same_origin`, Open Badges 2.0's
documents) is forwarded as such, so a redirect to another origin is refused unfollowed.

Within one run the same URL (with the same ``Accept``) is fetched once: a CLR whose credentials
share an issuer resolves its did:web document once, not once per credential.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from wallet.errors import FetchLimitError
from wallet.fetch import (
    BoundedFetcher,
    Fetcher,
    FetchResponse,
    SameOriginFetcher,
    get_same_origin,
)

__all__ = ["FetchBudget"]

_CACHED_BODY_MAX = 1024 * 1024  # larger bodies (evidence files) are not kept


class FetchBudget:
    """A :class:`~wallet.fetch.Fetcher` that forwards to ``fetcher`` within the limits."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        max_fetches: int,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fetcher = fetcher
        self.max_fetches = max_fetches
        self.seconds = seconds
        self.fetches = 0
        self.spent = 0.0
        self._clock = clock
        self._cache: dict[tuple[str, str], FetchResponse] = {}

    @property
    def left(self) -> float:
        """Seconds of network time left."""
        return max(0.0, self.seconds - self.spent)

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        return self._fetch(url, accept, same_origin=False)

    def get_same_origin(
        self, url: str, *, accept: str = "application/json", timeout: float | None = None
    ) -> FetchResponse:
        """:meth:`get` that never follows a redirect to another origin
        (:class:`~wallet.fetch.SameOriginFetcher`), counted against the same limits."""
        return self._fetch(url, accept, same_origin=True, timeout=timeout)

    def _fetch(
        self, url: str, accept: str, *, same_origin: bool, timeout: float | None = None
    ) -> FetchResponse:
        key = (url, accept + (" same-origin" if same_origin else ""))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if self.fetches >= self.max_fetches:
            raise FetchLimitError(
                f"not fetched: this verification has made the most network "
                f"requests it may ({self.max_fetches})"
            )
        left = self.left if timeout is None else min(self.left, timeout)
        if left <= 0:
            raise FetchLimitError(
                f"not fetched: this verification has spent its network time ({self.seconds:g} s)"
            )
        self.fetches += 1
        started = self._clock()
        try:
            if same_origin:
                response = self._same_origin(url, accept, left)
            elif isinstance(self.fetcher, BoundedFetcher):
                response = self.fetcher.get_within(url, left, accept=accept)
            else:
                response = self.fetcher.get(url, accept=accept)
        finally:
            self.spent += self._clock() - started
        if len(response.body) <= _CACHED_BODY_MAX:
            self._cache[key] = response
        return response

    def _same_origin(self, url: str, accept: str, left: float) -> FetchResponse:
        if isinstance(self.fetcher, SameOriginFetcher):
            return self.fetcher.get_same_origin(url, accept=accept, timeout=left)
        return get_same_origin(self.fetcher, url, accept=accept)
