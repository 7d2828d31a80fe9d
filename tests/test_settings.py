"""Settings read the environment through typed helpers that refuse bad values.

Module-level failures (a bad value read when ``settings.py`` is imported) are checked in a
fresh interpreter with a crafted environment, exactly as the server would start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from foitracker.env import (
    ImapMailbox,
    env_bool,
    env_broker,
    env_database,
    env_imap_url,
    env_int,
    env_list,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-for-this-test-only",
    "ALLOWED_HOSTS": "foi.example.org",
}

# --- The helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("Yes", True), ("on", True), ("false", False), ("0", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FEATURE", raw)
    assert env_bool("FEATURE") is expected


@pytest.mark.parametrize("raw", ["maybe", "treu", "2", "enabled"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FEATURE", raw)
    with pytest.raises(ImproperlyConfigured, match=r"FEATURE must be a boolean.*" + raw):
        env_bool("FEATURE")


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("FEATURE", raising=False)
    assert env_bool("FEATURE", default=True) is True


@pytest.mark.parametrize("raw", ["abc", "1.5", "25 ", "0x19"])
def test_env_int_refuses_non_integers(monkeypatch, raw):
    monkeypatch.setenv("EMAIL_PORT", raw)
    if raw == "25 ":  # surrounding spaces are harmless
        assert env_int("EMAIL_PORT", 0) == 25
        return
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be an integer"):
        env_int("EMAIL_PORT", 25)


def test_env_int_default_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "")
    assert env_int("EMAIL_PORT", 1025) == 1025


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " foi.example.org, ,www.foi.example.org ")
    assert env_list("ALLOWED_HOSTS", []) == ["foi.example.org", "www.foi.example.org"]


@pytest.mark.parametrize(
    "raw", ["mysql://u@h/db", "mongodb://h/db", "nonsense", "postgres://u@h:port/db"]
)
def test_env_database_refuses_bad_urls(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "sqlite:///x.sqlite3")


def test_env_database_reads_postgres(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://foi:secret@db.internal:5433/foitracker")
    config = env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "foitracker")
    assert config["OPTIONS"]["options"] == "-c jit=off"


def test_env_database_turns_jit_off_on_every_postgres_connection(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://foi@db/foitracker?options=-c%20work_mem%3D8MB")
    options = env_database("DATABASE_URL", "sqlite:///x.sqlite3")["OPTIONS"]["options"]
    assert options == "-c work_mem=8MB -c jit=off"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.sqlite3")
    assert "OPTIONS" not in env_database("DATABASE_URL", "sqlite:///y.sqlite3")


@pytest.mark.parametrize("raw", ["http://redis:6379/0", "redis", "localhost:6379", "sqs://q"])
def test_env_broker_refuses_unsupported_urls(monkeypatch, raw):
    monkeypatch.setenv("CELERY_BROKER_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        env_broker("CELERY_BROKER_URL", "filesystem://")


@pytest.mark.parametrize("raw", ["redis://redis:6379/0", "rediss://h:6380/1", "filesystem://"])
def test_env_broker_accepts_redis_and_the_embedded_broker(monkeypatch, raw):
    monkeypatch.setenv("CELERY_BROKER_URL", raw)
    assert env_broker("CELERY_BROKER_URL", "filesystem://") == raw


# --- Starting Django with a crafted environment -------------------------------------------

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "NAME": str(settings.DATABASES["default"]["NAME"]),
    "BROKER": settings.CELERY_BROKER_URL,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "EMAIL_PORT": settings.EMAIL_PORT,
    "TIME_ZONE": settings.TIME_ZONE,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "IMAP_POLL": settings.CELERY_BEAT_SCHEDULE.get("inbound-imap-poll", {}).get("schedule"),
}))
"""


