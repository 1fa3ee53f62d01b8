"""Reading Open Badges 2.0 (and 1.x, 0.5) without the network: every form of
``../shared/fixtures/ob2`` and the sources they were made from, the Upgrading rules, the JSON-LD
contexts, the data model, whether an assertion names this learner — and that no assertion,
however malformed, makes verification raise."""

from __future__ import annotations

import copy
import hashlib
import json
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ob2_helpers import CASES, SOURCES, now_fixed, require_fixtures

from wallet.errors import (
    BakedBadgeError,
    ContextNotAllowedError,
    InputError,
    InputTooLargeError,
    RecipientError,
    UnsupportedInputError,
)
from wallet.ob2.contexts import context_problems
from wallet.ob2.documents import FetchedDocument
from wallet.ob2.model import Identity, model_problems, parse_identity, recipient_matches
from wallet.ob2.reading import (
    OB2_CONTEXT,
    alignments,
    detect_version,
    hosted_url,
    read_ob2,
    upgrade,
    verification_type,
)
from wallet.ob2.verify import check_ob2
from wallet.result import Verdict

pytestmark = pytest.mark.usefixtures("fixtures")
NOW = now_fixed()


@pytest.fixture(scope="module")
def fixtures() -> None:
    require_fixtures()


def _json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


# --- forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "form", "origin", "version"),
    [
        ("legacy/0_5_1_assertion.url", "url", "url", None),
        ("legacy/1_0_basic_assertion.json", "json", "json", "1.0"),
        ("legacy/1_1_basic_assertion.json", "json", "json", "1.1"),
        ("real/badgr-OnTs_y9OTvSMOYfHxrtu1g.json", "json", "json", "2.0"),
        ("real/badgr-OnTs_y9OTvSMOYfHxrtu1g.png", "json", "png", "2.0"),
        ("spec/signed-badge.jws", "jws", "jwt", "2.0"),
        ("tampered/baked-hosted.svg", "json", "svg", "2.0"),
        ("tampered/baked-signed.svg", "jws", "svg", "2.0"),
        ("vt/baked_heart-signed.png", "jws", "png", "2.0"),
        ("vt/simple-badge.png", "json", "png", "2.0"),
        ("vt/simple.jws", "jws", "jwt", "2.0"),
    ],
)
def test_every_form_is_read(case: str, form: str, origin: str, version: str | None) -> None:
    data = (CASES / case).read_bytes()
    read = read_ob2(data)
    assert (read.form, read.origin, read.version) == (form, origin, version)
    if origin in ("json", "jwt", "url"):
        assert read.raw.strip() == data.strip()  # what was received, not re-serialized
    if form == "url":
        assert read.url == data.decode().strip()
    if form == "jws":
        assert read.jws and read.document and read.document["type"] == "Assertion"


def test_every_case_and_source_document_reads() -> None:
    """Every input of cases/, and every OB document of sources/ (the validators' files, the
    spec's examples, the real backpack export), reads as OB 2.0 — or, for BadgeClasses and
    issuers, upgrades and names its version."""
    seen = 0
    for path in sorted(CASES.rglob("*")):
        if path.is_file():
            assert read_ob2(path.read_bytes()).form in ("url", "json", "jws"), path
            seen += 1
    for path in sorted(SOURCES.rglob("*.json")):
        doc = _json(path)
        role = (
            "Assertion"
            if "recipient" in doc or "revoked" in doc
            else "BadgeClass"
            if "criteria" in doc
            else "RevocationList"
            if "revokedAssertions" in doc
            else "CryptographicKey"
            if "publicKeyPem" in doc
            else "Profile"
        )
        upgraded, version = upgrade(doc, role, source_url="https://example.org/x")
        assert version == detect_version(doc) and upgraded.get("id"), path
        if role == "Assertion" and "recipient" in doc:
            assert read_ob2(path.read_bytes()).form == "json", path
        seen += 1
    for path in sorted(SOURCES.rglob("*.jwt")):
        assert read_ob2(path.read_bytes()).form == "jws", path
        seen += 1
    assert seen > 60


