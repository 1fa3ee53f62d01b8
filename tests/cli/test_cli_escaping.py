"""Terminal escape injection: hostile credentials, issuers, verifiers, trust lists and
frameworks through every ``wallet`` command that prints what a third party wrote (run through
``wallet.cli.main`` in this process; on a real terminal, as a process). Nothing they wrote
reaches the terminal able to act — no ESC (so no ANSI/OSC sequence), CR, backspace, C1
control, bidi override or isolate, zero-width character — and no line break in a value starts
a line of its own that could pass for one of ours: each is shown as an escape
(:func:`wallet.text.visible`), on the line of the label it belongs to."""

from __future__ import annotations

import ast
import json
import os
import pty
import subprocess
import sys
import tty
import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import pytest
from cli_runner import ROOT, wallet_runner
from factories import badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.proofs import dataintegrity as di
from wallet.services.serving import serve_share_service
from wallet.text import visible

KEY = Ed25519KeyPair.from_seed(bytes(range(1, 33)))
PASSPHRASE = "escaping test passphrase"
# erase the line, back to its start, then a green "VERIFIED"; a line of our report forged on
# the next line; a right-to-left override; CSI as a C1 control (cursor up); backspaces; an
# isolate left open; a zero-width space
PAINT = "\x1b[2K\r\x1b[1;32mVERIFIED\x1b[0m"
HOSTILE = (
    f"Degree{PAINT}\nFORGED  [ok]         signature  Harvard\u202edeifirev toN\u202c"
    "\x9b1A\x08\x08\u2067\u200b"
)
SHOWN = "Degree\\u001b[2K\\r\\u001b[1;32mVERIFIED\\u001b[0m\\nFORGED"  # how it must appear
WHOLE = visible(HOSTILE)  # (tests/core/test_text.py pins each escape)


def inert(out: bytes) -> str:
    """``out`` holds nothing that acts on a terminal but our own line breaks, and no line of
    it begins with what a hostile value put after a line break."""
    text = out.decode("utf-8")
    acting = sorted(
        {
            hex(ord(c))
            for c in text
            if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        }
    )
    assert not acting, (acting, text)
    assert not [line for line in text.split("\n") if line.lstrip().startswith("FORGED")], text
    return text


def hostile_badge() -> dict:
    """A credential signed by its issuer, whose every name is ``HOSTILE``."""
    doc = badge(
        KEY,
        name=HOSTILE,
        description=f"First line\n{HOSTILE}",
        issuer={"id": KEY.did, "type": ["Profile"], "name": f"Issuer {HOSTILE}"},
    )
    doc["credentialSubject"]["achievement"].update(
        {"name": HOSTILE, "description": f"First line\n{HOSTILE}"}
    )
    return di.sign(doc, KEY.signer(), created="2024-01-01T00:00:00Z")


@pytest.fixture
def wallet(tmp_path: Path):
    return wallet_runner(tmp_path / "home", PASSPHRASE, timeout=120)


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    # written with the raw characters (ensure_ascii=False): C1 controls and bidi overrides sit
    # in the file as they are, where JSON allows them
    path.write_text(json.dumps(hostile_badge(), ensure_ascii=False), "utf-8")
    return path


def test_verify_a_tampered_credential_cannot_paint_verified(wallet, tmp_path: Path) -> None:
    doc = hostile_badge()
    doc["description"] = "tampered after signing"
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")

    proc = wallet("verify", "--offline", str(path))
    assert proc.returncode == 1
    text = inert(proc.stdout)
    first = text.split("\n")[0]
    assert first.startswith("NOT VERIFIED: ") and SHOWN in first
    assert f"issuer: Issuer {SHOWN}" in text  # on the issuer's line, after our label

    ko = wallet("verify", "--offline", "--lang", "ko", str(path))
    assert ko.returncode == 1 and SHOWN in inert(ko.stdout)

    as_json = wallet("verify", "--offline", "--json", str(path))
    assert as_json.returncode == 1
    assert json.loads(inert(as_json.stdout))["name"] == HOSTILE  # the same value, escaped


def test_verify_an_authentic_credential_names_its_issuer_escaped(wallet, hostile_file) -> None:
    proc = wallet("verify", "--offline", str(hostile_file))
    assert proc.returncode == 0
    text = inert(proc.stdout)
    assert text.startswith(f"VERIFIED (with warnings): {SHOWN}")
    assert f"Issuer {SHOWN}" in text and "[as the issuer calls itself]" in text


