"""A credential's name and its issuer's, read without the views (wallet.reading.names, what
verification reports), are the views' own (``parse_credential(doc).name`` — else the
achievement's — and ``.issuer_name``): on every credential the tests hold as files, and on
documents of every shape hypothesis makes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from factories import badge, clr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wallet.crypto.keys import Ed25519KeyPair
from wallet.reading.models import parse_credential
from wallet.reading.names import credential_names

ROOT = Path(__file__).resolve().parents[2]
KEY = Ed25519KeyPair.from_seed(b"\x05" * 32)


def _views(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    view = parse_credential(doc)
    if view.name is not None:
        return view.name, view.issuer_name
    return (view.achievement.name if view.achievement else None), view.issuer_name


def _files() -> list[Path]:
    found = sorted((ROOT / "assets" / "samples").glob("*.json"))
    for folder in ("tests/vectors", "tests/fixtures/1edtech-validator"):
        found += sorted((ROOT / folder).rglob("*.json"))
    return found


def _credentials(value: Any) -> list[dict[str, Any]]:
    """The JSON objects in a file that have a ``type`` (credentials, and their parts)."""
    if isinstance(value, dict):
        own = [value] if "type" in value else []
        return own + [c for v in value.values() for c in _credentials(v)]
    if isinstance(value, list):
        return [c for v in value for c in _credentials(v)]
    return []


def test_every_credential_the_tests_hold() -> None:
    seen = 0
    for path in _files():
        try:
            data = json.loads(path.read_text("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        for doc in _credentials(data):
            assert credential_names(doc) == _views(doc), path
            seen += 1
    assert seen > 100


@pytest.mark.parametrize(
    "doc",
    [
        badge(KEY),
        badge(KEY, name=None),
        badge(KEY, name={"@value": "배지", "@language": "ko"}),
        badge(KEY, name=[None, 7, "x"]),
        badge(KEY, issuer=KEY.did),
        badge(KEY, issuer={"id": KEY.did, "givenName": "Jimin", "familyName": "Park"}),
        badge(KEY, issuer={"id": KEY.did, "name": "", "familyName": "Park"}),
        badge(KEY, name=None, type=["VerifiableCredential", "AchievementCredential"]),
        badge(KEY, name=None, type=["VerifiableCredential"]),
        clr(KEY, [badge(KEY)]) | {"name": None},
        badge(
            KEY, name=None, type=["VerifiableCredential", "ClrCredential", "OpenBadgeCredential"]
        ),
        badge(
            KEY,
            name=None,
            credentialSubject=[
                {"achievement": "https://x.example/a"},
                {"achievement": {"name": "Second"}},
            ],
        ),
        badge(KEY, name=None, credentialSubject=[7, {"achievement": {"name": ["", "B"]}}]),
    ],
    ids=lambda d: json.dumps(d.get("name"))[:20] + " " + json.dumps(d.get("issuer"))[:30],
)
def test_the_shapes_a_name_comes_in(doc: dict[str, Any]) -> None:
    assert credential_names(doc) == _views(doc)


_TEXT = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.fixed_dictionaries({"@value": st.text(max_size=3)}),
    st.fixed_dictionaries({"@value": st.integers()}),
    st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=3),
)
_PROFILE = st.one_of(
    st.text(max_size=5),
    st.none(),
    st.integers(),
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.text(max_size=3),
            "name": _TEXT,
            "givenName": _TEXT,
            "familyName": _TEXT,
        },
    ),
)
_ACHIEVEMENT = st.one_of(
    st.none(),
    st.text(max_size=3),
    st.fixed_dictionaries({}, optional={"name": _TEXT, "type": st.just(["Achievement"])}),
)
_SUBJECT = st.fixed_dictionaries(
    {}, optional={"achievement": _ACHIEVEMENT, "id": st.text(max_size=3)}
)
_TYPES = st.lists(
    st.sampled_from(
        [
            "VerifiableCredential",
            "OpenBadgeCredential",
            "AchievementCredential",
            "ClrCredential",
            "EndorsementCredential",
            "Other",
        ]
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(_TYPES, st.sampled_from(["OpenBadgeCredential", "ClrCredential"])),
            "name": _TEXT,
            "issuer": _PROFILE,
            "credentialSubject": st.one_of(
                _SUBJECT, st.lists(_SUBJECT, max_size=2), st.none(), st.text(max_size=2)
            ),
        },
    )
)
def test_any_shape(doc: dict[str, Any]) -> None:
    assert credential_names(doc) == _views(doc)
