"""``manage.py ingest_email``: what an MTA pipe transport runs, one message on stdin."""

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection

from requests_app.models import EmailMessage, InboundEmail
from tests.email.messages import coventry_reply
from tests.factories import AuthorityFactory, FOIRequestFactory

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "foi.example.org"


def _coventry_request():
    authority = AuthorityFactory(
        name="Coventry City Council", email="infogov@coventry.gov.uk", default_regime="foia"
    )
    return FOIRequestFactory(authority=authority)


def _database_url(require_services) -> str:
    config = connection.settings_dict
    if connection.vendor != "postgresql":
        reason = "a subprocess cannot open the in-memory SQLite test database"
        if require_services:
            pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
        pytest.skip(reason)
    user = quote(config.get("USER") or "")
    password = f":{quote(config['PASSWORD'])}" if config.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
    return f"postgres://{auth}{host}/{config['NAME']}"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_piping_a_reply_twice_files_it_once_against_its_request(settings, require_services):
    """The issue's "done when": the reply, addressed to the request's reply address, piped
    into ``manage.py ingest_email`` twice, is filed once with its analysis and a proposal."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": django_settings.SECRET_KEY,
        "DATABASE_URL": _database_url(require_services),
        "INBOUND_EMAIL_DOMAIN": DOMAIN,
        "LOG_LEVEL": "WARNING",
    }
    settings.INBOUND_EMAIL_DOMAIN = DOMAIN
    foi_request = _coventry_request()
    raw = coventry_reply(foi_request.reply_to_address)
    command = [sys.executable, "manage.py", "ingest_email"]

    first = subprocess.run(command, input=raw, cwd=ROOT, env=env, capture_output=True, timeout=120)
    second = subprocess.run(command, input=raw, cwd=ROOT, env=env, capture_output=True, timeout=120)

    assert first.returncode == 0, first.stderr.decode()
    assert f"to request {foi_request.pk} (by Reply address)" in first.stdout.decode()
    assert second.returncode == 0, second.stderr.decode()
    assert "duplicate" in second.stderr.decode()
    message = EmailMessage.objects.get()
    assert message.foi_request == foi_request and message.match_method == "token"
    assert message.analysis["outcome"] == "refused"
    assert [e["code"] for e in message.analysis["exemptions"]] == ["foia-s24"]
    assert message.proposal_state == "pending"
    assert not InboundEmail.objects.exists()


SETUP = """
import datetime
from django.contrib.auth import get_user_model
from requests_app.models import PublicAuthority
from requests_app.services.requests import foi_request_create
owner = get_user_model().objects.create(username="amira")
coventry = PublicAuthority.objects.create(
    name="Coventry City Council", slug="coventry-city-council", authority_type="local_council",
    nation="england", default_regime="foia", email="infogov@coventry.gov.uk")
r = foi_request_create(owner=owner, authority=coventry, title="Prevent referrals",
    sent_on=datetime.date(2022, 6, 15))
print(r.pk, r.reply_to_address)
"""
CHECK = """
import json
from requests_app.models import EmailMessage, InboundEmail
print(json.dumps({
    "spooled": InboundEmail.objects.count(),
    "messages": [
        [m.foi_request_id, m.match_method, m.analysis["outcome"], m.proposal_state,
         [e["code"] for e in m.analysis["exemptions"]]]
        for m in EmailMessage.objects.all()
    ],
}))
"""


@pytest.mark.integration
def test_piping_a_reply_twice_files_it_once_on_sqlite(tmp_path):
    """The same, on a SQLite file database, every step a process of its own (the test
    suite's SQLite database is in memory, which no other process can open)."""
    import json

    env = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": django_settings.SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'foi.sqlite3'}",
        "INBOUND_EMAIL_DOMAIN": DOMAIN,
        "LOG_LEVEL": "WARNING",
    }

    def manage(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            input=stdin,
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=300,
        )

    assert manage("migrate", "-v0").returncode == 0
    setup = manage("shell", "--no-imports", "-c", SETUP)
    assert setup.returncode == 0, setup.stderr.decode()
    pk, address = setup.stdout.decode().split()
    raw = coventry_reply(address)
    first, second = manage("ingest_email", stdin=raw), manage("ingest_email", stdin=raw)
    assert first.returncode == 0 and f"to request {pk} (by Reply address)" in first.stdout.decode()
    assert second.returncode == 0 and "duplicate" in second.stderr.decode()
    state = json.loads(manage("shell", "--no-imports", "-c", CHECK).stdout)
    assert state == {
        "spooled": 0,
        "messages": [[int(pk), "token", "refused", "pending", ["foia-s24"]]],
    }


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def _ingest(monkeypatch, raw: bytes) -> tuple[str, str, int]:
    monkeypatch.setattr(sys, "stdin", _Stdin(raw))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest_email", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return out.getvalue(), err.getvalue(), code


@pytest.mark.django_db
def test_the_command_files_and_reports_a_duplicate(monkeypatch, settings):
    settings.INBOUND_EMAIL_DOMAIN = DOMAIN
    foi_request = _coventry_request()
    raw = coventry_reply(foi_request.reply_to_address)
    out, _, code = _ingest(monkeypatch, raw)
    assert code == 0 and f"Filed reply {EmailMessage.objects.get().pk}" in out
    out, err, code = _ingest(monkeypatch, raw)
    assert code == 0 and out == ""
    assert "duplicate: Message-ID <reply-20220713-1@coventry.gov.uk> was already filed" in err


@pytest.mark.django_db
def test_nothing_on_stdin_is_refused(monkeypatch):
    assert _ingest(monkeypatch, b"  \r\n")[2] == 65


@pytest.mark.django_db
def test_when_the_bytes_cannot_be_stored_the_mta_is_told_to_retry(monkeypatch):
    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(InboundEmail.objects, "create", database_down)
    _, err, code = _ingest(monkeypatch, coventry_reply("x@y"))
    assert code == 75 and "could not store" in err


@pytest.mark.django_db
def test_a_stored_but_unfiled_message_is_not_retried_by_the_mta(monkeypatch):
    from requests_app.services import email_inbound

    def broken(parsed):
        raise RuntimeError("matching broke")

    monkeypatch.setattr(email_inbound, "email_match", broken)
    _, err, code = _ingest(monkeypatch, coventry_reply("x@y"))
    assert code == 0 and "stored as unfiled" in err
    assert InboundEmail.objects.count() == 1
    monkeypatch.undo()
    out = io.StringIO()
    call_command("ingest_email", "--retry", stdout=out)
    assert out.getvalue().strip() == "1 filed, 0 still failing"
