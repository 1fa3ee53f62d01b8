"""One language layer: every key in English and Korean, every check outcome and every error
code rendered in Korean without an English sentence, plurals without "(s)", dates in the
locale's format, the reader's language chosen from Accept-Language and ?lang=."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wallet import errors
from wallet.i18n import (
    LANGUAGES,
    STRINGS,
    check_sentence,
    check_title,
    format_date,
    format_datetime,
    negotiate,
    outcome_label,
    pick_locale,
    plural_category,
    t,
    verdict_label,
)
from wallet.record.report import describe_error, render
from wallet.result import Check, CheckId, Outcome, Verdict, VerificationResult

ROOT = Path(__file__).resolve().parents[2] / "wallet"
# Three English words in a row: an English sentence (single terms such as "JSON-LD", "DID" or
# "CASE" are not).
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[\s,;:'’-]+[A-Za-z]{2,}){2,}")


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)


def _error_classes() -> list[type[errors.WalletError]]:
    found, todo = [], [errors.WalletError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def _detail_codes() -> set[str]:
    """Every detail code a check is given: the literal ones in the checking modules, and the
    error codes (a failed proof or JSON-LD check carries its error's code)."""
    codes = {cls.code for cls in _error_classes()}
    for name in (
        "verification/verify.py",
        "verification/signatures.py",
        "verification/binding.py",
        "verification/status.py",
        "result.py",
        "proofs/base.py",
        "proofs/ecdsa_sd_2023.py",
        "proofs/ecdsa_sd_values.py",
        "ob2/documents.py",
        "ob2/proof.py",
        "ob2/verify.py",
    ):
        source = (ROOT / name).read_text("utf-8")
        codes |= set(re.findall(r'(?:detail=|code=|, )"([a-z][a-z_]+)"\)', source))
        codes |= set(re.findall(r'fail\("([a-z_]+)"', source))
    codes |= {
        "revoked",
        "suspended",
        "flagged",
        "issuer_not_confirmed",
        "holder_mismatch",
        "issuer_mismatch",
    }
    return codes


def test_every_key_has_english_and_korean_with_the_same_placeholders() -> None:
    assert set(LANGUAGES) == {"en", "ko"}
    english = set(STRINGS["en"])
    assert set(STRINGS["ko"]) == english
    for key in english:
        assert STRINGS["ko"][key].strip(), key
        assert _fields(STRINGS["ko"][key]) == _fields(STRINGS["en"][key]), key


def test_every_key_used_exists() -> None:
    """Literal keys in the code and the templates, and the keys made from ids and codes."""
    used: set[str] = set()
    for path in [*ROOT.rglob("*.py"), *ROOT.rglob("*.html")]:
        if "i18n" in path.parts:
            continue
        text = path.read_text("utf-8")
        used |= set(re.findall(r'\b(?:t|tr|self\.tr)\(\s*"([a-z_]+\.[a-z0-9_.]+)"', text))
    used |= (
        {f"check.title.{c.value}" for c in CheckId}
        | {f"check.label.{c.value}" for c in CheckId}
        | {f"check.{c.value}.{o.value}" for c in CheckId for o in Outcome}
        | {f"verdict.level.{v.value}" for v in Verdict}
        | {f"outcome.{o.value}" for o in Outcome}
    )
    used |= {
        f"gone.{k}"
        for k in (
            "rate_limited",
            "unknown",
            "revoked",
            "expired",
            "used_up",
            "wrong",
            "unavailable",
            "unreadable",
        )
    }
    missing = sorted(k for k in used if k not in STRINGS["en"] or k not in STRINGS["ko"])
    assert not missing, missing
    assert len(used) > 150


def test_every_check_outcome_reads_in_korean_without_english() -> None:
    """Each check id × outcome × every detail code the checks give, in Korean."""
    details = [None, *sorted(_detail_codes())]
    seen = 0
    for cid in CheckId:
        for outcome in Outcome:
            for detail in details:
                check = Check(
                    id=cid, outcome=outcome, message="an English technical message", detail=detail
                )
                text = check_sentence(
                    check, "ko", date="2026년 3월 1일", list="데모 목록", name="리버사이드"
                )
                for line in (text, check_title(cid, "ko"), outcome_label(outcome, "ko")):
                    assert line and not ENGLISH.search(line), (cid, outcome, detail, line)
                seen += 1
    assert seen > 1000
    english = Check(id=CheckId.PROOF, outcome=Outcome.FAILED, message="", detail="bad_signature")
    assert ENGLISH.search(check_sentence(english, "en"))  # the detector does detect English
    for verdict in Verdict:
        assert not ENGLISH.search(verdict_label(verdict, "ko"))
    # the CLI's report, in Korean: labels and sentences, never the English messages
    result = VerificationResult(
        verified=False,
        kind="credential",
        format="ldp_vc",
        checks=(
            Check(
                id=CheckId.PROOF,
                outcome=Outcome.FAILED,
                message="the signature does not match the document",
                detail="bad_signature",
            ),
        ),
    )
    report = render(result, lang="ko")
    assert "서명이 일치하지 않습니다" in report and "does not match" not in report


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.code)
def test_every_error_code_reads_in_korean_without_english(cls) -> None:
    exc = cls("an English message that must not reach a Korean screen")
    korean = describe_error(exc, "ko")
    assert korean and not ENGLISH.search(korean), (cls.code, korean)
    assert f"error.{cls.code}" in STRINGS["ko"], cls.code  # its own sentence
    # English keeps the specific one, as a sentence
    assert describe_error(exc, "en") == "An English message that must not reach a Korean screen."
    assert describe_error(cls(""), "en") == t(f"error.{cls.code}", "en")
    assert not ENGLISH.search(describe_error(OSError(2, "No such file", "a.json"), "ko"))


