"""Helpers the exchange tests import (kept out of conftest.py, whose module name every test
directory shares)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from wallet.services import Consent, Decision, TxCode, WalletService

PASSPHRASE = "exchange tests passphrase"


def make_wallet(home: Path) -> WalletService:
    svc = WalletService(home, dev=True, passphrase_source=lambda _why: PASSPHRASE)
    if not svc.profiles.exists():
        svc.profiles.create("Learner", protection="passphrase")
    return svc


@dataclass
class Learner:
    """Answers the wallet's questions as a test script says; records what it was shown."""

    accept: bool = True
    codes: list[str] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    problems: list[str | None] = field(default_factory=list)
    logins: int = 0

    @property
    def previews(self) -> list[Consent]:
        """What the learner was asked (each consent shows the offer's preview)."""
        return self.consents

    def consent(self, consent: Consent) -> Decision:
        self.consents.append(consent)
        return Decision.ACCEPT if self.accept else Decision.DECLINE

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        self.problems.append(problem)
        return self.codes.pop(0) if self.codes else None

    def authorize(self, url: str) -> None:
        """Play the browser: open the login page, press the button, follow the redirect."""
        self.logins += 1
        page = httpx.get(url, timeout=10)
        page.raise_for_status()
        fields = {
            k: html.unescape(v) for k, v in re.findall(r'name="([^"]+)" value="([^"]*)"', page.text)
        }
        fields["approve"] = "1"
        answer = httpx.post(url.split("?")[0], data=fields, timeout=10)
        assert answer.status_code == 302
        httpx.get(answer.headers["location"], timeout=10)

    def progress(self, message: str) -> None:
        pass