def test_a_url_as_text_or_in_a_file() -> None:
    assert (
        read_ob2("  https://example.org/assertions/1  ").url == "https://example.org/assertions/1"
    )
    assert read_ob2(b"\xef\xbb\xbfhttps://example.org/a\n").url == "https://example.org/a"
    shortcut = b"[InternetShortcut]\r\nURL=https://example.org/b\r\nIDList=\r\n"
    assert read_ob2(shortcut).url == "https://example.org/b"
    with pytest.raises(UnsupportedInputError):
        read_ob2(b"ftp://example.org/a")


def test_an_ob3_credential_is_not_an_ob2_badge() -> None:
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
    }
    with pytest.raises(UnsupportedInputError, match="not an Open Badges 2.0"):
        read_ob2(json.dumps(vc).encode())


def _png(*chunks: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + b"".join(chunk(k, b) for k, b in chunks)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_hostile_baked_badges_are_refused_with_a_reason() -> None:
    assertion = (CASES / "tampered/assertion-on-foreign-origin.json").read_bytes()
    twice = _png(
        (b"iTXt", b"openbadges\0\0\0\0\0" + assertion),
        (b"iTXt", b"openbadges\0\0\0\0\0" + assertion),
    )
    with pytest.raises(BakedBadgeError, match="two 'openbadges' chunks"):
        read_ob2(twice)
    bomb = _png((b"zTXt", b"openbadges\0\0" + zlib.compress(b"{" * (6 * 1024 * 1024), 9)))
    with pytest.raises(InputTooLargeError, match="inflates to more than"):
        read_ob2(bomb)
    svg = (CASES / "tampered/baked-hosted.svg").read_text()
    external = svg.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    )
    with pytest.raises(BakedBadgeError, match="entity declarations are refused"):
        read_ob2(external.encode())


# --- upgrading ----------------------------------------------------------------------------


def test_upgrading_0_5() -> None:
    source = _json(SOURCES / "vt-python" / "0_5_1_assertion.json")
    before = copy.deepcopy(source)
    doc, version = upgrade(source, "Assertion", source_url="https://oldstyle.com/a")
    assert source == before  # the input is never changed
    assert version == "0.5" and doc["id"] == "https://oldstyle.com/a"
    assert doc["recipient"] == {
        "type": "email",
        "hashed": True,
        "salt": "sel gris",
        "identity": source["recipient"],
    }
    assert doc["issuedOn"] == "2011-06-01T00:00:00+00:00" and "issued_on" not in doc
    assert verification_type(doc) == "hosted"
    assert doc["badge"]["type"] == "BadgeClass"
    assert doc["badge"]["issuer"]["url"] == "http://oldstyle.com"
    assert recipient_matches(doc, [("email", "test@example.com")]) is True


def test_upgrading_1_0_and_1_1() -> None:
    doc, version = upgrade(_json(CASES / "legacy" / "1_0_basic_assertion.json"), "Assertion")
    assert version == "1.0" and doc["type"] == "Assertion"
    assert doc["id"] == hosted_url(doc) == "http://127.0.0.1:47620/legacy/instance"
    assert doc["issuedOn"] == "2015-04-30T00:00:00+00:00"
    issuer, _ = upgrade(
        _json(SOURCES / "vt-python" / "1_0_basic_issuer.json"),
        "Profile",
        source_url="http://a.com/issuer",
    )
    assert (issuer["id"], issuer["type"]) == ("http://a.com/issuer", "Issuer")
    badge = _json(SOURCES / "vt-python" / "1_1_basic_badgeclass.json")
    badge["alignment"] = [
        {"name": "Target 1", "description": "One", "url": "http://example.org/target-1"},
        {"name": "Target 2", "url": "http://example.org/target-2"},
    ]
    upgraded, version = upgrade(badge, "BadgeClass")
    assert version == "1.1"
    assert [a["targetUrl"] for a in upgraded["alignment"]] == [
        "http://example.org/target-1",
        "http://example.org/target-2",
    ]
    assert [a.targetName for a in alignments(upgraded)] == ["Target 1", "Target 2"]
    stamped, _ = upgrade(
        {**_json(CASES / "legacy" / "1_1_basic_assertion.json"), "issuedOn": 1500423730},
        "Assertion",
    )
    assert stamped["issuedOn"] == "2017-07-19T00:22:10+00:00"


