import pytest

pytestmark = pytest.mark.browser


def test_public_pages_are_accessible(page, axe, world):
    for path in ["/deklaracja-dostepnosci", "/ochrona-danych", "/login", "/register",
                 "/password/forgot"]:
        page.goto(path)
        axe(page)
    assert len(axe.checked) == 5


def test_the_accessibility_check_can_fail(page, axe):
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    with pytest.raises(AssertionError, match="image-alt|label"):
        axe(page)


def test_the_reflow_check_can_fail(page, axe):
    page.set_content('<html lang="pl"><head><title>t</title></head><body><main>'
                     '<h1>t</h1><p style="width: 600px">szeroki akapit</p></main></body></html>')
    with pytest.raises(AssertionError, match="scrolls sideways at 320 px"):
        axe(page)


def test_the_focus_check_can_fail(page, axe):
    page.set_content('<html lang="pl"><head><title>t</title><style>a:focus{outline:none}</style>'
                     '</head><body><main><h1>t</h1><a href="#a">pierwszy</a> '
                     '<a href="#b">drugi</a></main></body></html>')
    with pytest.raises(AssertionError, match="no focus outline"):
        axe(page)


def test_a_faint_focus_outline_is_refused(page, axe):
    page.set_content('<html lang="pl"><head><title>t</title><style>a:focus{outline:3px solid #ddd}'
                     '</style></head><body><main><h1>t</h1><a href="#a">pierwszy</a></main>'
                     '</body></html>')
    with pytest.raises(AssertionError, match=r"needs 3.0:1"):
        axe(page)


def test_the_menu_and_fields_show_focus_and_reflow(page, axe, world):
    """The top menu (white outline on the dark bar) and the login fields, at 320 px too."""
    page.goto("/login")
    axe(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    axe(page)


def test_a_faint_link_is_refused(page, axe):
    """Bootstrap's blue link on a striped row (an inset shadow, which axe does not see)."""
    page.set_content('<html lang="pl"><head><title>t</title></head><body><main><h1>t</h1>'
                     '<table><tr><td style="box-shadow: inset 0 0 0 9999px rgba(0,0,0,.05)">'
                     '<a href="#z" style="color:#0d6efd">Zobacz</a></td></tr></table>'
                     '</main></body></html>')
    with pytest.raises(AssertionError, match=r"'Zobacz': 4\.\d\d:1"):
        axe(page)


def test_the_go_to_ranking_link_on_the_decision_page_has_4_5_to_1(page, axe, world):
    from tests.browser.conftest import browser_login
    from tests.support.factories import PASSWORD

    browser_login(page, world.officer.email, PASSWORD)
    page.goto(f"/officer/competitions/{world.competition.id}/decision")
    link = page.get_by_role("link", name="Przejdź do rankingu")
    assert link.count() == 1
    axe(page)  # links on their backgrounds (4.5:1), reflow, focus
