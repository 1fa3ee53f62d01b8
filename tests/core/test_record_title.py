"""A presentation's generic name ("Learner record", the default when the learner gives none) is
shown in the reader's own words and language; a name the learner gave is shown as given."""

from __future__ import annotations

import pytest
from record_helpers import sample_record

from wallet.presenting.present import DEFAULT_TITLE
from wallet.record.view import record_view


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "Learner record of Jimin Park"), ("ko", "Jimin Park의 학습 기록")]
)
def test_the_generic_title_is_said_in_the_readers_words(lang: str, expected: str) -> None:
    generic = sample_record(title=DEFAULT_TITLE)
    view = record_view(generic.presentation, generic.result, lang)
    assert view.title == expected == view.page_title
    named = sample_record(title="Job application: data analyst")
    assert (
        record_view(named.presentation, named.result, lang).title == "Job application: data analyst"
    )
