"""The strict offline document loader and safe mode."""

from __future__ import annotations

import copy
import socket

import pytest
from vectorpages import json_example

from wallet.errors import (
    ContextNotAllowedError,
    InvalidJsonLdError,
    RelativeIriError,
    UndefinedTermError,
)
from wallet.ld import jsonld


@pytest.fixture
def ob() -> dict:
    return json_example("ob", "Credential")


def test_every_bundled_context_loads() -> None:
    loader = jsonld.DocumentLoader()
    urls = jsonld.bundled_context_urls()
    assert "https://www.w3.org/ns/credentials/v2" in urls
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in urls
    for url in urls:
        doc = loader(url)["document"]
        assert "@context" in doc, url


def test_unknown_context_is_refused_without_touching_the_network(ob, monkeypatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("the loader tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    ob["@context"] = [*ob["@context"], "https://evil.example/context.json"]
    with pytest.raises(ContextNotAllowedError) as err:
        jsonld.to_rdf(ob)
    assert err.value.code == "context_not_allowed"
    assert "https://evil.example/context.json" in err.value.message


def test_undefined_property_is_an_error_not_a_silent_drop(ob) -> None:
    ob["credentialSubject"]["achievement"]["favouriteColour"] = "blue"
    with pytest.raises(UndefinedTermError) as err:
        jsonld.to_rdf(ob)
    assert "favouriteColour" in err.value.message
    # Without safe mode the same document "works" by dropping the data: exactly the danger.
    dataset = jsonld.to_rdf(ob, safe=False)
    assert "blue" not in str(dataset)


def test_undefined_type_is_an_error(ob) -> None:
    ob["credentialSubject"]["achievement"]["type"] = ["Achievement", "SecretBadge"]
    with pytest.raises(UndefinedTermError) as err:
        jsonld.to_rdf(ob)
    assert "SecretBadge" in err.value.message


def test_relative_iri_is_an_error(ob) -> None:
    ob["credentialSubject"]["achievement"]["id"] = "achievements/teamwork"
    with pytest.raises(RelativeIriError) as err:
        jsonld.to_rdf(ob)
    assert "achievements/teamwork" in err.value.message


def test_invalid_jsonld_gets_a_named_error() -> None:
    with pytest.raises(InvalidJsonLdError):
        jsonld.to_rdf({"@context": 42, "name": "x"})
    with pytest.raises(InvalidJsonLdError):
        jsonld.to_rdf(["not", "an", "object"])  # type: ignore[arg-type]


def test_input_is_never_mutated(ob) -> None:
    before = copy.deepcopy(ob)
    jsonld.to_rdf(ob)
    assert ob == before


def test_extra_contexts_do_not_leak_into_a_stricter_loader(ob, examples_loader) -> None:
    """Loaders cache processed contexts separately: what one knows, another must not."""
    doc = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "type": ["VerifiableCredential"],
        "alumniOf": "x",
        "credentialSubject": {"id": "did:example:1"},
        "issuer": "did:example:2",
    }
    assert jsonld.to_rdf(doc, loader=examples_loader)
    with pytest.raises(ContextNotAllowedError):
        jsonld.to_rdf(doc)


def test_bundled_contexts_are_pristine_after_use(ob) -> None:
    loader = jsonld.DocumentLoader()
    first = copy.deepcopy(loader("https://www.w3.org/ns/credentials/v2")["document"])
    jsonld.to_rdf(ob, loader=loader)
    assert loader("https://www.w3.org/ns/credentials/v2")["document"] == first
