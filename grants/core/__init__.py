"""Shared mechanisms: database base, money, time and deadlines, audit, errors, mail."""
