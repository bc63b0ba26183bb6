"""settlements"""
from grants.settlements import report_hooks  # noqa: E402,F401 - provides grants.taskreports.hooks
