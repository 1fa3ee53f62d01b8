"""Property tests: signing round-trips any text; any one-character change breaks verification."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from factories import badge
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wallet.crypto.keys import Ed25519KeyPair
from wallet.proofs import dataintegrity as di
from wallet.verification.verify import VerifyOptions, verify_bytes, verify_document

ISSUER = Ed25519KeyPair.from_seed(bytes(range(32)))
OPTS = VerifyOptions(now=datetime(2025, 6, 1, tzinfo=UTC))

# Any Unicode scalar value, control characters (C0, DEL, C1) included, surrogates excluded.
any_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from([chr(c) for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0xFEFF]]),
    ),
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(name=any_text, description=any_text, achievement=any_text)
def test_sign_verify_round_trip_for_any_text(name: str, description: str, achievement: str) -> None:
    doc = badge(ISSUER, name=name, description=description)
    doc["credentialSubject"]["achievement"]["name"] = achievement
    signed = di.sign(doc, ISSUER.signer())
    # Through real JSON bytes, as a credential travels.
    result = verify_bytes(json.dumps(signed, ensure_ascii=False).encode("utf-8"), OPTS)
    assert result.verified, [c for c in result.checks if c.outcome != "passed"]
    assert result.name == name


SIGNED = di.sign(badge(ISSUER), ISSUER.signer(), created="2024-01-01T00:00:00Z")


def _string_slots(node: Any, path: tuple = ()) -> list[tuple[tuple, str, bool]]:
    """Every string in the document: (path, text, is_key)."""
    slots = []
    if isinstance(node, dict):
        for key, value in node.items():
            slots.append(((*path, key), key, True))
            slots.extend(_string_slots(value, (*path, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            slots.extend(_string_slots(value, (*path, i)))
    elif isinstance(node, str):
        slots.append((path, node, False))
    return slots


SLOTS = [s for s in _string_slots(SIGNED) if s[1]]


def _mutate(doc: Any, path: tuple, new: str, is_key: bool) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(doc, list):
        return [(_mutate(v, rest, new, is_key) if i == head else v) for i, v in enumerate(doc)]
    out = {}
    for key, value in doc.items():
        if key == head:
            if is_key and not rest:
                out[new] = value
            else:
                out[key] = _mutate(value, rest, new, is_key)
        else:
            out[key] = value
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slot=st.sampled_from(SLOTS), data=st.data())
def test_any_single_character_change_fails(slot, data) -> None:
    path, text, is_key = slot
    position = data.draw(st.integers(0, len(text) - 1))
    replacement = data.draw(st.characters(blacklist_categories=("Cs",)))
    assume(replacement != text[position])
    changed = text[:position] + replacement + text[position + 1 :]
    if is_key:
        parent = SIGNED
        for step in path[:-1]:
            parent = parent[step]
        assume(changed not in parent)
    tampered = _mutate(SIGNED, path, changed, is_key)
    result = verify_document(tampered, OPTS)
    assert not result.verified, (path, changed)


def test_the_untampered_document_verifies() -> None:
    assert verify_document(SIGNED, OPTS).verified