def test_an_error_that_quotes_what_was_given_is_escaped(wallet, tmp_path: Path) -> None:
    proc = wallet("verify", str(tmp_path / f"missing{PAINT}.json"))
    assert proc.returncode == 2
    inert(proc.stdout + proc.stderr)
    assert b"\\u001b[2K" in proc.stderr


def _on_a_terminal(home: Path, *args: str) -> bytes:
    """Run ``wallet ARGS`` with its output on a (raw) pseudo-terminal, as a person reads it."""
    env = {
        **os.environ,
        "WALLET_HOME": str(home),
        "WALLET_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONPATH": str(ROOT),
    }
    leader, follower = pty.openpty()
    tty.setraw(follower)
    proc = subprocess.Popen(
        [sys.executable, "-m", "wallet.cli", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    return b"".join(chunks)


def test_the_vault_commands_show_a_hostile_credential_escaped(
    wallet, hostile_file, tmp_path: Path
) -> None:
    added = wallet("add", "--offline", str(hostile_file))
    assert added.returncode == 0
    assert SHOWN in inert(added.stdout) and "added 'Degree" in added.stdout.decode()

    listed = wallet("list")
    assert SHOWN[:40] in inert(listed.stdout)
    items = json.loads(inert(wallet("list", "--json").stdout))
    assert items[0]["name"] == HOSTILE
    rid = items[0]["id"][:8]

    reflected = wallet("reflect", rid, "--text", f"# My title{PAINT}\nFORGED line")
    assert reflected.returncode == 0 and "\\u001b[2K" in inert(reflected.stdout)
    assert wallet("tag", rid, f"tag{PAINT}").returncode == 0

    shown = wallet("show", rid)
    text = inert(shown.stdout)
    assert text.startswith(f"{SHOWN}")
    # the description is a paragraph: its line breaks kept, each line marked as its own
    assert (
        "  | First line\n  | Degree\\u001b[2K\\r\\u001b[1;32mVERIFIED\\u001b[0m\n  | FORGED" in text
    )
    assert "tags: tag\\u001b[2K" in text and "reflection " in text

    # --json: to a program, the bytes as received; on a terminal, nothing that acts, and the
    # same JSON value
    raw = wallet("show", rid, "--json").stdout
    assert raw.rstrip(b"\n") == hostile_file.read_bytes()
    on_terminal = _on_a_terminal(tmp_path / "home", "show", rid, "--json")
    assert json.loads(inert(on_terminal)) == json.loads(hostile_file.read_bytes())


DCQL = {
    "credentials": [
        {
            "id": "badge",
            "format": "ldp_vc",
            "meta": {
                "type_values": [
                    ["https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"]
                ]
            },
        },
        {
            "id": "other",
            "format": "ldp_vc",
            "meta": {"type_values": [[f"https://types.example/v#{HOSTILE}"]]},
            "claims": [{"path": ["credentialSubject", HOSTILE]}],
        },
    ],
    "credential_sets": [
        {"options": [["badge"]], "required": True},
        {"options": [["other"]], "required": False},
    ],
}


def _request(response_uri: str, dcql: dict) -> str:
    """An unsigned OpenID4VP request by value whose verifier names itself ``HOSTILE``."""
    return "openid4vp://?" + urlencode(
        {
            "client_id": f"redirect_uri:{response_uri}",
            "response_type": "vp_token",
            "response_mode": "direct_post",
            "response_uri": response_uri,
            "nonce": "n-0S6_WzA2Mj",
            "state": "s1",
            "dcql_query": json.dumps(dcql),
            "client_metadata": json.dumps({"client_name": f"Samsung{PAINT} [verified]\nFORGED"}),
        }
    )


def test_respond_a_request_cannot_hide_that_it_is_not_verified(
    wallet, hostile_file, http_server
) -> None:
    assert wallet("add", "--offline", str(hostile_file)).returncode == 0
    answered = http_server.serve_json("/cb", {})
    proc = wallet("respond", "--dev", _request(answered, DCQL))
    text = inert(proc.stdout + proc.stderr)
    assert "NOT verified" in text
    assert "Samsung\\u001b[2K\\r" in text  # (where the request's own name is shown)
    assert f"asks about: credentialSubject › {SHOWN}" in text
    assert f"{WHOLE} (Data Integrity)" in text  # the type asked for
    assert f"1. {SHOWN}" in text  # the matching credential, then what would be sent
    assert f"- {WHOLE} from Issuer {WHOLE}, whole:" in text and "Not sent" in text
    assert not http_server.hits  # (not a terminal, no --yes: nothing sent)

    # none matches: the verifier is told so; what it is called is still escaped
    nothing = {"credentials": [DCQL["credentials"][1]]}
    declined = wallet("respond", "--dev", _request(answered, nothing))
    assert "none of your credentials matches" in inert(declined.stdout + declined.stderr)


def test_receive_an_offer_from_a_hostile_issuer_asks_with_its_names_escaped(
    wallet, demo_issuer, monkeypatch
) -> None:
    issuer = demo_issuer.issuer
    original = issuer.issuer_metadata

    def hostile(draft13: bool) -> dict:
        meta = original(draft13)
        for display in meta["display"]:
            display["name"] = f"Riverside{PAINT}\nFORGED"
        for config in meta["credential_configurations_supported"].values():
            config["credential_metadata"]["display"][0]["name"] = HOSTILE
        return meta

    monkeypatch.setattr(issuer, "issuer_metadata", hostile)
    link = issuer.create_offer()
    proc = wallet("receive", "--dev", link)  # not a terminal, no --yes: shown, not accepted
    text = inert(proc.stdout + proc.stderr)
    assert "Riverside\\u001b[2K\\r\\u001b[1;32mVERIFIED\\u001b[0m\\nFORGED (" in text
    assert f"  - {SHOWN}" in text and "Not accepted" in text


def test_shares_and_share_name_a_hostile_title_escaped(
    wallet, hostile_file, tmp_path: Path
) -> None:
    assert wallet("add", "--offline", str(hostile_file)).returncode == 0
    rid = json.loads(wallet("list", "--json").stdout)[0]["id"][:8]
    with serve_share_service(database_url=str(tmp_path / "shares.db"), dev=True) as running:
        shared = wallet(
            "share", rid, "--server", running.url, "--dev", "--qr", str(tmp_path / "qr.png")
        )
        assert shared.returncode == 0, shared.stderr
        assert "Degree\\u001b[2K" in inert(shared.stdout + shared.stderr)
        listed = wallet("shares", "--dev")
        assert listed.returncode == 0
        assert "Degree\\u001b[2K" in inert(listed.stdout)


def test_trust_lists_and_frameworks_print_their_names_escaped(wallet, tmp_path: Path) -> None:
    trusted = tmp_path / "trusted.json"
    trusted.write_text(
        json.dumps(
            {
                "meta": {"created": "2026-01-01"},
                "registry": {KEY.did: {"name": HOSTILE, "url": "https://college.example"}},
            },
            ensure_ascii=False,
        )
    )
    imported = wallet("trust", "import", str(trusted), "--name", f"List{PAINT}")
    assert imported.returncode == 0 and "List\\u001b[2K" in inert(imported.stdout)
    listed = wallet("trust", "list")
    assert f"  {SHOWN}" in inert(listed.stdout)

    case = json.loads(
        (ROOT / "assets" / "case" / "riverside-skills-framework.json").read_text("utf-8")
    )
    case["CFDocument"]["title"] = HOSTILE
    for item in case["CFItems"][:3]:
        item["fullStatement"] = HOSTILE
    package = tmp_path / "case.json"
    package.write_text(json.dumps(case, ensure_ascii=False), "utf-8")
    framework = wallet("frameworks", "import", str(package))
    assert framework.returncode == 0, framework.stderr
    assert SHOWN in inert(framework.stdout)
    assert SHOWN in inert(wallet("frameworks", "list").stdout)
    tree = wallet("competencies")
    assert tree.returncode == 0 and SHOWN in inert(tree.stdout)
    assert (
        json.loads(inert(wallet("competencies", "--json").stdout))["frameworks"][0]["title"]
        == HOSTILE
    )


def test_every_command_prints_through_the_one_escaping_boundary() -> None:
    """No ``print`` or ``input`` in the CLI but :func:`wallet.cli._common.echo` and
    :func:`~wallet.cli._common.ask` themselves."""
    found = []
    for path in sorted((ROOT / "wallet" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for function in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
            where = function.name if isinstance(function, ast.FunctionDef) else "<module>"
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("print", "input")
                ):
                    found.append(f"{path.name}:{where} {node.func.id}")
    # each call is found in its function and in the module around it
    assert sorted(set(found)) == [
        "_common.py:<module> input",
        "_common.py:<module> print",
        "_common.py:ask input",
        "_common.py:echo print",
    ], found
    assert len(found) == 4, found
