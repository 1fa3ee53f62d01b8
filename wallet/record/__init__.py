"""People first: the one view model of a shared record (`view`) and of one credential (`card`), the
one safe Markdown renderer (`markdown`), and the verification report in words (`report`); an Open
Badges 2.0 badge's card (`badge`). The
package's public names are re-exported here and imported on first use (PEP 562), so importing
one module of the package does not import the rest; its modules hold the implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.record.badge import badge_card, badge_marking, recipient_of, with_badges
    from wallet.record.card import (
        CheckLine,
        CompetencyView,
        CredentialCard,
        EvidenceView,
        IssuerDisplay,
        IssuerView,
        ResultView,
        VerdictView,
        check_lines,
        credential_card,
        problems,
        ranked_problems,
        readable,
        tone_of,
        verdict_view,
    )
    from wallet.record.markdown import (
        MAX_MARKDOWN,
        Block,
        Run,
        blocks,
        plain_text,
        render_html,
        title_block,
        without_title,
    )
    from wallet.record.report import (
        CHECK_LABELS,
        VERDICT_LABELS,
        describe_error,
        render,
    )
    from wallet.record.view import (
        LearnerItem,
        LearnerView,
        NamesView,
        RecordView,
        checked_view,
        credential_key,
        credential_view,
        each_once,
        linkedin_url,
        record_credentials,
        record_view,
    )

_WHERE = {
    "Block": "markdown",
    "CHECK_LABELS": "report",
    "CheckLine": "card",
    "CompetencyView": "card",
    "CredentialCard": "card",
    "EvidenceView": "card",
    "IssuerDisplay": "card",
    "IssuerView": "card",
    "LearnerItem": "view",
    "LearnerView": "view",
    "MAX_MARKDOWN": "markdown",
    "NamesView": "view",
    "RecordView": "view",
    "ResultView": "card",
    "Run": "markdown",
    "VERDICT_LABELS": "report",
    "VerdictView": "card",
    "badge_card": "badge",
    "badge_marking": "badge",
    "blocks": "markdown",
    "check_lines": "card",
    "credential_card": "card",
    "checked_view": "view",
    "credential_key": "view",
    "credential_view": "view",
    "each_once": "view",
    "describe_error": "report",
    "linkedin_url": "view",
    "plain_text": "markdown",
    "problems": "card",
    "ranked_problems": "card",
    "readable": "card",
    "recipient_of": "badge",
    "record_credentials": "view",
    "record_view": "view",
    "render": "report",
    "render_html": "markdown",
    "title_block": "markdown",
    "tone_of": "card",
    "verdict_view": "card",
    "with_badges": "badge",
    "without_title": "markdown",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Block",
    "CHECK_LABELS",
    "CheckLine",
    "CompetencyView",
    "CredentialCard",
    "EvidenceView",
    "IssuerDisplay",
    "IssuerView",
    "LearnerItem",
    "LearnerView",
    "MAX_MARKDOWN",
    "NamesView",
    "RecordView",
    "ResultView",
    "Run",
    "VERDICT_LABELS",
    "VerdictView",
    "badge_card",
    "badge_marking",
    "blocks",
    "check_lines",
    "credential_card",
    "checked_view",
    "credential_key",
    "credential_view",
    "describe_error",
    "each_once",
    "linkedin_url",
    "plain_text",
    "problems",
    "ranked_problems",
    "readable",
    "recipient_of",
    "record_credentials",
    "record_view",
    "render",
    "render_html",
    "title_block",
    "tone_of",
    "verdict_view",
    "with_badges",
    "without_title",
]
