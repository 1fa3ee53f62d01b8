"""The wallet's CBOR-LD and VP1 QR text against the DCC's JavaScript libraries — the ones the DCC
Learner Credential Wallet pins (@digitalcredentials/vpqr 2.2.1 over @digitalcredentials/cborld
4.x) — with the published contexts of the npm context packages, and Digital Bazaar's verifier.
Both ways: their reader takes the wallet's text and the credentials verify; the wallet reads
their text and verifies it; one changed character is refused by both; the bytes are equal."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from cborld_vectors import documents, run_node
from factories import signed_badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.demo.catalog import DemoCatalog
from wallet.errors import WalletError
from wallet.formats import cborld, vpqr
from wallet.formats.cborld import same_json
from wallet.formats.cborld_contexts import published_context
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Outcome, Verdict
from wallet.verification.verify import VerifyOptions, verify_document

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "vectors" / "cborld" / "vectors.json").read_text())
SAMPLES = ROOT / "assets" / "samples"
VC2 = "https://www.w3.org/ns/credentials/v2"
CHALLENGE, DOMAIN = "job-42", "https://employer.example"


@pytest.fixture(scope="module")
def node(node_modules: Path) -> Path:
    return node_modules


@pytest.fixture(scope="module")
def keys() -> tuple[Ed25519KeyPair, Ed25519KeyPair]:
    return Ed25519KeyPair.generate(), Ed25519KeyPair.generate()


def _presentation(learner: Ed25519KeyPair, credentials: list[dict[str, Any]]) -> dict[str, Any]:
    """A plain presentation holding the credentials directly, signed by the learner."""
    vp = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "holder": learner.did,
        "verifiableCredential": credentials,
    }
    return di.sign(
        vp, learner.signer(), proof_purpose="authentication", challenge=CHALLENGE, domain=DOMAIN
    )


def _demo_badge(issuer: Ed25519KeyPair, learner: Ed25519KeyPair, badge_id: str) -> dict:
    catalog = DemoCatalog("https://issuer.example", issuer)
    return catalog.sign_ldp(catalog.badge_credential(badge_id, learner.did))


def _sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text())


# --- the same bytes --------------------------------------------------------------------------


def test_the_committed_vectors_are_still_the_librarys(node) -> None:
    """tests/vectors/cborld (which the core tests check the wallet against without Node) is what
    the JavaScript libraries make today, from documents made the same way again."""
    made = documents()
    assert [name for name, _ in made] == [v["name"] for v in VECTORS]
    for (_, doc), vector in zip(made, VECTORS, strict=True):
        if vector["name"] != "demo-issuer-badge" and "presentation" not in vector["name"]:
            assert same_json(doc, vector["document"]), vector["name"]
    docs = [v["document"] for v in VECTORS]
    assert run_node("encode", docs) == [v["cborld"] for v in VECTORS]
    texts = run_node("to-vp1", docs)
    for text, vector in zip(texts, VECTORS, strict=True):
        assert text == vector.get("vp1", text), vector["name"]


def test_our_bytes_equal_the_librarys(node, keys) -> None:
    """The samples, a demo-issuer OB 3.0 credential issued now, and a presentation holding one
    credential directly: byte for byte what @digitalcredentials/cborld writes."""
    issuer, learner = keys
    demo = _demo_badge(issuer, learner, "data-analysis")
    docs = [
        _sample(n)
        for n in ("1edtech-ob3-example", "ob3-data-analysis", "tampered-ob3-data-analysis")
    ]
    docs += [
        demo,
        _presentation(learner, [demo]),
        _presentation(learner, [_sample("ob3-data-analysis"), signed_badge(issuer)]),
    ]
    theirs = run_node("encode", docs)
    assert [cborld.encode(doc).hex() for doc in docs] == theirs
    decoded = run_node("decode", [cborld.encode(doc).hex() for doc in docs])
    assert all(same_json(a, b) for a, b in zip(decoded, docs, strict=True))


def test_cborld_reads_the_contexts_as_published(node) -> None:
    """The contexts the wallet numbers terms from are the npm packages' copies (the published
    ones): the bundled OB 3.0.3 copy without the validator's two extra terms, the others as
    bundled."""
    published = json.loads(run_node_raw(node, "contexts"))
    loader = DocumentLoader()
    compared = 0
    for url, document in published.items():
        if url in loader:
            assert published_context(loader, url) == document["@context"], url
            compared += 1
    assert compared >= 15
    ob303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    assert loader(ob303)["document"] != published[ob303]


def run_node_raw(node: Path, mode: str) -> str:
    import subprocess

    proc = subprocess.run(
        ["node", str(node / "cborld.mjs"), mode], capture_output=True, timeout=120, cwd=node
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return proc.stdout.decode()


# --- each side reads the other's QR text -------------------------------------------------


def test_our_vp1_text_is_read_by_vpqr_and_verifies_with_digital_bazaar(node, keys) -> None:
    issuer, learner = keys
    vps = [
        _presentation(learner, [signed_badge(issuer)]),
        _presentation(learner, [_sample("ob3-data-analysis")]),
        _presentation(learner, [signed_badge(issuer), _sample("ob3-data-analysis")]),
    ]
    texts = [vpqr.to_vp1(vp) for vp in vps]
    theirs = run_node("from-vp1", texts)
    for read, vp in zip(theirs, vps, strict=True):
        assert same_json(read, vp), read
    verdicts = run_node(
        "verify", [{"presentation": vp, "challenge": CHALLENGE, "domain": DOMAIN} for vp in theirs]
    )
    for verdict, vp in zip(verdicts, vps, strict=True):
        assert verdict["verified"] is True, verdict
        assert verdict["credentials"] == [True] * len(vp["verifiableCredential"])
    # and the credential alone, as a scanner stages vp.verifiableCredential
    alone = run_node("verify", [{"credential": vc} for vc in theirs[2]["verifiableCredential"]])
    assert [v["verified"] for v in alone] == [True, True]


def test_a_vp1_text_made_by_vpqr_verifies_with_the_wallet(node, keys) -> None:
    issuer, learner = keys
    vp = _presentation(learner, [signed_badge(issuer)])
    [text] = run_node("to-vp1", [vp])
    assert text.startswith("VP1-B") and text == vpqr.to_vp1(vp)
    read = vpqr.from_vp1(text)
    assert same_json(read, vp)
    result = verify_document(
        read, VerifyOptions(check_status=False, challenge=CHALLENGE, domain=DOMAIN)
    )
    assert result.verdict in (Verdict.VERIFIED, Verdict.WARNINGS), result.checks
    assert result.check(CheckId.PROOF).outcome is Outcome.PASSED
    assert [n.check(CheckId.PROOF).outcome for n in result.nested] == [Outcome.PASSED]


def test_one_changed_character_is_refused_by_both(node, keys) -> None:
    issuer, learner = keys
    vp = _presentation(learner, [signed_badge(issuer)])
    text = vpqr.to_vp1(vp)
    tampered = []
    for position in range(len(vpqr.PREFIX), len(text), 41):
        other = "Q" if text[position] != "Q" else "R"
        tampered.append(text[:position] + other + text[position + 1 :])
    options = VerifyOptions(check_status=False, challenge=CHALLENGE, domain=DOMAIN)
    for changed in tampered:  # ours: refused, or read and not verified
        try:
            read = vpqr.from_vp1(changed)
        except WalletError:
            continue
        assert verify_document(read, options).verdict is Verdict.NOT_VERIFIED
    theirs = run_node("from-vp1", tampered)
    readable = [r for r in theirs if isinstance(r, dict) and "error" not in r]
    verdicts = run_node(
        "verify", [{"presentation": r, "challenge": CHALLENGE, "domain": DOMAIN} for r in readable]
    )
    assert all(v["verified"] is False for v in verdicts), verdicts
    assert len(readable) < len(tampered)  # some their reader refuses outright, too


# --- where the JavaScript encoder fails or changes a value ---------------------------------


def test_what_the_javascript_encoder_cannot_write_it_still_reads_from_us(node, keys) -> None:
    """@digitalcredentials/cborld 4.x throws on a lower-case urn:uuid that is not an RFC 4122
    UUID (the demo issuer's rubric levels: ``urn:uuid:…-3``) and writes an xsd:dateTime before
    1970 as a broken number (its own reader then fails); the wallet writes those as text, and
    the JavaScript reader gives the document back as it was."""
    issuer, learner = keys
    rubric = _demo_badge(issuer, learner, "visualization")
    assert any(
        "-" in lv["id"][45:]
        for lv in rubric["credentialSubject"]["achievement"]["resultDescription"][0][
            "rubricCriterionLevel"
        ]
    )
    old = copy.deepcopy(_sample("ob3-data-analysis"))
    old["validFrom"] = "1969-07-20T20:17:40Z"
    docs = [rubric, old, _presentation(learner, [rubric])]
    theirs = run_node("encode", docs)
    assert "Invalid UUID" in theirs[0]["error"] and "Invalid UUID" in theirs[2]["error"]
    [their_old] = run_node("decode", [theirs[1]])  # what their encoder made of it
    assert "error" in their_old or their_old["validFrom"] != old["validFrom"]
    back = run_node("decode", [cborld.encode(doc).hex() for doc in docs])
    assert all(same_json(a, b) for a, b in zip(back, docs, strict=True))


EDGE_IDS = [
    "https://example.com:8443/x",
    "https://example.1/",
    "https:///x.com",
    "https://x.com ",
    "https://1.2.3.256/",
    "https://1.2.3.4/",
    "https://0x7f.1/",
    "https://1.2.3/",
    "https://u@/x",
    "https://@x.com",
    "https://^x.com",
    "https://ex ample.com",
    "https://exa\tmple.com/",
    "https://x.com\\a",
    "http://example.com/a#b",
    "did:key:z6MkABC#z6MkABC",
    "did:key:z0OIl",
    "did:key:abc",
    "did:key:",
    "did:v1:nym:z6Mkabc",
    "did:web:example.com",
    "urn:isbn:123",
    "HTTPS://EXAMPLE.COM/",
    "urn:uuid:188E8450-269E-11EB-B545-D3692CF35398",
    "urn:uuid:00000000-0000-0000-0000-000000000000",
]
EDGE_DATES = [
    "2024-01-01T00:00:00.000Z",
    "2024-01-01T00:00:00.5Z",
    "2024-02-29T12:00:00Z",
    "2023-02-29T00:00:00Z",
    "+010000-01-01T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01t00:00:00Z",
    "2024-01-01T00:00:00+09:00",
    "not a date",
    "1970-01-01T00:00:00Z",
    "2024-01-01T00:00:00.999Z",
]
EDGE_NUMBERS = [1.5, 3.0, 100000.5, 1.1, 3 * 2**-24, 2**-24, -2.5, 65504.0, 1e300, 0.1, -0.0]
EDGE_MULTIBASE = ["z", "zz", "z3Mx", "M", "MAAA=", "u123"]


def test_edge_values_are_written_as_the_library_writes_them(node) -> None:
    base = _sample("ob3-data-analysis")
    docs = []
    for value in EDGE_IDS:
        doc = copy.deepcopy(base)
        doc["credentialSubject"]["achievement"]["id"] = value
        docs.append(doc)
    for value in EDGE_DATES:
        doc = copy.deepcopy(base)
        doc["validFrom"] = value
        docs.append(doc)
    for value in EDGE_NUMBERS:
        doc = copy.deepcopy(base)
        doc["credentialSubject"]["achievement"]["creditsAvailable"] = value
        docs.append(doc)
    for value in EDGE_MULTIBASE:
        doc = copy.deepcopy(base)
        doc["proof"]["proofValue"] = value
        docs.append(doc)
    theirs = run_node("encode", docs)
    ours = [cborld.encode(doc).hex() for doc in docs]
    assert ours == theirs


def test_where_our_bytes_differ_their_reader_gets_the_value_back(node) -> None:
    """The values the wallet writes as text where the JavaScript encoder compresses them (an
    internationalized or percent-encoded host, which its WHATWG URL parser accepts) or changes
    them (a second '#', base64 without padding, base58 with a space, an integer past 2^53):
    their reader gives each back exactly."""
    base = _sample("ob3-data-analysis")
    docs = []
    for value in ("https://例え.jp/", "https://%41.com/", "did:key:zA#zB#zC"):
        doc = copy.deepcopy(base)
        doc["credentialSubject"]["achievement"]["id"] = value
        docs.append(doc)
    for value in ("MAA", "z 3Mx"):
        doc = copy.deepcopy(base)
        doc["proof"]["proofValue"] = value
        docs.append(doc)
    doc = copy.deepcopy(base)
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = 2**53 + 2
    docs.append(doc)
    ours = [cborld.encode(doc).hex() for doc in docs]
    assert ours != run_node("encode", docs)
    back = run_node("decode", ours)
    assert all(same_json(a, b) for a, b in zip(back, docs, strict=True)), back


# --- the QR image and the wallet's own offline codes (issue 24, item 2) --------------------


def test_our_offline_qr_image_is_read_by_vpqr_and_verifies_with_digital_bazaar(
    node, keys, tmp_path: Path
) -> None:
    """The wallet's offline QR code as a person hands it over — a PNG, written by ``wallet
    present --qr-offline`` — decoded from its pixels by zxing-cpp, the text given to vpqr 2.2.1
    (what the DCC Learner Credential Wallet runs), the credentials verified by Digital Bazaar's
    verifier as a scanner stages them (``vp.verifiableCredential``)."""
    from cli_runner import wallet_runner

    from wallet.formats.qrcodes import read_qr

    issuer, _learner = keys
    sample = tmp_path / "badge.json"
    sample.write_text(json.dumps(signed_badge(issuer)))
    run = wallet_runner(tmp_path / "wallet", "a pass phrase")
    assert (
        run("add", "--offline", str(sample), str(SAMPLES / "ob3-data-analysis.json")).returncode
        == 0
    )
    ids = [item["id"][:8] for item in json.loads(run("list", "--json").stdout)]
    png = tmp_path / "code.png"
    made = run("present", *ids, "--qr-offline", str(png))
    assert made.returncode == 0, made.stderr
    [text] = read_qr(png.read_bytes())
    [vp] = run_node("from-vp1", [text])
    assert "error" not in vp and "proof" not in vp  # unsigned: the credentials prove themselves
    assert len(vp["verifiableCredential"]) == 2
    verdicts = run_node("verify", [{"credential": vc} for vc in vp["verifiableCredential"]])
    assert [v["verified"] for v in verdicts] == [True, True], verdicts
    together = run_node("verify", [{"presentation": vp}])  # unsignedPresentation, as theirs
    assert together[0]["verified"] is True and together[0]["credentials"] == [True, True]
    # and signed for a verifier's challenge, the holder's proof verifies there too
    signed = tmp_path / "signed.txt"
    assert (
        run(
            "present", *ids, "--qr-text", str(signed), "--challenge", CHALLENGE, "--domain", DOMAIN
        ).returncode
        == 0
    )
    [held] = run_node("from-vp1", [signed.read_text().strip()])
    [verdict] = run_node(
        "verify", [{"presentation": held, "challenge": CHALLENGE, "domain": DOMAIN}]
    )
    assert verdict["verified"] is True and verdict["presentation"] is True, verdict


def test_a_vp1_text_vpqr_makes_of_a_wallet_presentation_passes_wallet_verify(
    node, keys, tmp_path: Path
) -> None:
    """vpqr writes the text of the wallet's own offline presentation; ``wallet verify`` reads
    it (given directly, and as a QR image the wallet did not make), and one changed character
    fails on both sides."""
    from cli_runner import wallet_runner

    from wallet.formats.qrcodes import offline_qr
    from wallet.presenting.offline import offline_presentation

    issuer, _learner = keys
    vp = offline_presentation([signed_badge(issuer), _sample("ob3-data-analysis")])
    [text] = run_node("to-vp1", [vp])
    run = wallet_runner(tmp_path / "employer", "a pass phrase")
    checked = run("verify", "--offline", text)
    assert checked.returncode == 0, checked.stdout
    image = tmp_path / "theirs.png"
    image.write_bytes(offline_qr(text).png())
    assert run("verify", "--offline", str(image)).returncode == 0
    at = len(text) // 2
    changed = text[:at] + ("Q" if text[at] != "Q" else "R") + text[at + 1 :]
    assert run("verify", "--offline", changed).returncode in (1, 2)
    theirs = run_node("from-vp1", [changed])[0]
    if "error" not in theirs:
        [verdict] = run_node("verify", [{"presentation": theirs}])
        assert verdict["verified"] is False
