"""Models are views: they read any credential, keep extensions and never change the input."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from factories import badge, clr
from vectorpages import json_example

from wallet.errors import InputError
from wallet.keys import Ed25519KeyPair
from wallet.models import (
    AchievementCredential,
    ClrCredential,
    VerifiableCredential,
    parse_credential,
)

KEY = Ed25519KeyPair.from_seed(bytes(32))
SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "ob3-data-analysis.json"


def test_ob3_view_of_the_1edtech_example() -> None:
    doc = json_example("ob", "Signed credential")
    before = copy.deepcopy(doc)
    view = parse_credential(doc)
    assert isinstance(view, AchievementCredential) and view.is_ob3
    assert view.display_name == "Teamwork Badge"
    assert view.issuer_id == "https://example.edu/issuers/565049"
    assert view.issuer_name == "Example Corp"
    assert view.achievement.name == "Teamwork"
    assert view.achievement.criteria.narrative.startswith("Team members")
    assert view.valid_from.year == 2010 and view.valid_until is None
    assert view.proof[0].cryptosuite == "eddsa-rdfc-2022"
    assert doc == before


def test_clr_view_reaches_the_nested_credentials() -> None:
    view = parse_credential(json_example("clr", "Signed credential"))
    assert isinstance(view, ClrCredential) and view.is_clr
    nested = view.credentialSubject.credentials()
    assert nested and all(isinstance(n, AchievementCredential) for n in nested)
    inner = clr(KEY, [badge(KEY), "eyJhbGciOiJFZERTQSJ9.e30.AA"])
    assert len(parse_credential(inner).credentialSubject.credentials()) == 1


def test_case_alignments_and_results() -> None:
    view = parse_credential(json.loads(SAMPLE.read_text()))
    (alignment,) = view.alignments
    assert alignment.is_case_item and alignment.targetCode == "DA.2.1"
    assert view.credentialSubject.result[0].value == "A"
    assert view.achievement.resultDescription[0].allowedValue == ("A", "B", "C", "D", "F")


def test_extensions_are_preserved_and_shapes_are_lenient() -> None:
    doc = badge(KEY, issuer="https://issuer.example", image="https://issuer.example/b.png")
    doc["type"] = "OpenBadgeCredential"
    doc["x-extension"] = {"any": ["thing"]}
    doc["credentialSubject"]["achievement"]["x-level"] = 3
    view = parse_credential(doc)
    assert view.issuer_id == "https://issuer.example"
    assert view.image_url == "https://issuer.example/b.png"
    assert view.model_extra == {"x-extension": {"any": ["thing"]}}
    assert view.achievement.model_extra == {"x-level": 3}


def test_odd_input_falls_back_instead_of_raising() -> None:
    view = parse_credential({"type": ["VerifiableCredential", "OpenBadgeCredential"],
                             "credentialSubject": "not an object", "name": "Odd"})
    assert isinstance(view, VerifiableCredential) and view.display_name == "Odd"
    with pytest.raises(InputError):
        parse_credential(["not", "an", "object"])  # type: ignore[arg-type]