# --- contexts and the data model ------------------------------------------------------------


def test_contexts_are_bundled_and_must_mean_what_ob2_says() -> None:
    www = CASES.parent / "www" / "A"
    assert context_problems(_json(www / "tm" / "badge.json")) == []
    inline = _json(www / "vt" / "issuer-with-allowed-origins-valid-starts-with.json")
    assert isinstance(inline["@context"], dict) and context_problems(inline) == []
    with pytest.raises(ContextNotAllowedError, match="never fetched"):
        context_problems(_json(CASES / "vt" / "basic-assertion-invalid-context.json"))
    hijacked = _json(CASES / "tampered" / "recipient-url.json")
    hijacked["@context"] = [OB2_CONTEXT, {"recipient": "http://evil.example/recipient"}]
    assert any("redefines 'recipient'" in p for p in context_problems(hijacked))


def test_the_data_model() -> None:
    www = CASES.parent / "www" / "A"
    no_criteria = model_problems(_json(www / "tm" / "badge-no-criteria.json"), "BadgeClass")
    assert [(p.severity, p.path) for p in no_criteria] == [("error", "BadgeClass.criteria")]
    no_url = model_problems(_json(www / "tm" / "badge-aligned-no-url.json"), "BadgeClass")
    assert [(p.severity, p.path) for p in no_url] == [("finding", "BadgeClass.alignment")]
    wrong_type = model_problems(
        _json(CASES / "vt" / "basic-assertion-invalid-type.json"), "Assertion"
    )
    assert [p.severity for p in wrong_type] == ["error"] and "OtherAssertion" in wrong_type[
        0
    ].message
    assert model_problems(_json(www / "spec" / "beths-robotics-badge.json"), "Assertion") == []
    no_zone = {
        **_json(CASES / "tampered" / "recipient-url.json"),
        "issuedOn": "2024-05-01T12:00:00",
    }
    assert [p.severity for p in model_problems(no_zone, "Assertion")] == ["finding"]


# --- the recipient ------------------------------------------------------------------------


def test_recipients_of_every_kind() -> None:
    tm = CASES / "tampered"
    salted = _json(tm / "alignment-case-item.json")
    assert recipient_matches(salted, [("email", "learner@example.net")]) is True
    assert recipient_matches(salted, [("email", "Learner@Example.NET")]) is True  # lowered
    assert recipient_matches(salted, [("email", "mallory@example.net")]) is False
    assert recipient_matches(salted, [("telephone", "+15555550123")]) is None  # cannot tell
    swapped = _json(tm / "local-copy-recipient-swapped.json")
    assert recipient_matches(swapped, [Identity("email", "mallory@example.net")]) is True
    # a hashed identity without a salt: the hash of the bare value (OB 2.0 IdentityObject)
    unsalted = _json(tm / "recipient-email-unsalted.json")
    assert "salt" not in unsalted["recipient"]
    assert recipient_matches(unsalted, [("email", "learner@example.net")]) is True
    telephone = _json(tm / "recipient-telephone.json")
    assert recipient_matches(telephone, [parse_identity("telephone:+1 555-555-0123")]) is True
    url = _json(tm / "recipient-url.json")
    assert recipient_matches(url, [parse_identity("url:http://127.0.0.1:47620/people/alice")])
    assert recipient_matches(url, [("url", "http://127.0.0.1:47620/people/bob")]) is False
    plain = upgrade(_json(CASES / "legacy" / "1_0_basic_assertion.json"), "Assertion")[0]
    assert recipient_matches(plain, [("email", "TEST@example.com")]) is True
    md5 = {
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": "s",
            "identity": "md5$" + hashlib.md5(b"a@b.example" + b"s").hexdigest(),
        }
    }
    assert recipient_matches(md5, [("email", "a@b.example")]) is True


