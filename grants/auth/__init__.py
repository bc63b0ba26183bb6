"""Accounts, login (throttled), password reset, language choice."""
