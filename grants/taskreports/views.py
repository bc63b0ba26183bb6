"""Pages of the taskreports area (thin views: parse -> load (404) -> authorize -> one service -> commit)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("taskreports", __name__)
