"""``manage.py recompute_deadlines``: what it prints while it works, that ``--online`` never
locks, and the two checks after the deadlines (the statistics summary, the search documents)
run side by side on PostgreSQL."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from requests_app.management.commands import recompute_deadlines as command
from requests_app.models import FOIRequest, RequestSearch, RequestSummary
from requests_app.services.summary_rebuild import summaries_rebuild
from tests import test_recompute
from tests.search_check import assert_search_documents_are_right
from tests.stats_check import summary_rows

D = datetime.date
# test_recompute's fixtures (its frozen day, autouse, and its three requests) and helper.
_today = test_recompute._today
scene = test_recompute.scene
reload = test_recompute.reload


@pytest.mark.django_db
def test_management_command_recomputes_with_a_progress_bar(scene):
    FOIRequest.objects.update(response_due=None)
    out, err = io.StringIO(), io.StringIO()
    call_command("recompute_deadlines", "--batch-size", "2", stdout=out, stderr=err)
    assert "3 requests checked, 3 updated" in out.getvalue()
    assert "Recomputing deadlines" in err.getvalue()  # tqdm writes to stderr
    # The two checks after it have no bar; they say what runs.
    assert "Checking the statistics summary and the search documents" in err.getvalue()
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 1)
    out = io.StringIO()
    err = io.StringIO()
    call_command(
        "recompute_deadlines", "--regime", "foisa", "--no-progress", stdout=out, stderr=err
    )
    assert "1 requests checked, 0 updated" in out.getvalue()
    assert err.getvalue() == ""


@pytest.mark.django_db
def test_the_command_never_locks_when_online(scene):
    FOIRequest.objects.update(response_due=None)
    out = io.StringIO()
    call_command("recompute_deadlines", "--no-progress", "--online", stdout=out)
    assert "3 requests checked, 3 updated." in out.getvalue()
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 1)


@pytest.mark.django_db(transaction=True)
def test_the_command_checks_the_summary_and_the_documents_side_by_side(
    scene, require_services, monkeypatch
):
    """Committed rows, as in production: on PostgreSQL the two checks after the deadlines run
    on two threads (each its own connection), and both still put right what was written
    around the services."""
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the checks run side by side on PostgreSQL only")
    threads = []
    real = command.side_by_side

    def watched(*calls):
        def on_its_thread(call):
            def run():
                threads.append(threading.get_ident())
                return call()

            return run

        return real(*(on_its_thread(call) for call in calls))

    monkeypatch.setattr(command, "side_by_side", watched)
    summaries_rebuild(full=True)
    kept = summary_rows()
    foia = scene["open_foia"]
    FOIRequest.objects.filter(pk=foia.pk).update(title="Bus lanes")
    RequestSummary.objects.filter(request_id=foia.pk).delete()
    RequestSearch.objects.filter(request_id=foia.pk).update(source_digest=None)
    out = io.StringIO()
    call_command("recompute_deadlines", "--no-progress", stdout=out)
    assert len(set(threads)) == 2 and threading.get_ident() not in threads
    assert "Statistics summary checked: 1 requests' rows rewritten." in out.getvalue()
    assert "Search documents checked: 1 rewritten." in out.getvalue()
    assert summary_rows() == kept
    assert_search_documents_are_right()
