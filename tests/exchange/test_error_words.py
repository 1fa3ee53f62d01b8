"""Errors as people read them (issue 25 item 10): a failed fetch of an offer says what it means
("the issuer's server does not know this offer"), a mistyped request or offer link says that it
is not one (not that it "cannot be read as a credential"), and a raw lower-case message reaches
a person as a sentence — in English and Korean; the technical text stays in the error."""

from __future__ import annotations

import re

import pytest
from exchange_helpers import Learner

from wallet.demo import OfferOptions
from wallet.errors import InputError, OfferError, WalletError
from wallet.record.report import as_sentence, describe_error
from wallet.services.receiving import offer_link
from wallet.services.responding import request_link

ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[\s,;:'’-]+[A-Za-z]{2,}){2,}")


def test_an_offer_the_issuers_server_does_not_know(demo_issuer, wallet) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",)))
    mistyped = link.replace("%2Foffers%2F", "%2Foffers%2Fx")  # credential_offer_uri, 404
    assert mistyped != link
    with pytest.raises(OfferError) as raised:
        wallet.receiving.receive(mistyped, Learner())
    exc = raised.value
    said = describe_error(exc, "en")
    assert said.startswith("The issuer's server does not know this offer"), said
    assert "http" not in said and "HTTP" not in said and "404" not in said
    korean = describe_error(exc, "ko")
    assert "제안" in korean and not ENGLISH.search(korean)
    # the technical text is kept for details and --json
    assert "404" in exc.message and exc.details["status"] == 404


@pytest.mark.parametrize(
    ("read", "words", "ko"),
    [
        (request_link, "This is not a request link", "요청 링크가 아닙니다"),
        (offer_link, "This is not an offer link", "제안 링크가 아닙니다"),
    ],
)
def test_a_mistyped_link_says_it_is_not_one(read, words, ko) -> None:
    with pytest.raises(InputError) as raised:
        read("openid4vp:/?client_id=x&request_uri=https%3A%2F%2Fexample.org%2Fr")
    assert describe_error(raised.value, "en").startswith(words)
    assert "credential" not in describe_error(raised.value, "en").split(".")[0]
    assert describe_error(raised.value, "ko").startswith(ko)


def test_raw_messages_become_sentences() -> None:
    assert describe_error(WalletError("there is no such item")) == "There is no such item."
    assert describe_error(WalletError("Done already.")) == "Done already."
    # an identifier or address it begins with is never changed
    assert as_sentence("did:key:z6Mk is not resolvable") == "did:key:z6Mk is not resolvable."
    assert (
        as_sentence("https://a.example answered HTTP 500") == "https://a.example answered HTTP 500."
    )
    assert (
        describe_error(OSError(2, "No such file", "a.json"))
        == "Could not read a.json: No such file."
    )
