"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi run``.

Without GRANTS_ENV this is the production app: it refuses to start without SECRET_KEY (a random
key of at least 32 bytes) and PUBLIC_BASE_URL. On a developer's machine set
GRANTS_ENV=development (the Makefile does)."""

from grants import create_app

app = create_app()
