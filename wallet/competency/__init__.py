"""Competencies: CASE 1.0 packages (`case`), the map, mastery and cover (`mapping`), and the charts
(`charts`). The package's public names are re-exported here and imported on first use (PEP 562),
so importing one module of the package does not import the rest; its modules hold the
implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.competency.case import (
        MAX_ITEMS,
        MAX_PACKAGE_BYTES,
        Framework,
        Item,
        parse_case_package,
    )
    from wallet.competency.charts import (
        flower_png,
        flower_svg,
        growth_png,
        growth_svg,
    )
    from wallet.competency.mapping import (
        LEVELS,
        CompetencyMap,
        CoverResult,
        CredentialFacts,
        FrameworkError,
        LearnerEvidence,
        cover,
        facts_from_credential,
        facts_from_ob2,
        map_competencies,
        parse_requirements,
    )

_WHERE = {
    "CompetencyMap": "mapping",
    "CoverResult": "mapping",
    "CredentialFacts": "mapping",
    "Framework": "case",
    "FrameworkError": "mapping",
    "Item": "case",
    "LEVELS": "mapping",
    "LearnerEvidence": "mapping",
    "MAX_ITEMS": "case",
    "MAX_PACKAGE_BYTES": "case",
    "cover": "mapping",
    "facts_from_credential": "mapping",
    "facts_from_ob2": "mapping",
    "flower_png": "charts",
    "flower_svg": "charts",
    "growth_png": "charts",
    "growth_svg": "charts",
    "map_competencies": "mapping",
    "parse_case_package": "case",
    "parse_requirements": "mapping",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CompetencyMap",
    "CoverResult",
    "CredentialFacts",
    "Framework",
    "FrameworkError",
    "Item",
    "LEVELS",
    "LearnerEvidence",
    "MAX_ITEMS",
    "MAX_PACKAGE_BYTES",
    "cover",
    "facts_from_credential",
    "facts_from_ob2",
    "flower_png",
    "flower_svg",
    "growth_png",
    "growth_svg",
    "map_competencies",
    "parse_case_package",
    "parse_requirements",
]