def test_plurals_without_parenthesised_s() -> None:
    for lang in LANGUAGES:
        offenders = [k for k, v in STRINGS[lang].items() if "(s)" in v]
        assert not offenders, offenders
    assert t("summary.credentials", "en", count=1) == "1 credential"
    assert t("summary.credentials", "en", count=3) == "3 credentials"
    assert t("present.views", "en", count=1) == "1 view"
    assert t("present.views", "en", count=0) == "0 views"
    assert t("summary.credentials", "ko", count=1) == "자격증명 1개"
    for key in STRINGS["en"]:
        if key.endswith(".one"):
            assert key.removesuffix(".one") in STRINGS["en"], key


def test_dates_in_the_locales_format() -> None:
    moment = datetime(2026, 3, 1, 14, 5, tzinfo=UTC)
    assert format_date(moment, "en") == "1 March 2026"
    assert format_date("2026-03-01T14:05:00Z", "ko") == "2026년 3월 1일"
    assert format_date("2026-03-01", "ko") == "2026년 3월 1일"  # a date alone
    assert format_datetime(moment, "en") == "1 March 2026, 14:05 UTC"
    assert format_datetime("2026-03-01T23:05:00-09:00", "ko") == "2026년 3월 2일 08:05 UTC"
    assert format_date("not a date", "ko") == "not a date" and format_date(None) == ""


def test_the_readers_language() -> None:
    assert negotiate("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7") == "ko"
    assert negotiate("fr-FR, de;q=0.9, ko;q=0.2") == "ko"  # the best one supported
    assert negotiate("en;q=0.5, ko;q=0.8") == "ko"  # by quality, not order
    assert negotiate("ko;q=0, en") == "en"  # q=0: not acceptable
    assert negotiate("ko-KR", "en") == "en"  # ?lang= wins
    assert negotiate("ko-KR", "xx") == "ko"  # an unsupported ?lang= is ignored
    assert negotiate(None) == negotiate("") == negotiate("*") == "en"
    assert negotiate("garbage;;;,,,q=2") == "en"
    # OID4VCI display entries by locale
    assert pick_locale(["en-US", "ko-KR"], "ko") == 1
    assert pick_locale(["en-US", "ko-KR"], "ko-KR") == 1
    assert pick_locale(["ko-KR", None], "fr") == 1  # no locale: the default entry
    assert pick_locale(["de", "en-GB"], None) == 1
    assert pick_locale(["de", "fr"], "ko") == 0
    assert pick_locale([], "ko") is None


def test_wallet_verify_reports_in_korean(tmp_path) -> None:
    from cli_runner import run_in_process

    sample = ROOT.parent / "assets" / "samples" / "ob3-data-analysis.json"
    issuer = json.loads(sample.read_text())["issuer"]["id"]
    trusted = tmp_path / "trusted.json"
    trusted.write_text(json.dumps({"registry": {issuer: {"name": "Sample issuer"}}}))
    proc = run_in_process(
        ["verify", "--offline", "--lang", "ko", "--trust", str(trusted), str(sample)],
        env={"WALLET_HOME": str(tmp_path / "no-wallet")},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("검증됨: ") and lines[1].lstrip().startswith("발급기관: ")
    checks = [line for line in lines if line.lstrip().startswith("[")]
    assert len(checks) >= 6 and not [c for c in checks if ENGLISH.search(c)], checks


def test_a_third_language_is_data_not_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plurals, dates and the matching of language tags come from CLDR: a language is its
    tables and its locale. Russian (three plural forms) and Japanese, added as data only."""
    import wallet.i18n as i18n

    i18n._locale.cache_clear()
    monkeypatch.setitem(i18n.LANGUAGES, "ru", "Русский")
    monkeypatch.setitem(i18n.LOCALES, "ru", "ru_RU")
    monkeypatch.setitem(i18n.LANGUAGES, "ja", "日本語")
    monkeypatch.setitem(i18n.LOCALES, "ja", "ja_JP")
    monkeypatch.setitem(
        i18n.STRINGS,
        "ru",
        {
            "n.files": "{count} файлов",
            "n.files.one": "{count} файл",
            "n.files.few": "{count} файла",
        },
    )
    monkeypatch.setitem(i18n.STRINGS, "ja", {"n.files": "{count} 件のファイル"})
    try:
        assert [t("n.files", "ru", count=n) for n in (1, 3, 5, 21, 22, 11)] == [
            "1 файл",
            "3 файла",
            "5 файлов",
            "21 файл",
            "22 файла",
            "11 файлов",
        ]
        assert t("n.files", "ja", count=1) == "1 件のファイル"
        assert format_date("2026-03-01", "ja") == "2026年3月1日"
        assert format_date("2026-03-01", "ru") == "1 марта 2026\u202fг."  # CLDR: a narrow NBSP
        assert negotiate("ja-JP,ja;q=0.9,en;q=0.5") == "ja"
        assert negotiate("ru;q=0.2, fr") == "ru"
    finally:
        i18n._locale.cache_clear()


def test_plural_categories_and_dates_come_from_cldr() -> None:
    assert [plural_category("en", n) for n in (0, 1, 2, 1.5)] == ["other", "one", "other", "other"]
    assert {plural_category("ko", n) for n in (0, 1, 2)} == {"other"}
    assert format_date("2026-12-07T23:30:00Z", "en") == "7 December 2026"
    assert format_date("2026-12-07T23:30:00Z", "ko") == "2026년 12월 7일"
    assert format_datetime("2026-12-07T23:30:00Z", "en") == "7 December 2026, 23:30 UTC"
    assert format_datetime("2026-12-07T23:30:00Z", "ko") == "2026년 12월 7일 23:30 UTC"
