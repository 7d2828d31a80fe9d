"""``deadlines_recompute_table`` (``manage.py recompute_deadlines``) reading its batches on two
threads: on PostgreSQL, with committed rows, two connections read and compute while the
caller's own connection stages what they hand it; inside a transaction one loop reads."""

import threading

import pytest
from django.db import connection

from requests_app.models import FOIRequest
from requests_app.services import deadlines_bulk, deadlines_rewrite
from requests_app.services.deadlines_rewrite import deadlines_recompute_table
from tests import test_recompute

# test_recompute's frozen day (autouse) and its requests in every stage.
_today = test_recompute._today
snapshot = test_recompute.snapshot


def _backend() -> int:
    """This thread's database session: its server process (SQLite: the thread)."""
    if connection.vendor != "postgresql":
        return threading.get_ident()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def postgresql(require_services):
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the batches are read on several connections on PostgreSQL only")


@pytest.fixture
def read_by(monkeypatch):
    """The ids of the requests each database session read (``_backend``)."""
    sessions: dict[int, list[int]] = {}
    real = deadlines_bulk.batch_read

    def watched(queryset):
        batch = real(queryset)
        read = sessions.setdefault(_backend(), [])
        if batch is not None:
            read.extend(batch.pks.tolist())
        return batch

    monkeypatch.setattr(deadlines_bulk, "batch_read", watched)
    return sessions


def _wipe():
    FOIRequest.objects.update(
        stage="awaiting_response", response_due=None, next_deadline=None, answered_on=None,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_connections_read_the_batches_and_the_rows_come_out_right(
    user, postgresql, read_by, monkeypatch
):
    made = test_recompute._every_kind_of_request(user)
    expected = snapshot(FOIRequest.objects.all())
    _wipe()
    staged_on = set()
    real_stage = deadlines_rewrite._stage

    def stage(changes):
        staged_on.add(_backend())
        return real_stage(changes)

    monkeypatch.setattr(deadlines_rewrite, "_stage", stage)
    covered = []
    changed, rebuilt = deadlines_recompute_table(
        FOIRequest.objects.all(), covered.append, batch_size=3, rewrite_at=1
    )
    assert (changed, rebuilt) == (len(made), True)
    assert snapshot(FOIRequest.objects.all()) == expected
    assert sum(covered) == len(made)  # the progress bar reached the end
    # Two sessions each read a contiguous half of the ids, none twice; the staging (its
    # temporary table) stayed on the caller's own session.
    assert len(read_by) == 2
    first, second = sorted(read_by.values())
    assert first and second and max(first) < min(second)
    assert sorted(first + second) == sorted(r.pk for r in made)
    assert staged_on == {_backend()} and not staged_on & set(read_by)
    assert deadlines_recompute_table(FOIRequest.objects.all(), rewrite_at=1) == (0, False)


@pytest.mark.django_db(transaction=True)
def test_a_reader_s_error_reaches_the_caller_and_no_reader_is_left_running(
    user, postgresql, monkeypatch
):
    made = test_recompute._every_kind_of_request(user)
    _wipe()
    wiped = snapshot(FOIRequest.objects.all())
    last = max(r.pk for r in made)
    real = deadlines_bulk.batch_changes

    def failing(batch, *args):
        if last in batch.pks:
            raise RuntimeError("the law could not be applied")
        return real(batch, *args)

    monkeypatch.setattr(deadlines_bulk, "batch_changes", failing)
    threads = threading.active_count()
    with pytest.raises(RuntimeError, match="the law could not be applied"):
        deadlines_recompute_table(FOIRequest.objects.all(), batch_size=3, rewrite_at=1)
    assert threading.active_count() == threads  # no reader left running
    assert snapshot(FOIRequest.objects.all()) == wiped  # nothing half-written


@pytest.mark.django_db(transaction=True)
def test_a_write_that_fails_halfway_leaves_nothing_written(user, postgresql):
    # The caller's write (several statements, as changes_write's UPDATE, summary rows and
    # moot reminders) runs after the readers' transactions: it must still be all or none.
    made = test_recompute._every_kind_of_request(user)
    _wipe()
    titles = dict(FOIRequest.objects.values_list("pk", "title"))

    def half_then_fail(changes):
        ids = changes[0]
        FOIRequest.objects.filter(pk=int(ids[0])).update(title="written halfway")
        raise RuntimeError("the second statement failed")

    with pytest.raises(RuntimeError, match="the second statement failed"):
        deadlines_bulk.batches_recompute(
            FOIRequest.objects.all(), half_then_fail, batch_size=3, readers=2
        )
    assert dict(FOIRequest.objects.values_list("pk", "title")) == titles
    assert len(titles) == len(made)


@pytest.mark.django_db
def test_inside_a_transaction_one_loop_reads_on_its_own_connection(user, read_by):
    # Another connection would not see this transaction's uncommitted rows.
    made = test_recompute._every_kind_of_request(user)
    expected = snapshot(FOIRequest.objects.all())
    _wipe()
    changed, _ = deadlines_recompute_table(FOIRequest.objects.all(), batch_size=3, rewrite_at=1)
    assert changed == len(made)
    assert snapshot(FOIRequest.objects.all()) == expected
    assert list(read_by) == [_backend()]
    assert sorted(read_by[_backend()]) == sorted(r.pk for r in made)
