"""Shared fixtures: vector files, a loader that knows the W3C examples context, and real
HTTP(S) servers on 127.0.0.1 that stop with the test.

The suite's wallets derive their passphrase keys at libsodium's minimum cost (the test switch
of :func:`wallet.storage.crypto.kdf_cost_from_environment`, set below for this process and the
``wallet`` processes it starts); the tests about the key derivation ask for production strength
with the ``production_kdf`` fixture."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from factories import badge
from vault_helpers import make_service

from wallet.crypto.keys import Ed25519KeyPair
from wallet.demo import DemoIssuerServer, serve_demo_issuer
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs import dataintegrity as di
from wallet.services import WalletService

ROOT = Path(__file__).resolve().parent
VECTORS = ROOT / "vectors"
FIXTURES = ROOT / "fixtures"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def pytest_configure(config: pytest.Config) -> None:
    # Before any wallet is made: tests not about the key derivation use libsodium's minimum
    # (0.5 s and 256 MiB saved per wallet and per `wallet` process that unlocks one).
    os.environ["WALLET_TESTING"] = "1"
    os.environ["WALLET_TEST_KDF"] = "minimum"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long tests first (``slow``, then the browser's), so that, with the suite spread over
    workers (scripts/test), none of them starts last and keeps one worker busy alone. The tests
    of a module that share the app's server (``app_env``: one server, one wallet, which the
    module's tests build on in order) run together on one worker (``--dist loadgroup``)."""

    def rank(item: pytest.Item) -> int:
        return (
            0 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("browser") else 2
        )

    items.sort(key=rank)  # stable: the order within each rank is kept
    for item in items:
        if "app_env" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(f"app-{item.path.stem}"))


@pytest.fixture
def production_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wallets made during the test (and the ``wallet`` processes it starts) derive keys at
    production strength (libsodium's moderate limits): for the tests about the key derivation,
    the vault's protection and backups."""
    monkeypatch.delenv("WALLET_TEST_KDF", raising=False)


@pytest.fixture(scope="session")
def examples_loader() -> DocumentLoader:
    """The strict loader plus the W3C examples context the vc-di-eddsa vectors use."""
    ctx = json.loads((FIXTURES / "contexts" / "credentials-examples-v2.json").read_text())
    return DocumentLoader({EXAMPLES_V2: ctx})


@pytest.fixture(scope="session")
def ecdsa_vectors_loader() -> DocumentLoader:
    """The strict loader plus the two test-only contexts the vc-di-ecdsa vectors use (citizenship
    v4rc1, VC examples v2), read from the vectors folder — never bundled in the wallet."""
    folder = VECTORS / "w3c-vc-di-ecdsa" / "contexts"
    return DocumentLoader(
        {
            "https://w3id.org/citizenship/v4rc1": json.loads(
                (folder / "w3id.org_citizenship_v4rc1.json").read_text("utf-8")
            ),
            EXAMPLES_V2: json.loads(
                (folder / "www.w3.org_ns_credentials_examples_v2.json").read_text("utf-8")
            ),
        }
    )


class LoopbackServer:
    """A real HTTP(S) server on 127.0.0.1, on a port chosen at run time."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.delays: dict[str, float] = {}
        self.hits: list[str] = []
        self.hosts: list[str | None] = []  # the Host header of each request
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.do_GET()

            def do_GET(self) -> None:
                server.hits.append(self.path)
                server.hosts.append(self.headers.get("Host"))
                if self.path in server.delays:
                    import time

                    time.sleep(server.delays[self.path])
                status, ctype, body = server.routes.get(
                    self.path, (404, "text/plain", b"not found")
                )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                if status in (301, 302, 307, 308):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def serve_json(self, path: str, document: Any, status: int = 200) -> str:
        self.routes[path] = (status, "application/json", json.dumps(document).encode())
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes,
        content_type: str = "application/octet-stream",
        status: int = 200,
    ) -> str:
        self.routes[path] = (status, content_type, body)
        return self.url(path)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    try:
        yield server
    finally:
        server.stop()


def _make_tls(
    tmp: Path, names: tuple[str, ...] = ("127.0.0.1",)
) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throwaway CA and a certificate for ``names`` (IP addresses or DNS names; by default
    127.0.0.1): (server context, client context)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wallet test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([_san(n) for n in names]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (tmp / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    client_ctx = ssl.create_default_context(cafile=str(tmp / "ca.pem"))
    return server_ctx, client_ctx


def _san(name: str) -> Any:
    from cryptography import x509

    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


@pytest.fixture
def https_server_for(tmp_path: Path) -> Iterator[Any]:
    """A factory: ``make(name)`` starts an HTTPS server on 127.0.0.1 whose certificate is for
    ``name`` (a DNS name) and returns it with the client TLS context that trusts it."""
    servers: list[LoopbackServer] = []

    def make(name: str) -> tuple[LoopbackServer, ssl.SSLContext]:
        folder = tmp_path / f"tls-{len(servers)}"
        folder.mkdir()
        server_ctx, client_ctx = _make_tls(folder, (name,))
        servers.append(LoopbackServer(tls=server_ctx))
        return servers[-1], client_ctx

    try:
        yield make
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[LoopbackServer, ssl.SSLContext]]:
    """An HTTPS server on 127.0.0.1 and the client TLS context that trusts it."""
    server_ctx, client_ctx = _make_tls(tmp_path)
    server = LoopbackServer(tls=server_ctx)
    try:
        yield server, client_ctx
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium through Playwright. Where scripts/test set
    WALLET_TEST_BROWSER=1 it must work; elsewhere, without chromium, the test is skipped."""
    import os
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("WALLET_TEST_BROWSER") == "1":
            pytest.fail("WALLET_TEST_BROWSER=1 but no chromium is installed")
        pytest.skip("needs Debian's chromium; scripts/test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()


# --- credentials, wallets and the demo issuer the test folders share --------------------------


@pytest.fixture(scope="session")
def issuer_key() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


@pytest.fixture(scope="session")
def badges(issuer_key) -> list[bytes]:
    """Twenty distinct signed OB 3.0 credentials, as JSON bytes."""
    out = []
    for i in range(20):
        doc = badge(issuer_key, name=f"Badge {i}")
        doc["credentialSubject"]["achievement"]["name"] = f"Skill {i}"
        out.append(json.dumps(di.sign(doc, issuer_key.signer()), indent=1).encode())
    return out


@pytest.fixture
def service(tmp_path: Path, issuer_key) -> Iterator[WalletService]:
    """A learner's wallet that keeps the test issuer on its own trust list."""
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    svc.trust.add(issuer_key.did, name="Example College")
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture(scope="module")
def demo_issuer() -> Iterator[DemoIssuerServer]:
    with serve_demo_issuer() as running:
        yield running
