"""The pagination macro links a window of pages, not every page (5 000 contracts made 200
links on /umowy)."""

import re

from flask import render_template_string
from sqlalchemy import select

from grants.auth.models import User
from grants.extensions import db
from tests.support.factories import make_user


def test_a_window_of_pages_around_the_current_one(app):
    for _ in range(40):
        make_user()
    db.session.commit()
    page = db.paginate(select(User).order_by(User.id), page=20, per_page=1, error_out=False)
    html = render_template_string(
        '{% from "_macros/forms.html" import pagination %}'
        '{{ pagination(page, "admin.users", q="") }}', page=page)
    numbers = [int(n) for n in re.findall(r'page=(\d+)', html)]
    assert numbers == [1, 2, 18, 19, 20, 21, 22, 23, 39, 40]
    assert html.count("…") == 2 and 'aria-current="page"' in html
