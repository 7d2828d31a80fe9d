"""A holiday correction saved with the broker down (issue 11 item 8): never a 500, and its
recompute is never lost. The correction and an outbox row are written in one transaction; the
task queued at commit fails quietly; the beat-driven reconciliation runs the recompute once
the broker is back. Tested against a real Redis server this test starts and stops itself on
a free port (never the shared one)."""

import contextlib
import datetime
import shutil
import socket
import subprocess
import time

import kombu
import pytest
import redis
import time_machine
from kombu import pools
from kombu.exceptions import OperationalError

from foitracker.celery import app as celery_app
from requests_app.models import FOIRequest, HolidayRecompute, ProclaimedHoliday
from requests_app.services.holiday_recomputes import holiday_recomputes_reconcile
from requests_app.services.requests import foi_request_create
from requests_app.tasks import reconcile_holiday_recomputes
from tests import factories

D = datetime.date
TODAY = datetime.datetime(2030, 6, 3, 9, 0, tzinfo=datetime.UTC)
PROCLAIMED = D(2030, 6, 14)  # moves 20 WD from Mon 3 June 2030 (1 July) to 2 July

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A throwaway redis-server: stopped until ``start``; no persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port)
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def queued(self) -> int:
        return redis.Redis(port=self.port).llen(celery_app.conf.task_default_queue)


@pytest.fixture
def broker(require_services, monkeypatch):
    """Celery pointed at a private Redis that is down until the test starts it."""
    if shutil.which("redis-server") is None:
        if require_services:
            pytest.fail("redis-server is needed to test a broker outage")
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    conf = celery_app.conf
    saved = (conf.broker_url, conf.broker_transport_options, conf.task_always_eager)

    def reset_pools():
        # kombu keeps connection pools in a global registry: close and forget them all, so the
        # next publish opens a pool for the broker now configured (and never a closed one).
        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    conf.broker_url, conf.broker_transport_options, conf.task_always_eager = server.url, {}, False
    try:
        yield server
    finally:
        reset_pools()
        conf.broker_url, conf.broker_transport_options, conf.task_always_eager = saved
        server.stop()


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def foi(user):
    return foi_request_create(
        owner=user,
        authority=factories.AuthorityFactory(nation="england"),
        title="x",
        sent_on=D(2030, 6, 3),
    )


def due(foi):
    return FOIRequest.objects.values_list("response_due", flat=True).get(pk=foi.pk)


def add_in_admin(client, capture, day=PROCLAIMED):
    with capture(execute=True):
        return client.post(
            "/admin/requests_app/proclaimedholiday/add/",
            {"date": day.isoformat(), "name": "Proclaimed", "nation": "uk_wide", "kind": "added"},
        )


def test_broker_stopped_then_started_loses_no_recompute(
    broker, staff_client, foi, settings, django_capture_on_commit_callbacks, monkeypatch
):
    assert due(foi) == D(2030, 7, 1)
    settings.HOLIDAY_RECOMPUTE_GRACE = 120

    # Broker stopped: the save answers as usual (no 500) and soon, the day is kept, the
    # recompute owed.
    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_client.post(
            "/admin/requests_app/proclaimedholiday/add/",
            {"date": PROCLAIMED.isoformat(), "name": "Proclaimed", "nation": "uk_wide",
             "kind": "added"},
        )  # fmt: skip
    assert response.status_code == 302, response.content[:300]
    # One quick attempt, not kombu's default retries (about 7 s before the page
    # answers): counted, not timed, so a loaded machine cannot fail it.
    attempts = []
    establish = kombu.Connection._establish_connection

    def counted(self, *args, **kwargs):
        attempts.append(1)
        return establish(self, *args, **kwargs)

    # Its own context: undoing the test's monkeypatch would also undo the broker fixture's.
    with monkeypatch.context() as patched:
        patched.setattr(kombu.Connection, "_establish_connection", counted)
        for callback in callbacks:  # what runs at commit, before the page is answered
            callback()
    assert len(attempts) <= 2  # a try and one retry (max_retries=1)
    assert ProclaimedHoliday.objects.filter(date=PROCLAIMED).exists()
    owed = HolidayRecompute.objects.get(date=PROCLAIMED)
    assert owed.done_at is None
    assert due(foi) == D(2030, 7, 1)  # not recomputed yet, and not lost
    # Deleting a correction with the broker down is just as safe.
    extra = ProclaimedHoliday.objects.create(date=D(2030, 6, 21), name="Other", nation="wales")
    with django_capture_on_commit_callbacks(execute=True):
        deleted = staff_client.post(
            f"/admin/requests_app/proclaimedholiday/{extra.pk}/delete/", {"post": "yes"}
        )
    assert deleted.status_code == 302
    assert HolidayRecompute.objects.filter(done_at__isnull=True).count() == 2
    # Beat cannot send its reconciliation while the broker is down either. (One attempt:
    # kombu's own retries count time, which is frozen here.)
    with celery_app.connection_for_write() as connection, pytest.raises(OperationalError):
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0)

    # Broker started: beat's next tick reaches it, and a worker runs the reconciliation.
    broker.start()
    reconcile_holiday_recomputes.apply_async(retry=False)
    assert broker.queued() == 1
    assert holiday_recomputes_reconcile() == 0  # within the grace: the task may still come
    with time_machine.travel(TODAY + datetime.timedelta(minutes=5), tick=False):
        assert reconcile_holiday_recomputes.apply().get() == 2
    assert due(foi) == D(2030, 7, 2)
    assert not HolidayRecompute.objects.filter(done_at__isnull=True).exists()
    assert holiday_recomputes_reconcile(now=TODAY + datetime.timedelta(hours=1)) == 0

    # With the broker up, a save queues its own recompute at once.
    assert (
        add_in_admin(staff_client, django_capture_on_commit_callbacks, D(2030, 6, 17)).status_code
        == 302
    )
    assert broker.queued() == 2
