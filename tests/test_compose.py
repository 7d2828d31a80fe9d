"""docker-compose.yml and the Dockerfile, checked by reading them (there is no Docker engine here).

Variables are resolved the way ``docker compose`` does (``${VAR:-default}``, ``${VAR:?error}``),
from an environment holding only SECRET_KEY, as in the README's production steps.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from foitracker.env import env_broker, env_database

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
DOCKERFILE = (ROOT / "Dockerfile").read_text()
DOTENV = {"SECRET_KEY": "from-the-env-file"}

_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if env.get(name):
            return env[name]
        if op == ":?":
            raise LookupError(f"{name}: {arg}")
        return arg or ""

    return _VARIABLE.sub(replace, value.replace("$$", "\0")).replace("\0", "$")


def environment(service: str, env: dict[str, str] = DOTENV) -> dict[str, str]:
    raw = SERVICES[service].get("environment", {})
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {key: interpolate(str(value), env) for key, value in raw.items()}


def command(service: str) -> list[str]:
    raw = SERVICES[service].get("command", [])
    return [interpolate(part, DOTENV) for part in raw] if isinstance(raw, list) else [raw]


def test_the_six_services():
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(SERVICES)


@pytest.mark.parametrize("service", ["postgres", "redis", "web", "worker", "beat", "mailpit"])
def test_health_checks(service):
    check = SERVICES[service]["healthcheck"]
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert len(check["test"]) > 1
    assert "interval" in check and "retries" in check


def test_containers_without_a_web_server_do_not_inherit_the_images_http_probe():
    # The Dockerfile's HEALTHCHECK probes gunicorn; other containers of the image override it.
    assert "--destination=celery@$HOSTNAME" in interpolate(
        SERVICES["worker"]["healthcheck"]["test"][1], DOTENV
    )
    assert SERVICES["migrate"]["healthcheck"] == {"disable": True}


def test_worker_and_beat_run_the_healthz_checks_from_the_command_line():
    # /healthz's database, broker and cache checks, for containers that serve no HTTP.
    assert SERVICES["worker"]["healthcheck"]["test"][1].endswith("python manage.py healthcheck")
    assert SERVICES["beat"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "manage.py",
        "healthcheck",
    ]


def test_web_health_check_hits_healthz():
    probe = SERVICES["web"]["healthcheck"]["test"]
    assert probe[1:] == ["python", "scripts/healthcheck.py"]
    assert "/healthz" in (ROOT / "scripts" / "healthcheck.py").read_text()


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_healthy_database_and_broker(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["postgres"] == {"condition": "service_healthy"}
    assert depends["redis"] == {"condition": "service_healthy"}
    # Migrations run once, before any of them (replicas never race to migrate).
    assert depends["migrate"] == {"condition": "service_completed_successfully"}
    # ...and load the shipped authority directory (idempotent), only if migrating worked,
    # then bring stored deadlines up to the current law and calendars (issue 10).
    assert command("migrate") == [
        "sh",
        "-c",
        "python manage.py migrate --no-input && python manage.py import_authorities"
        " && python manage.py recompute_deadlines --no-progress",
    ]


def test_database_lives_on_a_named_volume():
    mounts = SERVICES["postgres"]["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in mounts
    assert "pgdata" in COMPOSE["volumes"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_environment(service):
    env = environment(service)
    assert env["DEBUG"] == "false"
    assert env["SECRET_KEY"] == "from-the-env-file"
    assert env["DATABASE_URL"].startswith("postgres://foitracker:")
    assert env["DATABASE_URL"].endswith("@postgres:5432/foitracker")
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert (env["EMAIL_HOST"], env["EMAIL_PORT"]) == ("mailpit", "1025")


@pytest.mark.parametrize("service", APP_SERVICES)
def test_imap_polling_is_off_unless_a_mailbox_is_given(service):
    env = environment(service)
    assert env["INBOUND_IMAP_URL"] == ""  # beat schedules no poll; the worker needs none
    assert env["INBOUND_IMAP_PROCESSED_FOLDER"] == "Processed"
    assert env["INBOUND_IMAP_ERROR_FOLDER"] == "Failed"
    assert env["INBOUND_IMAP_POLL_SECONDS"] == "60"
    assert env["INBOUND_WEBHOOK_SECRET"] == ""  # no webhook unless a secret is given
    url = "imaps://replies:pw@mail.example.org:993/INBOX"
    given = environment(service, DOTENV | {"INBOUND_IMAP_URL": url})
    assert given["INBOUND_IMAP_URL"] == url
    # Outgoing mail is still caught by mailpit.
    assert given["EMAIL_HOST"] == "mailpit"


def test_compose_imap_settings_are_accepted_by_the_settings(monkeypatch):
    from foitracker.env import env_imap_url

    env = environment("beat", DOTENV | {"INBOUND_IMAP_URL": "imaps://u:p@mail.example.org/INBOX"})
    monkeypatch.setenv("INBOUND_IMAP_URL", env["INBOUND_IMAP_URL"])
    assert env_imap_url("INBOUND_IMAP_URL").host == "mail.example.org"
    monkeypatch.setenv("INBOUND_IMAP_URL", environment("beat")["INBOUND_IMAP_URL"])
    assert env_imap_url("INBOUND_IMAP_URL") is None


def test_app_environment_is_accepted_by_the_settings(monkeypatch):
    env = environment("web")
    for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
        monkeypatch.setenv(name, env[name])
    assert env_database("DATABASE_URL", "")["HOST"] == "postgres"
    assert env_broker("CELERY_BROKER_URL", "") == "redis://redis:6379/0"


def test_web_trusts_no_forwarded_for_unless_told_and_shares_throttles_through_redis():
    # gunicorn is published directly: no proxy of ours writes X-Forwarded-For.
    assert environment("web")["NUM_PROXIES"] == "0"
    assert environment("web", DOTENV | {"NUM_PROXIES": "1"})["NUM_PROXIES"] == "1"
    assert environment("web")["CACHE_URL"] == "redis://redis:6379/1"


def test_no_secret_key_no_stack():
    # The settings refuse to start without one; compose refuses even earlier.
    with pytest.raises(LookupError, match="SECRET_KEY"):
        environment("web", env={})


def test_database_password_is_shared_by_postgres_and_the_app():
    env = {**DOTENV, "POSTGRES_PASSWORD": "s3cret"}
    assert environment("postgres", env)["POSTGRES_PASSWORD"] == "s3cret"
    assert ":s3cret@postgres:" in environment("web", env)["DATABASE_URL"]


def test_web_runs_gunicorn_on_the_wsgi_module():
    cmd = command("web")
    assert cmd[:2] == ["gunicorn", "foitracker.wsgi:application"]
    assert (ROOT / "foitracker" / "wsgi.py").exists()
    assert "8000:8000" in SERVICES["web"]["ports"]


def test_worker_and_beat_run_celery_on_the_project_app():
    assert command("worker")[:3] == ["celery", "--app=foitracker", "worker"]
    assert command("beat")[:3] == ["celery", "--app=foitracker", "beat"]
    assert (ROOT / "foitracker" / "celery.py").exists()
    # Beat is the clock: a second one would send every reminder twice.
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_mailpit_is_the_smtp_sink():
    mailpit = SERVICES["mailpit"]
    assert mailpit["image"].startswith("axllent/mailpit")
    assert "8025:8025" in mailpit["ports"]  # the web inbox
    assert "1025" in [str(p) for p in mailpit.get("expose", [])]  # SMTP, inside the network


# --- Dockerfile ------------------------------------------------------------------------------


def instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    result = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def test_dockerfile_base_image_and_locked_install():
    steps = instructions()
    assert steps[0] == ("FROM", "python:3.11-slim")
    runs = [rest for keyword, rest in steps if keyword == "RUN"]
    assert any("pip install --require-hashes -r requirements.lock" in run for run in runs)
    assert (ROOT / "requirements.lock").exists()


def test_dockerfile_collects_static_files_with_a_build_only_secret():
    runs = [rest for keyword, rest in instructions() if keyword == "RUN"]
    [collect] = [run for run in runs if "collectstatic" in run]
    assert "SECRET_KEY=" in collect and "DEBUG=false" in collect


def test_dockerfile_runs_as_a_non_root_user():
    users = [rest for keyword, rest in instructions() if keyword == "USER"]
    assert users, "no USER instruction: the container would run as root"
    assert users[-1] not in {"root", "0", "0:0"}
    assert f"useradd --system --gid {users[-1]}" in " ".join(rest for _, rest in instructions())


def test_dockerfile_commands_reference_files_that_exist():
    steps = dict(instructions())
    cmd = yaml.safe_load(steps["CMD"])  # exec form is a JSON list
    assert cmd[:2] == ["gunicorn", "foitracker.wsgi:application"]
    health = steps["HEALTHCHECK"].split("CMD", 1)[1]
    script = yaml.safe_load(health)[1]
    assert (ROOT / script).exists()
    for keyword, rest in instructions():
        if keyword == "COPY":
            sources = shlex.split(rest)[:-1]
            for source in sources:
                if not source.startswith("--"):
                    assert (ROOT / source).exists(), source


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".git", ".venv", "data", ".env"):
        assert path in ignored


# --- The health probe script, against a real server ------------------------------------------


def probe(port: int, hosts: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "healthcheck.py")],
        env={"PATH": os.environ.get("PATH", ""), "PORT": str(port), "ALLOWED_HOSTS": hosts},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_health_probe_passes_on_a_live_server(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    assert probe(port, ".localhost,*").returncode == 0


def test_health_probe_fails_when_nothing_answers(unused_tcp_port):
    result = probe(unused_tcp_port, "localhost")
    assert result.returncode == 1
    assert "unhealthy" in result.stderr


@pytest.fixture
def unused_tcp_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
