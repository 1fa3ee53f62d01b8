"""Our verifier under load and abuse: the bounds on its endpoints (mounted by the share service).

==================================  =============================================================
what                                bound
==================================  =============================================================
``POST /ask``                       :data:`ASKS_PER_MINUTE` per client address, across replicas
                                    (the store counts, :meth:`ShareStore.hit`); at most
                                    :data:`OPEN_PER_CLIENT` open requests per address and
                                    :data:`MAX_REQUESTS` requests in all (per replica, in memory)
``GET|POST /oid4vp/request/{id}``   :data:`REQUEST_OBJECTS_PER_MINUTE` per client address; a
                                    POST's body at most :data:`REQUEST_OBJECT_BODY` bytes, its
                                    ``wallet_nonce`` at most :data:`MAX_WALLET_NONCE` characters
``POST /oid4vp/response/{id}``,     :data:`ANSWERS_PER_MINUTE` per client address (both together);
``POST /vcapi/exchanges/{id}``      a body of at most :data:`ANSWER_BODY` bytes sent within
                                    :data:`ANSWER_SECONDS`; strict JSON (:data:`ANSWER_JSON`); at
                                    most :data:`MAX_PRESENTATIONS` presentations and
                                    :data:`MAX_CREDENTIALS` credentials in them, in all; verified
                                    off the event loop by :data:`WORKERS` threads with at most
                                    :data:`WAITING` answers waiting (else 503, ``Retry-After``),
                                    within one work budget (:data:`wallet.limits.MAX_RUN_WORK`)
                                    and one network budget (:data:`ANSWER_FETCHES` fetches,
                                    :data:`ANSWER_NETWORK_SECONDS` s) for the whole answer
``POST /credentials/verify``,       :data:`VERIFICATIONS_PER_MINUTE` per client address (both
``POST /presentations/verify``      together; :mod:`wallet.exchange.vcapi_verify`); the same body,
                                    JSON, size, worker and budget bounds as an answer
kept in memory                      events per request: :data:`MAX_EVENTS`; answers:
                                    :data:`MAX_KEPT_ANSWERS` bytes (estimated, see
                                    :func:`answer_cost`); ended requests are forgotten
                                    :data:`KEEP_ENDED` s after they expire
==================================  =============================================================

Each replica also counts each client in memory first (so a flood costs the database nothing once
a replica has refused it); the database's count is what makes a limit hold across replicas.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from typing import Any, TypeVar

from wallet.credential import JsonLimits
from wallet.crypto import jws
from wallet.errors import ResponseRejectedError, WalletError
from wallet.limits import work_budget
from wallet.verification.budget import FetchBudget

__all__ = [
    "ANSWERS_PER_MINUTE",
    "ASKS_PER_MINUTE",
    "VERIFICATIONS_PER_MINUTE",
    "RateLimits",
    "RequestBook",
    "Workers",
    "answer_budget",
    "answer_cost",
    "answer_fetcher",
    "challenges",
    "check_answer_size",
]

ASKS_PER_MINUTE = 10
REQUEST_OBJECTS_PER_MINUTE = 60
ANSWERS_PER_MINUTE = 20
VERIFICATIONS_PER_MINUTE = 120
OPEN_PER_CLIENT = 10
MAX_REQUESTS = 1_000
KEEP_ENDED = 3600.0
MAX_EVENTS = 32
MAX_WALLET_NONCE = 256
REQUEST_OBJECT_BODY = 64 * 1024
ANSWER_BODY = 4 * 1024 * 1024
ANSWER_SECONDS = 30.0
ANSWER_JSON: JsonLimits = {
    "max_bytes": None,
    "max_depth": 100,
    "max_containers": 50_000,
    "max_values": 250_000,
}
MAX_PRESENTATIONS = 16
MAX_CREDENTIALS = 32
WORKERS = 2
WAITING = 4
RETRY_AFTER = 5
BUSY = "the verifier is busy checking other answers; send the answer again in a few seconds"
ANSWER_FETCHES = 64
ANSWER_NETWORK_SECONDS = 20.0
MAX_KEPT_ANSWERS = 128 * 1024 * 1024

T = TypeVar("T")


# --- rate limits --------------------------------------------------------------------------------


class _Window:
    """A sliding window per client address, in this process's memory."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self.hits: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self.lock:
            hits = self.hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self.hits) > 10_000:
                self.hits = defaultdict(
                    deque, {k: v for k, v in self.hits.items() if v and v[-1] > now - self.window}
                )
            return True


