"""The share service against hostile wallets and employers: uploads bounded per share and per
client, no uploads after revocation, every endpoint that reveals a share counted toward its
view limit, hostile content refused with a 4xx (never a 500), and purging on a schedule."""

from __future__ import annotations

import asyncio
import hashlib
import time
from pathlib import Path

import pytest
from share_helpers import (
    BASE,
    KEY,
    PRESENTATION,
    Asgi,
    make_server,
    put_file,
    reserve,
    shared,
    upload,
)

from wallet.exchange import share as share_module
from wallet.exchange import share_uploads, share_views
from wallet.exchange.share import ShareServer
from wallet.exchange.share_link import seal_share
from wallet.exchange.share_store import RETENTION


@pytest.fixture
def server(tmp_path: Path) -> ShareServer:
    return make_server(tmp_path)


@pytest.fixture
def api(server: ShareServer) -> Asgi:
    return Asgi(server.app())


# --- uploads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "views",
    ["1e30", "100000000000000000000000000000000", "0", "-1", "2.5", "100001", " ", "0x10", "1_000"],
)
def test_an_absurd_view_limit_is_a_clear_400(api: Asgi, views: str) -> None:
    made = reserve(api)
    answer = upload(api, made, PRESENTATION, headers={"X-Share-Max-Views": views})
    assert answer.status_code == 400 and "X-Share-Max-Views" in answer.json()["message"]


@pytest.mark.parametrize("expires", ["nan", "inf", "-inf", "1e400", "soon", ""])
def test_an_absurd_expiry_is_a_clear_400(api: Asgi, expires: str) -> None:
    made = reserve(api)
    answer = upload(api, made, PRESENTATION, headers={"X-Share-Expires": expires})
    assert answer.status_code == 400 and "X-Share-Expires" in answer.json()["message"]


def test_no_uploads_after_revocation(api: Asgi) -> None:
    made = reserve(api)
    assert put_file(api, made, b"first file").status_code == 204
    assert (
        api.request("DELETE", f"/api/shares/{made.share_id}", headers=made.auth).status_code == 204
    )
    late = put_file(api, made, b"a file after the link was withdrawn")
    assert late.status_code == 410 and late.json()["error"] == "revoked"
    assert upload(api, made, PRESENTATION).status_code == 410


def test_files_come_before_the_presentation_and_within_the_reservation(
    api: Asgi, server: ShareServer
) -> None:
    made = shared(api, PRESENTATION)
    assert put_file(api, made, b"too late").status_code == 409
    stale = reserve(api)
    with server.store._tx() as cur:
        cur.execute("UPDATE shares SET expires = ? WHERE id = ?", (time.time() - 1, stale.share_id))
    assert put_file(api, stale, b"file").json()["error"] == "reservation_expired"
    assert upload(api, stale, PRESENTATION).status_code == 410


def test_files_per_share_are_bounded_in_number_and_bytes(api: Asgi, monkeypatch) -> None:
    monkeypatch.setattr(share_uploads, "MAX_FILES", 3)
    monkeypatch.setattr(share_uploads, "MAX_SHARE_BYTES", 2000)
    made = reserve(api)
    for i in range(3):
        assert put_file(api, made, b"%d" % i * 100).status_code == 204
    assert put_file(api, made, b"one file too many").status_code == 413
    assert put_file(api, made, b"0" * 100).status_code == 204  # the same file again: fine
    other = reserve(api)
    assert put_file(api, other, b"x" * 1500).status_code == 204
    assert put_file(api, other, b"y" * 600).status_code == 413  # over the share's bytes
    assert upload(api, other, {"big": "z" * 600}).status_code == 413