@pytest.mark.parametrize(
    ("recipient", "words"),
    [
        ({"type": "email", "hashed": True, "identity": ["a@b.example", "c@d.example"]}, "a list"),
        (
            {
                "type": "email",
                "hashed": True,
                "salt": "s",
                "identity": "sha1$" + hashlib.sha1(b"a@b.examples").hexdigest(),
            },
            "'sha1'",
        ),
        ({"type": "email", "hashed": True, "identity": "sha256$abc"}, "wrong length"),
        ({"type": "email", "hashed": True, "identity": "a@b.example"}, "ALGORITHM"),
        ({"type": "email", "hashed": "yes", "identity": "a@b.example"}, "true or false"),
    ],
)
def test_recipients_that_cannot_be_compared(recipient: dict, words: str) -> None:
    with pytest.raises(RecipientError, match=words):
        recipient_matches({"recipient": recipient}, [("email", "a@b.example")])


def test_identities_from_the_command_line() -> None:
    assert parse_identity("email:someone@example.org") == Identity("email", "someone@example.org")
    assert parse_identity("url:https://example.org/me").value == "https://example.org/me"
    for bad in ("someone@example.org", "fax:123", "email:"):
        with pytest.raises(RecipientError, match="TYPE:VALUE"):
            parse_identity(bad)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "hosted",
            "signed",
            "sha256$" + "0" * 64,
            "https://w3id.org/openbadges/v2",
            "2024-05-01T12:00:00Z",
            "http://127.0.0.1:47620/tm/badge.json",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "identity",
                    "hashed",
                    "salt",
                    "@id",
                    "@type",
                    "url",
                    "issuer",
                    "publicKey",
                    "creator",
                    "verification",
                ]
            ),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    where=st.sampled_from(["tm/assertion-1.json", "tm/badge.json", "vt/organization.json"]),
    key=st.sampled_from(
        [
            "@context",
            "id",
            "type",
            "recipient",
            "badge",
            "verification",
            "verify",
            "issuedOn",
            "expires",
            "revoked",
            "evidence",
            "image",
            "endorsement",
            "uid",
            "issuer",
            "criteria",
            "alignment",
            "name",
            "url",
            "publicKey",
            "revocationList",
        ]
    ),
    value=JSON_VALUES,
)
def test_no_document_makes_verification_raise(where: str, key: str, value: object) -> None:
    """Offline, with the documents kept from an earlier check: whatever one property of the
    assertion, its BadgeClass or its issuer holds, verification returns a result — it never
    raises, and never says *verified*."""
    require_fixtures()
    www = CASES.parent / "www" / "A"
    docs = {
        path: _json(www / path)
        for path in ("tm/assertion-1.json", "tm/badge.json", "vt/organization.json")
    }
    docs[where][key] = value
    kept = {
        f"http://127.0.0.1:47620/{path}": FetchedDocument(
            f"http://127.0.0.1:47620/{path}", json.dumps(doc).encode(), NOW
        )
        for path, doc in docs.items()
    }
    try:
        read = read_ob2(json.dumps(docs["tm/assertion-1.json"]).encode())
    except InputError:
        return  # not read as an OB 2.0 badge: said so, with a reason
    found = check_ob2(
        read, fetcher=None, stored=kept, now=NOW, recipient=[("email", "learner@example.net")]
    )
    assert found.result.verdict in Verdict
    assert found.result.verdict is not Verdict.VERIFIED  # offline: never green
