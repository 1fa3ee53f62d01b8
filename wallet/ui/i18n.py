"""The app's strings: the one language layer lives in core (:mod:`wallet.i18n`); this module
re-exports it so that the screens keep importing ``wallet.ui.i18n``."""

from __future__ import annotations

from wallet.i18n import LANGUAGES, STRINGS, t

__all__ = ["LANGUAGES", "STRINGS", "t"]
