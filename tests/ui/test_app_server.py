"""The app's web server is the learner's alone: the real app (Flet's web app behind the launch
guard) on 127.0.0.1, on a port chosen at run time, asked over plain HTTP and websocket
upgrades — without the launch's secret, with a wrong or spent one, under a foreign Host or
Origin — and ``wallet ui --web`` run as a learner runs it, its output searched for the secret."""

from __future__ import annotations

import html
import http.client
import os
import re
import select
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from vault_helpers import no_keyring

from wallet.services.serving import RunningServer, serve_asgi
from wallet.ui import asgi_app, guard
from wallet.ui.controller import AppController
from wallet.ui.guard import Launch
from wallet.ui.i18n import t

ROOT = Path(__file__).resolve().parents[2]
FOREIGN_HOSTS = (
    "evil.example",
    "127.0.0.1.evil.test",
    "127.0.0.1.evil.test:{port}",
    "evil.example:{port}",
    "127.0.0.1:{other}",
    "localhost:{other}",
    "127.0.0.1",
    "localhost.:{port}",
    "127.1:{port}",
    "0.0.0.0:{port}",
    "[::ffff:127.0.0.1]:{port}",
    "",
)
FOREIGN_ORIGINS = (
    "http://evil.example",
    "http://127.0.0.1.evil.test:{port}",
    "http://127.0.0.1:{other}",
    "https://127.0.0.1:{port}",
    "null",
    "http://localhost:{other}",
)


class Served:
    def __init__(self, server: RunningServer, launch: Launch) -> None:
        self.server, self.launch = server, launch
        self.port = urlsplit(server.url).port
        assert self.port
        self.host = f"127.0.0.1:{self.port}"
        self.origin = f"http://{self.host}"
        self.cookie_name = f"wallet_{self.port}"

    def fill(self, template: str) -> str:
        return template.format(port=self.port, other=self.port + 1)

    def get(
        self,
        path: str,
        headers: dict[str, str] | None = None,
        method: str = "GET",
    ) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, headers={"Host": self.host, **(headers or {})})
        answer = conn.getresponse()
        answer.body = answer.read()  # type: ignore[attr-defined]
        answer.text = html.unescape(answer.body.decode())  # type: ignore[attr-defined]
        conn.close()
        return answer

    def let_in(self) -> str:
        """The cookie a browser gets for the launch's token."""
        answer = self.get(f"/?token={self.launch.token}")
        assert answer.status == 200
        return answer.getheader("Set-Cookie").split(";")[0]

    def upgrade(self, headers: dict[str, str]) -> int:
        """The status line of a websocket upgrade to the app's /ws."""
        return websocket_status(self.port, headers)


def websocket_status(port: int, headers: dict[str, str]) -> int:
    lines = [
        "GET /ws HTTP/1.1",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        *(f"{k}: {v}" for k, v in headers.items()),
        "",
        "",
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall("\r\n".join(lines).encode())
        first = b""
        while b"\r\n" not in first:
            chunk = sock.recv(1024)
            if not chunk:
                break
            first += chunk
    match = re.match(rb"HTTP/1\.1 (\d{3})", first)
    assert match, first
    return int(match.group(1))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with no_keyring():
        controller = AppController(tmp_path_factory.mktemp("app-server") / "wallet", dev=True)
        launch = Launch()
        server = serve_asgi(lambda url: asgi_app(controller, launch=launch, url=url))
        try:
            yield Served(server, launch)
        finally:
            server.stop()
            controller.close()


def test_the_secret_is_new_at_each_launch_and_long() -> None:
    one, two = Launch(), Launch()
    assert one.token != two.token and one.session != two.session
    assert len(one.token) >= 43 and len(one.session) >= 43  # 256 bits, base64url
    assert one.token not in repr(one) and one.session not in repr(one)
    assert one.address("http://127.0.0.1:8123") == f"http://127.0.0.1:8123/?token={one.token}"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/index.html",
        "/main.dart.js",
        "/flutter_bootstrap.js",
        "/manifest.json",
        "/favicon.png",
        "/oauth_callback",
        "/ws",
        "/upload",
        "/assets/fonts/anything.ttf",
    ],
)
def test_without_the_secret_every_request_is_refused(served: Served, path: str) -> None:
    answer = served.get(path)
    assert answer.status == 403
    assert answer.getheader("Set-Cookie") is None
    assert t("server.refused.secret", "en") in answer.text
    assert b"flutter" not in answer.body.lower()  # nothing of the app


