"""What the tests share: factories, per-area helpers that build objects through the services,
the PDF stub, statement counting. Imported by tests, never by the application."""
