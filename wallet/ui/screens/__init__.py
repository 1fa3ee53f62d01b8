"""The app's screens, one module each, as Flet components over the observable
:class:`~wallet.ui.state.AppState` (each takes the :class:`~wallet.ui.context.App` and the
state)."""

from __future__ import annotations

from wallet.ui.screens.competencies import CompetenciesScreen
from wallet.ui.screens.credentials import CredentialsScreen
from wallet.ui.screens.detail import DetailScreen
from wallet.ui.screens.portfolio import PortfolioScreen
from wallet.ui.screens.present import PresentScreen
from wallet.ui.screens.receive import ReceiveScreen
from wallet.ui.screens.respond import RespondScreen
from wallet.ui.screens.settings import SettingsScreen
from wallet.ui.screens.verify import VerifyScreen

__all__ = ["SCREENS"]

SCREENS = {
    "credentials": CredentialsScreen,
    "detail": DetailScreen,
    "receive": ReceiveScreen,
    "portfolio": PortfolioScreen,
    "competencies": CompetenciesScreen,
    "present": PresentScreen,
    "verify": VerifyScreen,
    "settings": SettingsScreen,
    "respond": RespondScreen,
}
