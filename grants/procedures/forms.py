"""Form parts every kind of procedure uses."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired

from grants.core.forms import PlDateField
from grants.procedures.rules import CHANNELS, MISSING

LABELS = {
    "bip_on": _l("Data publikacji w Biuletynie Informacji Publicznej"),
    "board_on": _l("Data wywieszenia na tablicy ogłoszeń"),
    "website_on": _l("Data publikacji na stronie internetowej"),
}


class ChannelDates:
    """The three channels of a publication, for a FlaskForm to inherit:
    `class PublishForm(ChannelDates, FlaskForm)`; each date may be left empty."""

    bip_on = PlDateField(LABELS["bip_on"])
    board_on = PlDateField(LABELS["board_on"])
    website_on = PlDateField(LABELS["website_on"])

    def channels(self) -> dict[str, dt.date | None]:
        return {key: self[key].data for key in CHANNELS}


class RequiredChannelDates(ChannelDates):
    """The three channels, each date required."""

    bip_on = PlDateField(LABELS["bip_on"], [InputRequired(_l(MISSING["bip_on"]))])
    board_on = PlDateField(LABELS["board_on"], [InputRequired(_l(MISSING["board_on"]))])
    website_on = PlDateField(LABELS["website_on"], [InputRequired(_l(MISSING["website_on"]))])
