"""grants: open competitions of offers, small grants and service purchases."""

from grants.app import create_app  # noqa: F401 - `from grants import create_app` (wsgi, tests)