def test_the_refusal_is_in_the_readers_language(served: Served) -> None:
    answer = served.get("/", {"Accept-Language": "ko-KR,ko;q=0.9"})
    assert answer.status == 403
    assert t("server.refused.secret", "ko") in answer.text


@pytest.mark.parametrize(
    "query",
    [
        "?token=",
        "?token=wrong",
        "?token={token}x",
        "?token={short}",
        "?token={token}&token={token}",
        "?Token={token}",
        "?token={session}",
    ],
)
def test_a_wrong_secret_is_refused(served: Served, query: str) -> None:
    token = served.launch.token
    answer = served.get(
        "/" + query.format(token=token, short=token[:-1], session=served.launch.session)
    )
    assert answer.status == 403
    assert answer.getheader("Set-Cookie") is None
    # and a cookie of the right name with a wrong value
    answer = served.get("/", {"Cookie": f"{served.cookie_name}={token}"})
    assert answer.status == 403


def test_the_secret_is_exchanged_for_a_strict_cookie_and_leaves_the_address(served: Served) -> None:
    answer = served.get(f"/?token={served.launch.token}")
    assert answer.status == 200
    cookie = answer.getheader("Set-Cookie")
    name, _, rest = cookie.partition("=")
    assert name == served.cookie_name
    value, *flags = [part.strip() for part in rest.split(";")]
    assert value == served.launch.session
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= set(flags)
    assert answer.getheader("Cache-Control") == "no-store"
    assert answer.getheader("Referrer-Policy") == "no-referrer"
    body = answer.body.decode()
    assert 'http-equiv="refresh" content="0;url=/"' in body
    assert served.launch.token not in body
    # with the cookie, the app itself and its assets; Flet's "any origin may read" is dropped
    for path in ("/", "/main.dart.js", "/manifest.json"):
        page = served.get(path, {"Cookie": f"{served.cookie_name}={value}"})
        assert page.status == 200, path
        assert page.getheader("Access-Control-Allow-Origin") is None, path
        assert page.getheader("X-Frame-Options") == "DENY", path
    assert b"flutter" in served.get("/", {"Cookie": f"{name}={value}"}).body.lower()


def test_a_secret_in_the_address_of_a_window_let_in_is_dropped_from_it(served: Served) -> None:
    cookie = served.let_in()
    answer = served.get(f"/?lang=ko&token={served.launch.token}", {"Cookie": cookie})
    assert answer.status == 200
    assert answer.getheader("Set-Cookie") is None
    assert 'content="0;url=/?lang=ko"' in answer.text
    # never on to another site (a browser reads a backslash as a slash)
    for path, target in (
        ("//evil.example/", "/"),
        ("/%5Cevil.example", "/%5Cevil.example"),
        ("/%5C%5Cevil.example", "/%5C%5Cevil.example"),
    ):
        answer = served.get(f"{path}?token=x", {"Cookie": cookie})
        assert f'content="0;url={target}"' in answer.text, path


def test_the_browsers_ticket_opens_once(served: Served, monkeypatch) -> None:
    ticket = served.launch.ticket()
    assert ticket != served.launch.token
    first = served.get(f"/?token={ticket}")
    assert first.status == 200 and served.launch.session in first.getheader("Set-Cookie")
    again = served.get(f"/?token={ticket}")
    assert again.status == 403
    assert t("server.refused.spent", "en") in again.text
    monkeypatch.setattr(guard, "TICKET_SECONDS", -1.0)
    late = served.launch.ticket()
    assert served.get(f"/?token={late}").status == 403


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_foreign_host_is_refused_even_with_the_secret(served: Served, host: str) -> None:
    cookie = served.let_in()
    host = served.fill(host)
    answer = served.get("/", {"Host": host, "Cookie": cookie})
    assert answer.status == 403, host
    assert t("server.refused.host", "en") in answer.text
    answer = served.get(f"/?token={served.launch.token}", {"Host": host})
    assert answer.status == 403 and answer.getheader("Set-Cookie") is None
    assert served.upgrade({"Host": host, "Cookie": cookie, "Origin": f"http://{host}"}) == 403


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"]
)
def test_the_loopback_names_with_the_apps_port_are_answered(served: Served, host: str) -> None:
    host = served.fill(host)
    answer = served.get(f"/?token={served.launch.token}", {"Host": host})
    assert answer.status == 200, host
    assert (
        served.upgrade(
            {"Host": host, "Cookie": served.let_in(), "Origin": f"http://{host.lower()}"}
        )
        == 101
    )