def test_reservations_per_client_are_counted_across_replicas(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(share_uploads, "RESERVATIONS_PER_HOUR", 3)
    one = Asgi(make_server(tmp_path).app())
    two = Asgi(make_server(tmp_path).app())  # another replica on the same database
    assert [one.request("POST", "/api/shares").status_code for _ in range(2)] == [201, 201]
    assert two.request("POST", "/api/shares").status_code == 201
    refused = two.request("POST", "/api/shares")
    assert refused.status_code == 429 and "in an hour" in refused.json()["message"]
    assert one.request("POST", "/api/shares").status_code == 429
    assert one.as_client("198.51.100.9").request("POST", "/api/shares").status_code == 201


def test_bytes_per_client_are_bounded(api: Asgi, monkeypatch) -> None:
    monkeypatch.setattr(share_uploads, "BYTES_PER_HOUR", 3000)
    made = reserve(api)
    assert put_file(api, made, b"a" * 2000).status_code == 204
    refused = put_file(api, made, b"b" * 1500)
    assert refused.status_code == 429 and refused.json()["error"] == "quota"


def test_a_slow_upload_is_cut_off(api: Asgi, monkeypatch) -> None:
    monkeypatch.setattr(share_uploads, "UPLOAD_SECONDS", 0.3)
    made = reserve(api)

    async def trickle():
        for _ in range(20):
            yield b"x" * 10
            await asyncio.sleep(0.1)

    sha = hashlib.sha256(b"x").hexdigest()
    answer = api.request(
        "PUT", f"/api/shares/{made.share_id}/files/{sha}", headers=made.auth, content=trickle()
    )
    assert answer.status_code == 408


# --- view counting ------------------------------------------------------------------------


def test_a_page_view_and_its_downloads_count_once(api: Asgi, server: ShareServer) -> None:
    file = b"a work sample"
    made = shared(api, PRESENTATION, max_views=2, files=(file,))
    sha = hashlib.sha256(file).hexdigest()
    assert api.get(made.url).status_code == 200  # view 1
    for _ in range(2):  # the page's downloads, within the grace window: part of that view
        assert api.get(made.url + "/raw").status_code == 200
        assert api.get(made.url + f"/files/{sha}").content == file
        assert api.get(made.url + "/evidence/0").content == b"hello"
    assert len(server.store.views(made.share_id)) == 1
    assert api.get(made.url).status_code == 200  # view 2: the last one allowed
    assert api.get(made.url).status_code == 410
    assert api.get(made.url + "/raw").status_code == 200  # still that last view's download
    stranger = api.as_client("198.51.100.9")
    assert stranger.get(made.url + "/raw").status_code == 410  # not theirs: used up
    assert stranger.get(made.url + f"/files/{sha}").status_code == 410
    assert len(server.store.views(made.share_id)) == 2


def test_direct_raw_and_file_fetches_count(api: Asgi, server: ShareServer, monkeypatch) -> None:
    made = shared(api, PRESENTATION, max_views=1)
    assert api.get(made.url + "/raw").status_code == 200  # counted: the one view
    assert api.as_client("198.51.100.9").get(made.url).status_code == 410
    assert api.as_client("198.51.100.9").get(made.url + "/evidence/0").status_code == 410
    assert len(server.store.views(made.share_id)) == 1
    monkeypatch.setattr(share_views, "VIEW_GRACE", 0.0)  # later: the grace has passed
    more = shared(api, PRESENTATION, max_views=3)
    for expected in (200, 200, 200, 410):
        assert api.get(more.url + "/raw").status_code == expected
    assert len(server.store.views(more.share_id)) == 3


def test_expiry_and_revocation_end_the_grace(api: Asgi) -> None:
    made = shared(api, PRESENTATION)
    assert api.get(made.url).status_code == 200
    assert (
        api.request("DELETE", f"/api/shares/{made.share_id}", headers=made.auth).status_code == 204
    )
    assert api.get(made.url + "/raw").status_code == 410


# --- hostile content ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plaintext", "status"),
    [
        (b"[" * 100_000 + b"]" * 100_000, 422),  # a 100k-deep presentation
        (b'{"type": ["VerifiablePresentation"], "name": "\\ud800 alone"}', 422),  # lone surrogate
        (b'{"type": ["VerifiablePresentation"], "a": 1, "a": 2}', 422),  # duplicate keys
        (b'{"type": NaN}', 422),
        (b"\xff\xfe not UTF-8", 422),
        (b'["an array"]', 422),
        (b'"a string"', 422),
    ],
)
@pytest.mark.parametrize("endpoint", ["", "/raw", "/evidence/0"])
def test_hostile_presentations_are_a_4xx(
    api: Asgi, plaintext: bytes, status: int, endpoint: str
) -> None:
    made = shared(api, plaintext)
    answer = api.get(made.url + endpoint)
    assert 400 <= answer.status_code < 500, answer.status_code
    if endpoint != "/evidence/0" or answer.status_code != 404:
        assert answer.status_code == status
        assert "not readable" in answer.text


