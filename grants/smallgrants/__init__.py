"""Small grants (UDPP art. 19a): a simplified offer without a competition, its limits,
the officer's assessment, publication for comments, moderation and contracting."""
