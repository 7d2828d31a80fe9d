"""/healthz and ``manage.py healthcheck`` (issue 11 item 8): 503 naming what is down.

Outages are real: Redis URLs point at a closed port (127.0.0.1:1) and the database settings
at a server or file that is not there; nothing is mocked.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from foitracker.env import cache_config

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = cache_config(CLOSED, 0.5)


@pytest.fixture
def broker_down(settings):
    settings.CELERY_BROKER_URL = CLOSED


@pytest.fixture
def database_down(monkeypatch):
    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    else:
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent/folder/db.sqlite3")


def test_healthz_is_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "down": [],
        "checks": {"database": "ok", "broker": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("outage", "down"),
    [("database_down", "database"), ("broker_down", "broker"), ("cache_down", "cache")],
)
def test_healthz_is_503_naming_what_is_down(client, request, outage, down):
    request.getfixturevalue(outage)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == [down]
    assert body["checks"][down] == "down"


def test_everything_down_is_named_together(client, cache_down, broker_down, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database", "broker", "cache"]


def test_the_healthcheck_command_exits_non_zero_naming_what_is_down(cache_down, capsys):
    with pytest.raises(CommandError, match="unhealthy: cache down"):
        call_command("healthcheck")
    assert '"down": ["cache"]' in capsys.readouterr().out


def test_the_healthcheck_command_passes_when_everything_answers(capsys):
    call_command("healthcheck")
    assert '"status": "ok"' in capsys.readouterr().out