class RateLimits:
    """Per-client limits per endpoint (``ask``, ``request``, ``answer``, ``verify``): this
    replica's count first, then the store's
    (:meth:`~wallet.exchange.share_store.ShareStore.hit`, shared by every replica on the same
    database)."""

    def __init__(self, store: Any = None, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock  # for the store's windows (a test may hold it still)
        self.limits = {
            "ask": ASKS_PER_MINUTE,
            "request": REQUEST_OBJECTS_PER_MINUTE,
            "answer": ANSWERS_PER_MINUTE,
            "verify": VERIFICATIONS_PER_MINUTE,
        }
        self._memory = {bucket: _Window(limit) for bucket, limit in self.limits.items()}

    def set_limit(self, bucket: str, limit: int) -> None:
        """The operator's own per-minute limit for ``bucket`` (at least 1)."""
        self.limits[bucket] = max(1, limit)
        self._memory[bucket] = _Window(self.limits[bucket])

    def allow(self, bucket: str, client: str) -> bool:
        if not self._memory[bucket].allow(client):
            return False
        return self.store is None or self.store.hit(
            f"verifier:{bucket}", client, self.limits[bucket], now=self.clock()
        )


# --- the worker pool ----------------------------------------------------------------------------


class Workers:
    """A few threads that verify answers, so the event loop keeps serving every other page;
    at most ``workers`` run and ``waiting`` wait — beyond that :meth:`run` refuses at once
    (:class:`~wallet.errors.ResponseRejectedError`, status 503: the endpoint answers so, with
    ``Retry-After``)."""

    def __init__(self, workers: int | None = None, waiting: int | None = None) -> None:
        workers = WORKERS if workers is None else workers
        self.capacity = workers + (WAITING if waiting is None else waiting)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="verifier")
        self._taken = 0
        self._lock = threading.Lock()

    @property
    def taken(self) -> int:
        """Answers being verified or waiting for a worker."""
        return self._taken

    def _release(self, _done: Future[Any]) -> None:
        with self._lock:
            self._taken -= 1

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._taken >= self.capacity:
                raise ResponseRejectedError(BUSY, error="temporarily_unavailable", status=503)
            self._taken += 1
        try:
            future = self._pool.submit(copy_context().run, function, *args)
        except BaseException:
            with self._lock:
                self._taken -= 1
            raise
        # Released when the work ends, not when this coroutine does: a client that goes away
        # does not free a worker that is still verifying its answer.
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)


# --- one answer's bounds ------------------------------------------------------------------------


def answer_cost(text: str | bytes) -> int:
    """About how many bytes an answer's JSON ``text`` takes once parsed and kept: its length
    and a Python object per object, array and value (an upper estimate)."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return len(data) + 120 * (data.count(b"{") + data.count(b"[")) + 60 * (data.count(b",") + 1)


def _credentials_in(item: Any) -> int:
    if isinstance(item, str):
        try:
            payload = jws.decode_jws(item).payload
        except WalletError:
            return 0  # verification says what is wrong with it
        vp = payload.get("vp") if isinstance(payload, Mapping) else None
        inner = vp.get("verifiableCredential") if isinstance(vp, Mapping) else None
    elif isinstance(item, Mapping):
        inner = item.get("verifiableCredential")
    else:
        return 0
    return len(inner) if isinstance(inner, list) else 1 if inner else 0


def check_answer_size(items: list[Any]) -> None:
    """Refuse, before any verification, an answer of more than :data:`MAX_PRESENTATIONS`
    presentations or :data:`MAX_CREDENTIALS` credentials in them in all."""
    if len(items) > MAX_PRESENTATIONS:
        raise ResponseRejectedError(
            f"the answer holds {len(items):,} presentations; this "
            f"verifier takes at most {MAX_PRESENTATIONS} per answer"
        )
    credentials = sum(_credentials_in(item) for item in items)
    if credentials > MAX_CREDENTIALS:
        raise ResponseRejectedError(
            f"the answer holds {credentials:,} credentials; this "
            f"verifier takes at most {MAX_CREDENTIALS} per answer"
        )


_FETCHER: ContextVar[FetchBudget | None] = ContextVar("verifier_answer_fetcher", default=None)


def answer_fetcher() -> FetchBudget | None:
    """The network budget of the answer being checked in this context, if any."""
    return _FETCHER.get()


@contextmanager
def answer_budget(fetcher: Any) -> Iterator[None]:
    """Check one answer within one work budget (every presentation and credential in it
    together) and one network budget (``fetcher`` wrapped; see :func:`answer_fetcher`)."""
    budget = (
        FetchBudget(fetcher, max_fetches=ANSWER_FETCHES, seconds=ANSWER_NETWORK_SECONDS)
        if fetcher is not None
        else None
    )
    token = _FETCHER.set(budget)
    try:
        with work_budget():
            yield
    finally:
        _FETCHER.reset(token)


# --- the requests kept in memory ----------------------------------------------------------------


def challenges(vp: Mapping[str, Any]) -> set[str]:
    """The challenges a presentation's proofs claim (unverified: to tell whose it is)."""
    proofs = vp.get("proof")
    items = proofs if isinstance(proofs, list) else [proofs]
    return {
        p["challenge"]
        for p in items
        if isinstance(p, Mapping) and isinstance(p.get("challenge"), str)
    }


