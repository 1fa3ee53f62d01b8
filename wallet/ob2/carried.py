"""Open Badges 2.0 badges a presentation carries, verified again when it is viewed.

A badge of OB 2.0 is not a Verifiable Credential, so it cannot be *inside* a CLR 2.0. The
learner's CLR (:mod:`wallet.presenting.present`) carries each as learner-asserted ``evidence``
of ``genre`` :data:`~wallet.presenting.present.OB2_BADGE`: the assertion exactly as received (its
JSON, or a signed assertion's compact JWS) as a ``data:`` URI with its ``digestMultibase``, and
a hosted badge's address as ``url``. A reader — the share page, our verifier — verifies each
again the OB 2.0 way (:func:`verify_carried`): a hosted badge with its host, fetched through the
reader's own fetcher and network policy; a signed one by its signature and its issuer's
documents. Never as an Open Badges 3.0 credential, and never green unless its own verification
passed.

Only the assertion counts: the ``url`` and ``name`` around it are the learner's word (a hosted
badge is checked at its assertion's own ``id``). An entry whose content does not match its
digest, or that cannot be read, is *not verified*, with the reason. At most
:data:`MAX_CARRIED` badges are verified per presentation, within one deadline for them all
(:data:`NETWORK_SECONDS`); the rest are reported as not checked.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from wallet.credential import as_list, objects
from wallet.errors import InputError
from wallet.fetch import Fetcher
from wallet.ob2.model import Identity
from wallet.ob2.reading import read_ob2
from wallet.ob2.verify import Ob2Verification, check_ob2
from wallet.presenting.identity import read_learner
from wallet.presenting.present import OB2_BADGE, digest_multibase
from wallet.result import Check, CheckId, Outcome, Verdict, VerificationResult
from wallet.verification.checks import data_uri

__all__ = [
    "MAX_CARRIED",
    "NETWORK_SECONDS",
    "CarriedBadge",
    "carried_badges",
    "learner_identities",
    "verify_carried",
]

MAX_CARRIED = 8
NETWORK_SECONDS = 20.0
_MEDIA = ("application/ld+json", "application/json", "application/jose", "text/plain")


@dataclass(frozen=True)
class CarriedBadge:
    """One badge as a presentation carries it: the assertion (``raw``) when it can be read,
    else the ``problem``; ``name`` and ``url`` as the learner wrote them."""

    raw: bytes | None
    name: str | None = None
    url: str | None = None
    problem: str | None = None


def _learner_records(presentation: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        vc
        for vc in as_list(presentation.get("verifiableCredential"))
        if isinstance(vc, Mapping) and "ClrCredential" in as_list(vc.get("type"))
    ]


def _carried(entry: Mapping[str, Any]) -> CarriedBadge:
    name = entry.get("name") if isinstance(entry.get("name"), str) else None
    url = entry.get("url") if isinstance(entry.get("url"), str) else None
    eid = entry.get("id")
    if not isinstance(eid, str) or not eid.startswith("data:"):
        return CarriedBadge(
            None, name, url, "the badge is not carried in the record (its assertion is not there)"
        )
    media = eid[5:].split(";", 1)[0].split(",", 1)[0].lower()
    content = data_uri(eid)
    if content is None or media not in _MEDIA:
        return CarriedBadge(None, name, url, "the badge's assertion cannot be read")
    digest = entry.get("digestMultibase")
    if not isinstance(digest, str) or digest_multibase(content) != digest:
        return CarriedBadge(
            None, name, url, "the badge's assertion does not match its digest: it was changed"
        )
    return CarriedBadge(content, name, url)


def carried_badges(presentation: Mapping[str, Any]) -> list[CarriedBadge]:
    """The Open Badges 2.0 badges the learner's CLRs in ``presentation`` carry, in order."""
    return [
        _carried(entry)
        for clr in _learner_records(presentation)
        for entry in objects(clr.get("evidence"))
        if entry.get("genre") == OB2_BADGE
    ]


def learner_identities(presentation: Mapping[str, Any]) -> tuple[Identity, ...]:
    """The identities the learner discloses in their CLR (an e-mail address), to say whether
    a badge names the learner who presents it."""
    out = []
    for clr in _learner_records(presentation):
        email = read_learner(clr).email
        if email:
            out.append(Identity("email", email))
    return tuple(dict.fromkeys(out))


def _not_checked(message: str, detail: str, name: str | None) -> Ob2Verification:
    result = VerificationResult(
        verified=False,
        verdict=Verdict.NOT_VERIFIED,
        kind="credential",
        format="ob2",
        name=name,
        checks=(Check(id=CheckId.FORMAT, outcome=Outcome.FAILED, message=message, detail=detail),),
    )
    return Ob2Verification(result)


def verify_carried(
    presentation: Mapping[str, Any],
    *,
    fetcher: Fetcher | None,
    now: datetime | None = None,
    identities: Iterable[Identity] | None = None,
) -> tuple[Ob2Verification, ...]:
    """Each badge ``presentation`` carries, verified the OB 2.0 way (module docstring), with
    the identities the learner discloses (or ``identities``) as the ones to match its
    recipient against. ``fetcher`` None: offline (a hosted badge is then *issuer not
    confirmed*)."""
    mine = tuple(learner_identities(presentation) if identities is None else identities)
    started = time.monotonic()
    out = []
    for n, carried in enumerate(carried_badges(presentation)):
        if n >= MAX_CARRIED:
            out.append(
                _not_checked(
                    f"not checked: a presentation's first {MAX_CARRIED} Open "
                    "Badges 2.0 badges are checked",
                    "too_many",
                    carried.name,
                )
            )
            continue
        if carried.raw is None:
            out.append(
                _not_checked(carried.problem or "unreadable", "unreadable_input", carried.name)
            )
            continue
        try:
            given = read_ob2(carried.raw)
        except InputError as exc:
            out.append(
                _not_checked(f"the badge cannot be read: {exc.message}", exc.code, carried.name)
            )
            continue
        left = max(0.5, NETWORK_SECONDS - (time.monotonic() - started))
        out.append(
            check_ob2(
                given,
                fetcher=fetcher,
                now=now,
                recipient=mine,
                network_time_limit=timedelta(seconds=left),
            )
        )
    return tuple(out)
