"""bench/bench_recompute_command.py, run small: the figure issue 15's table gives for
``recompute_deadlines`` with every row changed is the command as it runs (on a wiped copy
of the database), not another code path, and the database measured is left as it was."""

import pytest
from django.db import connection

from bench.bench_recompute_command import PHASES, run_on_copy
from bench.generate_national import generate
from requests_app.models import FOIRequest

REQUESTS = 300


def _alone(database: str) -> None:
    """No session left on the test's own database (a copy's template may have none): one an
    earlier test's thread left open is ended, then ours is closed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_times_the_command_on_a_wiped_copy(require_services):
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the benchmark copies a PostgreSQL database")
    generate(REQUESTS, say=lambda _: None)
    kept = list(FOIRequest.objects.order_by("pk").values_list("pk", "stage", "next_deadline"))
    database = connection.settings_dict["NAME"]
    _alone(database)

    result = run_on_copy(database)

    # Every row of the copy had lost its deadlines, so every row changed, in one rewrite.
    assert result["said"][0] == (
        f"{REQUESTS} requests checked, {REQUESTS} updated (one locked rewrite, indexes rebuilt)."
    )
    assert (result["changed"], result["rebuilt"]) == (REQUESTS, True)
    phases = result["phases"]
    assert set(phases) == set(PHASES)  # every step timed, the rewrite's included
    # The CPU the machine spent in each step (Linux: /proc/stat), for the floor argument.
    assert set(result["cpu"]) == set(PHASES)
    assert all(spent >= 0 for spent in result["cpu"].values())
    assert phases["deadlines"] + phases["checks side by side"] <= phases["whole command"]
    assert phases["UPDATE"] + phases["index builds"] <= phases["locked rewrite"]
    assert list(FOIRequest.objects.order_by("pk").values_list("pk", "stage", "next_deadline")) == (
        kept
    )
    # The usual run, nothing wiped: nothing to write, no rewrite.
    _alone(database)
    usual = run_on_copy(database, wipe=False)
    assert usual["said"][0] == f"{REQUESTS} requests checked, 0 updated."
    assert (usual["changed"], usual["rebuilt"]) == (0, False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", [f"{database}_recompute"]
        )
        assert cursor.fetchone() == (0,), "the copy is dropped"
