"""The competitions tests run on a frozen clock: Thursday 3 December 2026, 10:00 Warsaw."""

from __future__ import annotations

from datetime import datetime

import pytest

from grants.core import clock

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=clock.WARSAW)


@pytest.fixture
def frozen_now():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture(scope="module")
def world_clock():
    """The shared world of a module is built on the frozen clock too."""
    return NOW


@pytest.fixture
def world(frozen_now, world):  # noqa: F811 - the shared `world`, built on the frozen clock
    return world
