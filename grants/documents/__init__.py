"""Documents: stored files (kept in the database, so every app server serves them), the
checks of an upload, PDF rendering, and the filing of a document a party files or signs
(canonical JSON, SHA-256, PDF)."""