def _ended(request: Any) -> bool:
    return bool(request.expired or request.status != "waiting")


class RequestBook:
    """A verifier's requests (by id and by page token), in memory and bounded: at most
    :data:`MAX_REQUESTS`, :data:`OPEN_PER_CLIENT` open per client, answers of
    :data:`MAX_KEPT_ANSWERS` bytes in all (estimated), ended ones forgotten
    :data:`KEEP_ENDED` seconds after their expiry — or sooner, oldest first, when room is
    needed. Open requests are never forgotten before they expire. Thread-safe (``lock``)."""

    def __init__(self) -> None:
        self._requests: dict[str, Any] = {}
        self._by_page: dict[str, str] = {}
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._requests)

    def get(self, rid: str) -> Any:
        with self.lock:
            return self._requests.get(rid)

    def by_page(self, token: str) -> Any:
        with self.lock:
            return self._requests.get(self._by_page.get(token, ""))

    def add(self, request: Any) -> None:
        with self.lock:
            self._purge()
            self._requests[request.id] = request
            self._by_page[request.page_token] = request.id

    def purge(self) -> int:
        """Forget the requests that ended long enough ago; how many are left."""
        with self.lock:
            self._purge(room=0)
            return len(self._requests)

    def _forget(self, request: Any) -> None:
        self._requests.pop(request.id, None)
        self._by_page.pop(request.page_token, None)

    def _purge(self, room: int = 1) -> None:
        now = time.time()
        for old in [r for r in self._requests.values() if r.expires < now - KEEP_ENDED]:
            self._forget(old)
        for old in sorted(
            (r for r in self._requests.values() if _ended(r)), key=lambda r: r.expires
        ):
            if len(self._requests) + room <= MAX_REQUESTS:
                break
            self._forget(old)

    def no_room(self, client: str) -> str | None:
        """Why ``client`` may not open another request now (None: it may)."""
        with self.lock:
            self._purge()
            mine = sum(1 for r in self._requests.values() if r.client == client and not _ended(r))
            if mine >= OPEN_PER_CLIENT:
                return (
                    f"you have {mine} open requests; at most {OPEN_PER_CLIENT} may be open "
                    "at once — wait for an answer or for one to expire"
                )
            if len(self._requests) >= MAX_REQUESTS:
                return "this verifier holds as many requests as it may; try again in a few minutes"
        return None

    def make_room(self, request: Any, cost: int) -> None:
        """Forget ended requests, oldest first, until ``request`` may keep an answer of
        ``cost`` (:func:`answer_cost`); refuses (503) when that is not enough. Call with
        the lock."""
        kept = sum(r.answer_cost for r in self._requests.values() if r is not request)
        for old in sorted(
            (
                r
                for r in self._requests.values()
                if r.answer_cost and _ended(r) and r is not request
            ),
            key=lambda r: r.expires,
        ):
            if kept + cost <= MAX_KEPT_ANSWERS:
                break
            kept -= old.answer_cost
            self._forget(old)
        if kept + cost > MAX_KEPT_ANSWERS:
            raise ResponseRejectedError(
                "this verifier holds as many answers as it may just "
                "now; send the answer again in a minute",
                error="temporarily_unavailable",
                status=503,
            )