def test_two_host_headers_are_refused(served: Served) -> None:
    cookie = served.let_in()
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
        sock.sendall(
            f"GET / HTTP/1.1\r\nHost: {served.host}\r\nHost: evil.example\r\n"
            f"Cookie: {cookie}\r\nConnection: close\r\n\r\n".encode()
        )
        assert sock.recv(64).startswith((b"HTTP/1.1 403", b"HTTP/1.1 400"))


def test_the_websocket_needs_the_cookie_and_the_apps_own_origin(served: Served) -> None:
    cookie = served.let_in()
    own = {"Host": served.host, "Origin": served.origin}
    assert served.upgrade(own) == 403  # no cookie
    assert served.upgrade({**own, "Cookie": f"{served.cookie_name}=wrong"}) == 403
    assert served.upgrade({"Host": served.host, "Cookie": cookie}) == 403  # no Origin
    for origin in FOREIGN_ORIGINS:
        assert served.upgrade({**own, "Cookie": cookie, "Origin": served.fill(origin)}) == 403
    assert served.upgrade({**own, "Cookie": cookie}) == 101


def test_a_request_that_changes_something_needs_the_apps_own_origin(served: Served) -> None:
    cookie = served.let_in()
    for origin in FOREIGN_ORIGINS:
        answer = served.get(
            "/upload", {"Cookie": cookie, "Origin": served.fill(origin)}, method="PUT"
        )
        assert answer.status == 403
        assert t("server.refused.origin", "en") in answer.text
        # a GET from a foreign origin too (a page's fetch)
        assert served.get("/", {"Cookie": cookie, "Origin": served.fill(origin)}).status == 403
    assert served.get("/upload", {"Cookie": cookie}, method="PUT").status == 403  # no Origin
    # a POST cannot trade the token for a cookie
    assert (
        served.get(
            f"/?token={served.launch.token}", {"Origin": served.origin}, method="POST"
        ).status
        == 403
    )


# --- `wallet ui --web` as the learner runs it: the secret is said once and never logged -----


def test_wallet_ui_says_the_address_once_and_never_logs_the_secret(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "FLET_LOG_LEVEL": "debug",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wallet.cli",
            "--home",
            str(tmp_path / "w"),
            "ui",
            "--web",
            "--no-browser",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # bounded: never a hang
        line = proc.stdout.readline() if ready else ""
        match = re.search(r"(http://127\.0\.0\.1:(\d+))/\?token=([A-Za-z0-9_-]+)", line)
        assert match, line
        base, port, token = match.group(1), int(match.group(2)), match.group(3)
        assert len(token) >= 43
        host = f"127.0.0.1:{port}"

        def get(path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path, headers=headers)
            answer = conn.getresponse()
            answer.read()
            conn.close()
            return answer

        first = get(f"/?token={token}", {"Host": host})
        assert first.status == 200
        cookie = first.getheader("Set-Cookie").split(";")[0]
        session = cookie.split("=", 1)[1]
        assert get("/", {"Host": host, "Cookie": cookie}).status == 200
        # refused requests that carry the token: a log line of any of them would show it
        assert get(f"/?token={token}", {"Host": "evil.example"}).status == 403
        assert get(f"/main.dart.js?token={token}x", {"Host": host}).status == 403
        assert get(f"/?token={token}", {"Host": host, "Cookie": cookie}).status == 200
        assert (
            websocket_status(port, {"Host": host, "Cookie": cookie, "Origin": f"http://{host}"})
            == 101
        )
        assert (
            websocket_status(
                port, {"Host": host, "Origin": "http://evil.example", "Cookie": cookie}
            )
            == 403
        )
        assert base in line
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    said = line + out + err
    assert said.count(token) == 1, "the token is said once: the line with the address"
    assert token in line and line.startswith("The wallet app is at ")
    assert session not in said
