"""Pages of the finance area (thin views: parse -> load (404) -> authorize -> one service -> commit)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("finance", __name__)
