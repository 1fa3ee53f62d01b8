"""Vault test fixtures. Unless a test is marked ``keyring``, the OS keyring is switched off so
that tests never touch a developer's real keyring (and the passphrase fallback is exercised)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from vault_helpers import no_keyring


@pytest.fixture(autouse=True)
def _no_keyring_unless_asked(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("keyring"):
        yield
        return
    with no_keyring():
        yield


@pytest.fixture
def require_real_keyring() -> None:
    """Keyring tests run for real where scripts/test set up a Secret Service
    (WALLET_TEST_KEYRING=1) and must not be skipped there; elsewhere they are skipped.

    Under scripts/test, a keyring daemon that is gone by the time a keyring test runs (ended
    from outside the run: D-Bus then starts a new daemon on first use, whose login keyring is
    locked and asks for a password no one can type — ``KeyringLocked``) is started again,
    unlocked with the run's throwaway keyring password, before the test."""
    import os

    from wallet.storage.protection import keyring_available

    available, why = keyring_available()
    if os.environ.get("WALLET_TEST_KEYRING") == "1":
        if not available:
            _restart_test_keyring()
            available, again = keyring_available()
            why = f"{why}; started again: {again}"
        assert available, f"WALLET_TEST_KEYRING=1 but the OS keyring is unusable: {why}"
    elif not available:
        pytest.skip(f"needs a real OS keyring ({why}); scripts/test provides one")


def _restart_test_keyring() -> None:
    """scripts/test's gnome-keyring, in this D-Bus session, again: ``--replace`` ends whatever
    daemon answers there now, ``--unlock`` opens the run's login keyring (XDG_DATA_HOME) with
    ``WALLET_TEST_KEYRING_PASSWORD``. One worker at a time (a lock file beside the keyrings)."""
    import fcntl
    import os
    import shutil
    import subprocess

    password = os.environ.get("WALLET_TEST_KEYRING_PASSWORD")
    daemon = shutil.which("gnome-keyring-daemon")
    folder = os.environ.get("XDG_DATA_HOME")
    if not (password and daemon and folder):
        return
    with open(os.path.join(folder, "wallet-test-keyring.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        from wallet.storage.protection import keyring_available

        if keyring_available()[0]:  # another worker did it meanwhile
            return
        subprocess.run(
            [daemon, "--replace", "--daemonize", "--unlock", "--components=secrets"],
            input=password.encode(),
            capture_output=True,
            timeout=60,
        )
        # The daemon forks before it takes its name on the bus; asking the keyring sooner
        # would have D-Bus start yet another (locked) one.
        deadline = time.monotonic() + 30
        while not _secret_service_running() and time.monotonic() < deadline:
            time.sleep(0.05)


def _secret_service_running() -> bool:
    """Whether a Secret Service has its name on the session bus (asked without starting one)."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(
            new_method_call(bus, "NameHasOwner", "s", ("org.freedesktop.secrets",))
        )
    return bool(reply.body[0])
