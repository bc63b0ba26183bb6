"""The confirmation of an irreversible action (publishing results, recording a decision,
signing, rejecting an offer, settling, recording a payment): the form carries a required
"Rozumiem" checkbox; the page names the consequence next to it
(templates/_macros/confirm.html ties the text to the box and the button with
aria-describedby). A POST without the box ticked is refused by the form's validation with a
message on the box - nothing is called, nothing changes. Works without JavaScript.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import StopValidation

NOT_CONFIRMED = _l("Czynność nie została wykonana – zaznacz „Rozumiem”, aby potwierdzić jej "
                   "skutki.")


def _ticked(form, field) -> None:
    if getattr(field, "optional_now", False):
        return
    if not field.data:
        raise StopValidation(str(NOT_CONFIRMED))


class Understood(BooleanField):
    """The required checkbox "Rozumiem skutki tej czynności" of an irreversible action."""

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("render_kw", {})
        super().__init__(label or _l("Rozumiem skutki tej czynności i chcę ją wykonać"),
                         validators=[_ticked], **kwargs)


def not_needed(field: Understood) -> None:
    """A step of the form that does not act (a preview) needs no confirmation."""
    field.optional_now = True
