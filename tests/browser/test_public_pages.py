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
