"""Accounts, login (throttled), addresses confirmed by a mailed link, password reset, language
choice."""
