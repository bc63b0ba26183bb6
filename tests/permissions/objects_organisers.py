"""Objects of the organisers' settings routes for the access table: `organiser_a`."""

from __future__ import annotations


def make_objects(world, objs: dict) -> dict:
    return {"organiser_a": world.org_a.id}
