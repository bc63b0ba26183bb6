"""Procedures: what committees, publications, documents and contracts attach to - a
competition of offers, a small grant (art. 19a), a procurement procedure."""
