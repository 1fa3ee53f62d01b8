"""`wallet verify` on forged degrees: a key written after a trusted issuer's ``#`` (a URL or a
``urn:uuid:`` issuer) with a trust list that holds the issuer is *issuer not confirmed* (exit
3) — offline, and online with the issuer's URL answering 404 or an HTML page (a real HTTP
server on 127.0.0.1, reached in dev mode)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import wallet_runner
from factories import badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.proofs import dataintegrity as di

HARVARD = "https://www.harvard.edu/issuers/1"
URN = "urn:uuid:2f0c6a6e-0b1d-4d38-9a49-6c3b9e0f1a11"


def _forgery(folder: Path, issuer_id: str) -> tuple[Path, Path]:
    attacker = Ed25519KeyPair.generate()
    doc = badge(
        attacker, issuer={"id": issuer_id, "type": ["Profile"], "name": "Harvard University"}
    )
    signed = di.sign(
        doc,
        attacker.signer(f"{issuer_id}#{attacker.public.multibase}"),
        created="2024-01-01T00:00:00Z",
    )
    forged, trust = folder / "degree.json", folder / "employer-list.json"
    forged.write_text(json.dumps(signed))
    trust.write_text(
        json.dumps(
            {
                "meta": {"name": "Employer's list"},
                "registry": {
                    issuer_id: {"name": "Harvard University", "url": "https://www.harvard.edu"}
                },
            }
        )
    )
    return forged, trust


def _not_confirmed(proc) -> None:
    out = proc.stdout.decode()
    assert proc.returncode == 3, out + proc.stderr.decode()
    assert out.startswith("ISSUER NOT CONFIRMED"), out
    assert "(per " not in out and "recognised by" not in out, out  # no list names it


@pytest.mark.parametrize("issuer_id", [HARVARD, URN])
def test_forged_degree_offline_is_issuer_not_confirmed(tmp_path: Path, issuer_id: str) -> None:
    run = wallet_runner(tmp_path / "home", "cli binding passphrase")
    forged, trust = _forgery(tmp_path, issuer_id)
    proc = run("verify", "--offline", "--trust", str(trust), str(forged))
    _not_confirmed(proc)
    as_json = json.loads(
        run("verify", "--offline", "--json", "--trust", str(trust), str(forged)).stdout
    )
    assert as_json["verdict"] == "issuer_not_confirmed" and as_json["recognition"] is None


@pytest.mark.parametrize("answer", ["404", "html"])
def test_forged_degree_online_is_issuer_not_confirmed(
    tmp_path: Path, http_server, answer: str
) -> None:
    issuer_id = http_server.url("/issuers/1")
    if answer == "html":
        http_server.serve(
            "/issuers/1", b"<!doctype html><title>Harvard</title><h1>Hi</h1>", "text/html"
        )
    run = wallet_runner(tmp_path / "home", "cli binding passphrase")
    forged, trust = _forgery(tmp_path, issuer_id)
    _not_confirmed(run("verify", "--dev", "--trust", str(trust), str(forged)))
    assert "/issuers/1" in http_server.hits
