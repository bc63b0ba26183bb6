"""Marking messages for translation where they are written, translating them where shown.

Services, rules and validators run outside requests (CLI, tests, reminders) and must not
depend on the user's language, so they raise their Polish messages unchanged: `N_("...")`
only marks a literal for `pybabel extract -k N_`. Views, templates and the error handlers
translate the message when they show it (`gettext(exc.message)`); a message without an entry
in the catalogue (one built with an f-string) is shown as written.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark `message` for extraction; return it unchanged (translated at display time)."""
    return message


def translated(messages):
    """gettext over a list of messages computed elsewhere (no %-formatting is applied)."""
    from flask_babel import gettext

    return [gettext(m) if isinstance(m, str) and m else m for m in messages]
