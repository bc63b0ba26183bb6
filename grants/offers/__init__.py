"""Offers on the 2018 template: drafting, filing (frozen, PDF, SHA-256), withdrawal, replacement."""
