"""Open competitions of offers (calls): drafting, publication, corrections, public pages."""
