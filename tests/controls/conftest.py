"""Control tests."""

from __future__ import annotations

import grants.models  # noqa: F401 - every model mapped before factories configure mappers
