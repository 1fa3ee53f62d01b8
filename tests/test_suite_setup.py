"""The test run's own machinery: what scripts/test relies on to spread the suite over workers."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("probe")
def test_xdist_groups_take_effect(request: pytest.FixtureRequest) -> None:
    """Tests that share one app server, or one walk of the app, run on one worker because of
    their ``xdist_group`` (``--dist loadgroup``, as scripts/test runs the suite). pytest-xdist
    marks a grouped test by appending ``@group`` to its id; where it cannot (pytest 9.2 with
    xdist 3.8), the groups silently do nothing — the suite still passes, but each worker builds
    its own server and walks each screen again. Outside scripts/test there are no groups."""
    if getattr(request.config, "workerinput", None) is None:
        pytest.skip("run in one process: no workers to group tests on")
    if not request.config.getvalue("loadgroup"):
        pytest.skip("not run with --dist loadgroup")
    assert request.node.nodeid.endswith("@probe"), request.node.nodeid
