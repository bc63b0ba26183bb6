"""The secret key (issue 10): the app ran with "dev-secret-change-me" unless SECRET_KEY was set,
and a session cookie forged with that key opened /admin/users. Development is now explicit
(GRANTS_ENV=development, with a random key kept in instance/); anywhere else the app refuses
to start without a key of at least 32 random bytes and without its public address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask, g

import config
from grants import create_app
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]
STRONG = "pG4v0yJmQ2b9sXw7LkT1eRzN8cUaHf3dVqY6iO5nB0-_"
PUBLIC = "https://granty.example.gov.pl"


def _forged_cookie(key: str, identity: str) -> str:
    forger = Flask("forger")
    forger.secret_key = key
    serializer = forger.session_interface.get_signing_serializer(forger)
    return serializer.dumps({"_user_id": identity, "_fresh": True})


def _production(app, **overrides):
    return {"ENV_NAME": "production", "SECRET_KEY": STRONG, "PUBLIC_BASE_URL": PUBLIC,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **overrides}


# ---------------------------------------------------------------- the environment

def test_without_grants_env_the_app_is_not_a_development_app_with_a_known_key(
        app, monkeypatch):
    monkeypatch.delenv("GRANTS_ENV")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert config.config_from_env() is config.ProductionConfig
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                    "PUBLIC_BASE_URL": PUBLIC, "SECRET_KEY": None})


def test_an_unknown_grants_env_is_refused(monkeypatch):
    monkeypatch.setenv("GRANTS_ENV", "prod")
    with pytest.raises(RuntimeError, match="GRANTS_ENV"):
        config.config_from_env()


def test_wsgi_refuses_to_start_when_nothing_is_configured():
    env = {k: v for k, v in os.environ.items()
           if k not in {"GRANTS_ENV", "SECRET_KEY", "PUBLIC_BASE_URL"}}
    r = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    assert "SECRET_KEY" in r.stderr and "secrets.token_urlsafe(48)" in r.stderr


# ---------------------------------------------------------------- the key

@pytest.mark.parametrize(("key", "reason"), [
    (None, "not set"), ("", "not set"),
    ("dev-secret-change-me", "default"), ("test-secret", "default"),
    ("x7Gq2-short-key", "32 bytes"),
    ("a" * 64, "random"), ("abcabcabcabcabcabcabcabcabcabcabcabc", "random"),
])
def test_production_refuses_a_missing_default_short_or_weak_key(app, key, reason):
    with pytest.raises(RuntimeError, match=reason):
        create_app(_production(app, SECRET_KEY=key))


def test_production_refuses_to_start_without_its_public_address(app):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app(_production(app, PUBLIC_BASE_URL=None))
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app(_production(app, PUBLIC_BASE_URL="granty.example.gov.pl"))


@pytest.mark.pure
def test_a_generated_key_passes():
    import secrets

    assert config.secret_key_problem(secrets.token_urlsafe(48)) is None
    assert config.secret_key_problem(secrets.token_hex(32)) is None
    assert config.secret_key_problem(STRONG) is None


def test_a_cookie_forged_with_the_old_default_key_opens_nothing(app, client, world):
    # even with the identity of a live server-side session of the admin (grants/auth/sessions)
    from grants.auth import sessions
    from grants.extensions import db

    identity = sessions.start(world.admin)
    db.session.commit()
    client.set_cookie("session", _forged_cookie(config.DEFAULT_SECRET, identity),
                      domain="localhost")
    r = client.get("/admin/users")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    # the forgery itself works: with the app's real key the same cookie is an admin session
    g.pop("_login_user", None)  # requests share the test's app context: Flask-Login's cache
    client.set_cookie("session", _forged_cookie(app.secret_key, identity),
                      domain="localhost")
    assert client.get("/admin/users").status_code == 200


def test_the_test_key_is_random_not_a_published_one(app):
    assert config.secret_key_problem(app.config["SECRET_KEY"]) is None


# ---------------------------------------------------------------- development

def test_development_keeps_a_random_key_in_the_instance_folder(app, tmp_path):
    dev = {"ENV_NAME": "development", "SECRET_KEY": None,
           "DEV_SECRET_FILE": str(tmp_path / "secret_key"),
           "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    first = create_app(dev).config["SECRET_KEY"]
    assert config.secret_key_problem(first) is None
    assert create_app(dev).config["SECRET_KEY"] == first   # sessions survive a restart
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_production_app_with_a_strong_key_serves_pages(app, world):
    prod = create_app(_production(app, TRUSTED_HOSTS=["localhost"]))
    client = prod.test_client()
    login(client, world.admin)
    assert client.get("/admin/users").status_code == 200