def start(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a new interpreter with only ``env`` (no inherited config)."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "foitracker.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_of(**env: str) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_environment_starts():
    values = settings_of(**PRODUCTION)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["foi.example.org"]


def test_refuses_to_start_with_debug_off_and_no_secret_key():
    result = start(DEBUG="false", ALLOWED_HOSTS="foi.example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    # No DEBUG at all is production: without a secret it must refuse, not fall back.
    result = start(ALLOWED_HOSTS="foi.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_on_runs_without_a_secret():
    assert settings_of(DEBUG="true")["DEBUG"] is True


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT must be an integer"),
        ("DB_CONN_MAX_AGE", "forever", "DB_CONN_MAX_AGE must be an integer"),
        ("DATABASE_URL", "mysql://u@h/db", "DATABASE_URL must be a postgres:// or sqlite:// URL"),
        ("CELERY_BROKER_URL", "http://redis:6379/0", "CELERY_BROKER_URL must be a redis://"),
        ("EMAIL_USE_TLS", "sometimes", "EMAIL_USE_TLS must be a boolean"),
        ("INBOUND_IMAP_URL", "imap.example.org", "INBOUND_IMAP_URL must start imaps://"),
        ("INBOUND_IMAP_POLL_SECONDS", "0", "INBOUND_IMAP_POLL_SECONDS must be 1 or more"),
        ("INBOUND_WEBHOOK_SECRET", "no-colon", "INBOUND_WEBHOOK_SECRET must be user:password"),
        ("INBOUND_IMAP_ERROR_FOLDER", "Échecs", "folder names must be plain ASCII"),
    ],
)
def test_refuses_to_start_on_a_bad_value(name, value, message):
    result = start(**{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_defaults_need_no_server():
    values = settings_of(DEBUG="true")
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(BASE_DIR / "data" / "foitracker.sqlite3")
    assert values["BROKER"].startswith("filesystem://")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["TIME_ZONE"] == "Europe/London"
    assert values["IMAP_POLL"] is None  # no mailbox, no polling


def test_production_services_from_the_environment():
    values = settings_of(
        **PRODUCTION,
        DATABASE_URL="postgres://foitracker:pw@postgres:5432/foitracker",
        CELERY_BROKER_URL="redis://redis:6379/0",
        EMAIL_HOST="mailpit",
        EMAIL_PORT="1025",
    )
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["BROKER"] == "redis://redis:6379/0"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mailpit", 1025)


def test_an_imap_url_makes_beat_poll_the_mailbox():
    values = settings_of(
        **PRODUCTION,
        INBOUND_IMAP_URL="imaps://replies:pw@mail.example.org/INBOX",
        INBOUND_IMAP_POLL_SECONDS="120",
    )
    assert values["IMAP_POLL"] == 120.0


# --- INBOUND_IMAP_URL (the IMAP poller's mailbox) ------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "imaps://replies%40foi.example.org:p%40ss:word@mail.example.org/INBOX",
            ImapMailbox(
                "mail.example.org", 993, "ssl", "replies@foi.example.org", "p@ss:word", "INBOX"
            ),
        ),
        (
            "imap+starttls://u:p@mail.example.org:1143/FOI%20replies",
            ImapMailbox("mail.example.org", 1143, "starttls", "u", "p", "FOI replies"),
        ),
        ("imap://u:p@127.0.0.1", ImapMailbox("127.0.0.1", 143, "", "u", "p", "INBOX")),
    ],
)
def test_imap_url_parsing(monkeypatch, url, expected):
    monkeypatch.setenv("INBOUND_IMAP_URL", url)
    assert env_imap_url("INBOUND_IMAP_URL") == expected


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("pop3://u:secret@host/INBOX", "must start imaps://"),
        ("imaps://host/INBOX", "needs user:password@host"),
        ("imaps://u@host/INBOX", "needs user:password@host"),
        ("imaps://u:secret@host:99999/INBOX", "not a valid URL"),
        ("imaps://u:secret@host/INBOX?tls=no", "takes no"),
        ("imaps://u:secret@host/R%C3%A9ponses", "folder names must be plain ASCII"),
    ],
)
def test_a_bad_imap_url_fails_loudly_without_showing_the_password(monkeypatch, url, complaint):
    monkeypatch.setenv("INBOUND_IMAP_URL", url)
    with pytest.raises(ImproperlyConfigured, match=complaint) as failure:
        env_imap_url("INBOUND_IMAP_URL")
    assert "secret" not in str(failure.value)


def test_an_empty_imap_url_turns_polling_off(monkeypatch):
    monkeypatch.setenv("INBOUND_IMAP_URL", "  ")
    assert env_imap_url("INBOUND_IMAP_URL") is None


@pytest.mark.django_db
def test_postgres_connections_run_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