def test_an_undecryptable_file_is_a_4xx(api: Asgi) -> None:
    content = b"the real file"
    made = reserve(api)
    assert put_file(api, made, content, sealed=b"\x00" * 80).status_code == 204
    assert upload(api, made, PRESENTATION).status_code == 204
    sha = hashlib.sha256(content).hexdigest()
    answer = api.get(made.url + f"/files/{sha}")
    assert answer.status_code == 422 and "cannot be opened" in answer.text
    wrong_share = reserve(api)  # a file sealed for another share
    assert (
        put_file(
            api, wrong_share, content, sealed=seal_share(KEY, content, made.share_id, f"file:{sha}")
        ).status_code
        == 204
    )
    assert upload(api, wrong_share, PRESENTATION).status_code == 204
    assert api.get(wrong_share.url + f"/files/{sha}").status_code == 422


@pytest.mark.parametrize(
    "path",
    [
        "/s/%00%00%00%00%00%00%00%00%00%00%00/" + "A" * 43,
        "/s/%ED%A0%80/" + "A" * 43,
        "/s/" + "A" * 22 + "/%00",
        "/s/" + "A" * 22 + "/" + "A" * 43 + "/files/%00",
        "/s/" + "A" * 22 + "/" + "A" * 43 + "/evidence/99999999999999999999999",
        "/api/shares/%00",
        "/api/shares/%00/files/" + "a" * 64,
    ],
)
def test_odd_paths_are_a_4xx(api: Asgi, path: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        answer = api.request(method, path, headers={"Authorization": "Bearer x"})
        assert 400 <= answer.status_code < 500, (method, path, answer.status_code)


# --- purging ------------------------------------------------------------------------------


def test_expired_and_revoked_shares_are_purged_on_a_schedule(tmp_path: Path) -> None:
    from wallet.services.serving import serve_share_service

    with serve_share_service(database_url=str(tmp_path / "shares.db")) as running:
        server = running.share
        api = Asgi(server.app())
        expired = shared(api, PRESENTATION, files=(b"a file",))
        revoked = shared(api, PRESENTATION)
        kept = shared(api, PRESENTATION)
        with server.store._tx() as cur:
            cur.execute(
                "UPDATE shares SET expires = ? WHERE id = ?", (time.time() - 1, expired.share_id)
            )
            cur.execute("UPDATE shares SET revoked = 1 WHERE id = ?", (revoked.share_id,))
        running.stop_housekeeping()
        stop = server.start_housekeeping(every=0.05)
        try:
            deadline = time.time() + 10
            while time.time() < deadline and (
                server.store.get(expired.share_id).ciphertext is not None
                or server.store.get(revoked.share_id).ciphertext is not None
            ):
                time.sleep(0.05)
        finally:
            stop()
        assert server.store.get(expired.share_id).ciphertext is None
        assert server.store.file_usage(expired.share_id, "")[0] == 0
        assert server.store.get(revoked.share_id).ciphertext is None
        assert server.store.get(kept.share_id).ciphertext is not None
        # Long after expiry the share is forgotten altogether, views and all.
        with server.store._tx() as cur:
            cur.execute(
                "UPDATE shares SET expires = ? WHERE id = ?",
                (time.time() - RETENTION - 1, expired.share_id),
            )
        assert server.purge()["forgotten"] == 1
        assert server.store.get(expired.share_id) is None


def test_the_service_started_for_real_purges_in_the_background(tmp_path: Path, monkeypatch) -> None:
    from wallet.services.serving import serve_share_service

    monkeypatch.setattr(share_module, "PURGE_EVERY", 0.05)
    with serve_share_service(database_url=str(tmp_path / "shares.db")) as running:
        api = Asgi(running.share.app())
        made = shared(api, PRESENTATION)
        with running.share.store._tx() as cur:
            cur.execute(
                "UPDATE shares SET expires = ? WHERE id = ?", (time.time() - 1, made.share_id)
            )
        deadline = time.time() + 10
        while time.time() < deadline and running.share.store.get(made.share_id).ciphertext:
            time.sleep(0.05)
        assert running.share.store.get(made.share_id).ciphertext is None
    assert BASE  # (the in-process client talks to the same store the server purges)
