"""Pages of the settlements area (thin views: parse -> load (404) -> authorize -> one service -> commit)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("settlements", __name__)
