"""Host header poisoning (issue 10): `POST /password/forgot` with `Host: evil.example` e-mailed
a reset link at evil.example whose token worked on the real host. Requests for a host that is
not the public address (TRUSTED_HOSTS, derived from PUBLIC_BASE_URL plus an explicit list) are
refused before any view runs, and links in e-mails come from PUBLIC_BASE_URL whatever the
request (tests/reminders/test_mail.py checks the links with the host check switched off)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config import trusted_hosts
from grants.core.notifications import public_url


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "localhost.evil.example"])
def test_reset_request_for_another_host_is_refused_and_sends_nothing(client, world, mailbox,
                                                                     host):
    r = client.post("/password/forgot", data={"email": world.ngo_admin.email},
                    headers={"Host": host})
    assert r.status_code == 400
    assert "evil.example" not in r.get_data(as_text=True)
    assert mailbox == []


def test_the_public_host_is_served(client, world, mailbox):
    r = client.post("/password/forgot", data={"email": world.ngo_admin.email},
                    headers={"Host": "localhost"})
    assert r.status_code == 302
    assert len(mailbox) == 1
    assert "http://localhost/password/reset/" in mailbox[0].get_content()


def test_any_page_for_another_host_is_refused(client, world):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/login", base_url="http://evil.example").status_code == 400


def test_a_forwarded_host_is_not_believed(client, world, mailbox):
    client.post("/password/forgot", data={"email": world.ngo_admin.email},
                headers={"X-Forwarded-Host": "evil.example"})
    assert len(mailbox) == 1
    assert "evil.example" not in mailbox[0].get_content()


def test_links_are_built_at_the_public_address_inside_a_request_for_another_host(
        app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://granty.example.gov.pl/app")
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    with app.test_request_context("/", base_url="http://evil.example"):
        assert public_url("auth.reset_password", token="t") == (
            "https://granty.example.gov.pl/app/password/reset/t")


@pytest.mark.pure
@pytest.mark.parametrize(("public", "extra", "expected"), [
    ("https://granty.mops.sopot.pl", [], ["granty.mops.sopot.pl"]),
    ("https://granty.mops.sopot.pl:8443/app", ["intranet.mops"], ["granty.mops.sopot.pl",
                                                                  "intranet.mops"]),
    ("http://localhost", ["localhost", " 127.0.0.1 ", ""], ["localhost", "127.0.0.1"]),
])
def test_trusted_hosts_come_from_the_public_address_and_the_list(public, extra, expected):
    assert trusted_hosts(public, extra) == expected


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.pure
def test_no_mail_or_pdf_builds_a_link_from_the_request():
    """Absolute links come from `public_url` / `link_to` (PUBLIC_BASE_URL) only: a link made
    by url_for(_external=True) takes the host of whatever request caused the e-mail."""
    offenders = [f"{path.relative_to(ROOT)}:{n}"
                 for path in sorted((ROOT / "grants").rglob("*.py"))
                 if path.name != "notifications.py"   # public_url itself
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if "_external=True" in line or "request.host" in line
                 or "request.url_root" in line]
    offenders += [str(path.relative_to(ROOT))
                  for folder in ("emails", "pdf")
                  for path in sorted((ROOT / "templates" / folder).rglob("*"))
                  if path.is_file() and re.search(r"url_for\(|request\.", path.read_text())]
    assert offenders == []
