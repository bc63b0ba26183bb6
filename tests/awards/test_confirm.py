"""Irreversible actions of the awards (recording the decision, publishing the results) need the
"Rozumiem" box ticked; the page names the consequence (how many offerors are e-mailed)."""

from __future__ import annotations

from grants.awards import queries
from grants.calls.models import CallStatus
from grants.core import clock
from tests.awards.test_views import two, url  # noqa: F401 - the fixture
from tests.conftest import login
from tests.support.awards import award_of, build, result

REFUSED = "zaznacz „Rozumiem”"


def _decide(client, world, aw, **extra):
    return client.post(url(world, "decision"), data={
        "action": "decide", "number": "ZA.1", "decided_on": clock.today().strftime("%d.%m.%Y"),
        "signer": "Jan Prezydent", f"grant-{aw.id}": "19 000,00", **extra})


def test_decision_without_confirmation_is_refused_and_nothing_is_recorded(
        client, world, monkeypatch, two):  # noqa: F811
    a, b = two
    aw_a = award_of(build(world, monkeypatch, [result(a, 70), result(b, 90)]), a)
    login(client, world.officer)
    page = client.get(url(world, "decision")).text
    assert 'aria-describedby="understood-consequence"' in page
    assert "nie będzie można jej zmienić" in page
    response = _decide(client, world, aw_a)
    assert response.status_code == 422 and REFUSED in response.text
    assert 'value="Jan Prezydent"' in response.text            # what was typed is kept
    assert queries.decision_of(world.competition) is None
    assert _decide(client, world, aw_a, understood="y").status_code == 302
    assert queries.decision_of(world.competition) is not None


def test_publication_names_the_offerors_e_mailed_and_needs_confirmation(
        client, world, monkeypatch, mailbox, two):  # noqa: F811
    a, b = two
    aw_a = award_of(build(world, monkeypatch, [result(a, 70), result(b, 90)]), a)
    login(client, world.officer)
    _decide(client, world, aw_a, understood="y")
    page = client.get(url(world, "decision")).text
    assert "wiadomości zostaną wysłane do 2 oferentów" in page
    today = clock.today().strftime("%d.%m.%Y")
    mailbox.clear()
    dates = {"bip_on": today, "board_on": today, "website_on": today}
    response = client.post(url(world, "results/publish"), data=dates)
    assert response.status_code == 422 and REFUSED in response.text
    assert world.competition.status == CallStatus.PUBLISHED and not mailbox
    response = client.post(url(world, "results/publish"), data={**dates, "understood": "y"})
    assert response.status_code == 302
    assert world.competition.status == CallStatus.DECIDED and len(mailbox) == 2
