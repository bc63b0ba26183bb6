"""The client's address (issue 10): login throttling counts per `request.remote_addr`. Behind N
reverse proxies (TRUSTED_PROXIES=N) it is the address the outermost of our proxies saw, not the
proxy's; with no proxy configured an X-Forwarded-For header changes nothing, so nobody can pass
for another address (nor escape the throttle by inventing one)."""

from __future__ import annotations

import pytest
from flask import request

from grants import create_app

PEER = {"REMOTE_ADDR": "10.0.0.5"}


def _app(app, proxies: int):
    other = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "TRUSTED_PROXIES": proxies})

    @other.get("/_address")
    def address():
        return f"{request.remote_addr} {request.scheme}"

    return other.test_client()


def test_without_trusted_proxies_the_forwarded_address_is_ignored(app):
    client = _app(app, 0)
    r = client.get("/_address", environ_base=PEER,
                   headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert r.get_data(as_text=True) == "10.0.0.5 http"


@pytest.mark.parametrize(("proxies", "forwarded", "client_address"), [
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),      # the first entry is the client's lie
    (2, "198.51.100.1, 203.0.113.9, 10.0.0.4", "203.0.113.9"),
])
def test_behind_trusted_proxies_the_client_is_the_one_our_proxies_saw(app, proxies, forwarded,
                                                                      client_address):
    client = _app(app, proxies)
    # each proxy adds the address it saw and the scheme it was reached by
    r = client.get("/_address", environ_base=PEER,
                   headers={"X-Forwarded-For": forwarded,
                            "X-Forwarded-Proto": ", ".join(["https"] * proxies)})
    assert r.get_data(as_text=True) == f"{client_address} https"


def test_a_negative_number_of_proxies_is_refused(app):
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                    "TRUSTED_PROXIES": -1})
