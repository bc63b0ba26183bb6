"""The reports' tests run on a clock frozen after the example task ended (10.11.2026)."""

from __future__ import annotations

import pytest

from grants.core import clock
from tests.support.taskreports import BEFORE_DUE


@pytest.fixture(autouse=True)
def _after_the_task():
    with clock.frozen_at(BEFORE_DUE):
        yield


@pytest.fixture(scope="module")
def world_clock():
    """The shared world of a module is built on the frozen clock too."""
    return BEFORE_DUE
