"""The formal check of offers (competitions.md step 4): checklist, outcome, completion."""
