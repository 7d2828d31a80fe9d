"""Recomputing stored deadlines: proclaimed holidays (admin, service, Celery task), the bulk
path and ``manage.py recompute_deadlines`` (shared/foi-law.md "The four regimes": one-off
days are proclaimed at short notice and must move the deadlines they affect)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from foitracker.celery import app as celery_app
from requests_app.law.calendars import calendar_for
from requests_app.models import FOIRequest, ProclaimedHoliday
from requests_app.services.deadlines import DEADLINE_FIELDS, deadlines_recompute
from requests_app.services.deadlines_bulk import (
    deadlines_recompute_bulk,
    deadlines_refresh_passed,
    requests_affected_by_day,
)
from requests_app.services.deadlines_rewrite import deadlines_recompute_table
from requests_app.services.holidays import (
    proclaimed_holiday_add,
    proclaimed_holiday_remove,
    proclaimed_holiday_save,
)
from requests_app.services.requests import foi_request_create, foi_request_withdraw
from requests_app.services.responses import (
    clarification_received_record,
    fee_paid_record,
    response_record,
)
from requests_app.services.reviews import (
    complaint_decide,
    complaint_record,
    review_decide,
    review_record,
)
from requests_app.tasks import recompute_deadlines_for_day
from tests import factories

D = datetime.date
DAY = datetime.timedelta(days=1)
# A Friday two weeks after these requests arrive: a plausible one-off day.
PROCLAIMED = D(2030, 6, 14)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2030, 6, 3, 9, 0), tick=False):
        yield


@pytest.fixture
def eager_celery():
    # The task runs in-process when the transaction commits, as a worker would run it.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def scene(user):
    english = factories.AuthorityFactory(nation="england")
    scottish = factories.AuthorityFactory(nation="scotland")
    return {
        # 2030-06-03 + 20 WD = 2030-07-01; the day moves it to 2030-07-02.
        "open_foia": foi_request_create(
            owner=user, authority=english, title="a", sent_on=D(2030, 6, 3)
        ),
        "open_foisa": foi_request_create(
            owner=user, authority=scottish, title="b", sent_on=D(2030, 6, 3)
        ),
        # Every deadline of this one is before the day: it cannot move.
        "old": foi_request_create(owner=user, authority=english, title="c", sent_on=D(2030, 1, 7)),
    }


def reload(foi_request):
    return FOIRequest.objects.get(pk=foi_request.pk)


def snapshot(queryset):
    return {r.pk: tuple(getattr(r, f) for f in DEADLINE_FIELDS) for r in queryset}


@pytest.mark.django_db
def test_adding_a_day_recomputes_affected_requests(
    scene, eager_celery, django_capture_on_commit_callbacks
):
    old_before = snapshot([reload(scene["old"])])
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        proclaimed_holiday_add(date=PROCLAIMED, name="Proclaimed", nation="uk_wide")
    assert len(callbacks) == 1
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 2)
    # 40 WD: 2030-07-30 already skipping NI's 12 July; the new day moves it to 31 July.
    assert reload(scene["open_foia"]).response_due_latest == D(2030, 7, 31)
    assert reload(scene["open_foisa"]).response_due == D(2030, 7, 2)
    assert snapshot([reload(scene["old"])]) == old_before

    holiday = ProclaimedHoliday.objects.get(date=PROCLAIMED)
    with django_capture_on_commit_callbacks(execute=True):
        proclaimed_holiday_remove(holiday=holiday)
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 1)
    assert reload(scene["open_foisa"]).response_due == D(2030, 7, 1)


@pytest.mark.django_db
def test_a_day_outside_scotland_leaves_foisa_alone(
    scene, eager_celery, django_capture_on_commit_callbacks
):
    # FOISA s73 counts Scotland's bank holidays only ("The four regimes").
    with django_capture_on_commit_callbacks(execute=True):
        proclaimed_holiday_add(date=PROCLAIMED, name="NI only", nation="northern_ireland")
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 2)
    assert reload(scene["open_foisa"]).response_due == D(2030, 7, 1)
    affected = set(requests_affected_by_day(PROCLAIMED, "northern_ireland"))
    assert affected == {scene["open_foia"]}


@pytest.mark.django_db
def test_moving_a_day_recomputes_both_dates(
    scene, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        holiday = proclaimed_holiday_add(date=PROCLAIMED, name="Proclaimed")
    holiday.date = D(2030, 8, 16)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        proclaimed_holiday_save(holiday=holiday)
    assert len(callbacks) == 2  # the old day and the new day
    foia = reload(scene["open_foia"])
    assert foia.response_due == D(2030, 7, 1)
    assert foia.response_due_latest == D(2030, 7, 30)  # 16 Aug is after it


@pytest.mark.django_db
def test_duplicate_day_is_refused(scene):
    proclaimed_holiday_add(date=PROCLAIMED, name="Proclaimed")
    with pytest.raises(Exception) as info:
        proclaimed_holiday_add(date=PROCLAIMED, name="Again")
    assert "date" in info.value.message_dict


@pytest.mark.django_db
def test_the_task_called_directly(scene):
    ProclaimedHoliday.objects.create(date=PROCLAIMED, name="Proclaimed", nation="scotland")
    changed = recompute_deadlines_for_day(PROCLAIMED.isoformat(), "scotland")
    assert changed == 2  # the FOIA and FOISA open requests; "old" is untouched
    assert reload(scene["open_foisa"]).response_due == D(2030, 7, 2)
    assert recompute_deadlines_for_day(PROCLAIMED.isoformat(), "scotland") == 0  # idempotent


@pytest.mark.django_db
def test_admin_add_and_delete_go_through_the_service(
    scene, admin_client, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/requests_app/proclaimedholiday/add/",
            {
                "date": PROCLAIMED.isoformat(),
                "name": "Proclaimed",
                "nation": "uk_wide",
                "kind": "added",
            },
        )
    assert response.status_code == 302, response.content[:500]
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 2)
    holiday = ProclaimedHoliday.objects.get(date=PROCLAIMED)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/requests_app/proclaimedholiday/{holiday.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert reload(scene["open_foia"]).response_due == D(2030, 7, 1)


def _every_kind_of_request(user):
    """Requests in every stage, through the services (the scalar path)."""
    english = factories.AuthorityFactory(nation="england")
    school = factories.AuthorityFactory(nation="wales", authority_type="school")
    scottish = factories.AuthorityFactory(nation="scotland")
    made = []

    def new(authority=english, **kwargs):
        foi = foi_request_create(
            owner=user, authority=authority, title="x", sent_on=D(2030, 3, 1), **kwargs
        )
        made.append(foi)
        return foi

    new()
    new(authority=school)
    new(authority=scottish)
    new(regime="eir")
    new(authority=scottish, regime="eisr")
    ask = response_record(
        foi_request=new(), received_on=D(2030, 3, 5), kind="clarification_request"
    )
    clarified = response_record(
        foi_request=new(), received_on=D(2030, 3, 5), kind="clarification_request"
    )
    clarification_received_record(response=clarified, received_on=D(2030, 3, 20))
    response_record(
        foi_request=new(), received_on=D(2030, 3, 4), kind="fees_notice", fee_amount=Decimal(9)
    )
    paid = response_record(foi_request=new(), received_on=D(2030, 3, 4), kind="fees_notice")
    fee_paid_record(response=paid, paid_on=D(2030, 3, 15))
    response_record(
        foi_request=new(regime="eir"), received_on=D(2030, 3, 8), kind="extension_notice"
    )
    answered = new()
    response_record(
        foi_request=answered, received_on=D(2030, 3, 20), kind="substantive", outcome="refused"
    )
    # Recorded out of order: the earlier letter still sets answered_on and the outcome.
    response_record(
        foi_request=answered, received_on=D(2030, 3, 18), kind="substantive", outcome="partial"
    )
    twice = new()
    response_record(
        foi_request=twice, received_on=D(2030, 3, 4), kind="substantive", outcome="refused"
    )
    review_decide(
        review=review_record(foi_request=twice, requested_on=D(2030, 3, 6)),
        decided_on=D(2030, 3, 8),
        outcome="upheld",
    )
    review_record(foi_request=twice, requested_on=D(2030, 3, 11))  # the latest, open
    restarted = new()
    response_record(foi_request=restarted, received_on=D(2030, 3, 4), kind="fees_notice")
    clarification_received_record(
        response=response_record(
            foi_request=restarted, received_on=D(2030, 3, 5), kind="clarification_request"
        ),
        received_on=D(2030, 3, 12),
    )
    reviewed = new(authority=scottish)
    response_record(
        foi_request=reviewed, received_on=D(2030, 3, 20), kind="substantive", outcome="partial"
    )
    review = review_record(foi_request=reviewed, requested_on=D(2030, 4, 1))
    decided = new(authority=scottish)
    response_record(
        foi_request=decided, received_on=D(2030, 3, 20), kind="substantive", outcome="not_held"
    )
    review_decide(
        review=review_record(foi_request=decided, requested_on=D(2030, 4, 1)),
        decided_on=D(2030, 4, 20),
        outcome="upheld",
    )
    complained = new()
    complaint = complaint_record(foi_request=complained, submitted_on=D(2030, 4, 1))
    complaint_decide(complaint=complaint, decided_on=D(2030, 5, 1), outcome="not_upheld")
    complaint_record(foi_request=new(), submitted_on=D(2030, 4, 1))
    foi_request_withdraw(foi_request=new(), withdrawn_on=D(2030, 3, 10))
    # FOISA s20(5): unanswered past its deadline (2030-05-14), the review window is next.
    late = foi_request_create(owner=user, authority=scottish, title="x", sent_on=D(2030, 4, 15))
    assert late.next_deadline == late.review_request_deadline
    made.append(late)
    # FOIA s10(2): a notice on day 0, and two overlapping notices (each day disregarded once).
    day_0 = new()
    response_record(
        foi_request=day_0, received_on=D(2030, 3, 1), kind="fees_notice", fee_paid_on=D(2030, 3, 5)
    )
    overlapping = new()
    for notice_on in (D(2030, 3, 4), D(2030, 3, 5)):
        response_record(
            foi_request=overlapping, received_on=notice_on, kind="fees_notice",
            fee_paid_on=D(2030, 3, 8),
        )  # fmt: skip
    # Stored before extension notices were checked: one after the original due date
    # (2030-04-01, after NI's 18 March) moves nothing, in either path.
    legacy = new()
    factories.ResponseFactory(
        request=legacy, kind="extension_notice", outcome="", received_on=D(2030, 4, 2)
    )
    deadlines_recompute(legacy)
    assert legacy.response_due == D(2030, 4, 1)
    assert ask and review
    return made


@pytest.mark.django_db
def test_bulk_path_agrees_with_the_per_request_path(user):
    made = _every_kind_of_request(user)
    expected = snapshot(FOIRequest.objects.all())
    assert len({row[0] for row in expected.values()}) == 7  # every stage is covered
    FOIRequest.objects.update(
        stage="awaiting_response", response_due=None, response_due_latest=D(2000, 1, 1),
        next_deadline=None, answered_on=None, initial_outcome="", review_response_due=None,
    )  # fmt: skip
    changed = deadlines_recompute_bulk(FOIRequest.objects.all(), batch_size=4)
    assert changed == len(made)
    assert snapshot(FOIRequest.objects.all()) == expected
    assert deadlines_recompute_bulk(FOIRequest.objects.all()) == 0


@pytest.mark.django_db
def test_refresh_moves_next_deadline_on(scene):
    foia = reload(scene["open_foia"])
    assert foia.next_deadline == foia.response_due == D(2030, 7, 1)
    later = D(2030, 7, 2)
    assert deadlines_refresh_passed(today=later) >= 1
    assert reload(foia).next_deadline == foia.response_due_latest  # the very-overdue date


@pytest.mark.django_db
def test_single_recompute_query_count(scene, django_assert_num_queries):
    foi = FOIRequest.objects.select_related("authority").get(pk=scene["open_foia"].pk)
    calendar = calendar_for("foia")
    # SAVEPOINT (its own atomic block), SELECT responses, SELECT reviews, SELECT complaints,
    # UPDATE the request, INSERT its history row, RELEASE SAVEPOINT. The calendar is given,
    # so no proclaimed-days query.
    with django_assert_num_queries(7):
        deadlines_recompute(foi, calendar=calendar)


@pytest.mark.django_db
def test_bulk_query_count_per_batch(scene, django_assert_num_queries):
    # SELECT proclaimed days, the school authorities; per batch: SAVEPOINT, (PostgreSQL:
    # SET LOCAL jit = off), SELECT the requests, SELECT their responses, reviews and
    # complaints (one each, by request id range), RELEASE; then the same opening, the empty
    # SELECT that ends the loop, RELEASE. Nothing changed, so nothing is written.
    jit = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(2 + 2 * (6 + jit) + (3 + jit)):
        deadlines_recompute_bulk(FOIRequest.objects.all(), batch_size=2)


@pytest.mark.django_db
def test_a_stale_batch_never_overwrites_a_fresher_recompute(scene, require_services):
    # The bulk path reads a batch, computes, then writes. If an event's own transaction
    # recomputed a row in between, that row's newer values must win (PostgreSQL write path:
    # UPDATE ... WHERE updated_at is still the value read).
    from requests_app.services import deadlines_bulk, deadlines_bulk_read, deadlines_bulk_write

    if connection.vendor != "postgresql":
        assert not require_services, "CI runs this on PostgreSQL"
        pytest.skip("the optimistic check is in the PostgreSQL write path")
    FOIRequest.objects.update(response_due=None)  # every row now needs a write
    batch = deadlines_bulk_read.batch_read(
        deadlines_bulk_read.batch_query(FOIRequest.objects.all())
    )
    foia = scene["open_foia"]
    with time_machine.travel(datetime.datetime(2030, 6, 3, 9, 5), tick=False):
        response_record(
            foi_request=foia, received_on=D(2030, 6, 3), kind="substantive", outcome="granted"
        )
    calendars = {r: calendar_for(r) for r in ("foia", "eir", "foisa", "eisr")}
    schools = deadlines_bulk_read.school_authorities()
    changes = deadlines_bulk.batch_changes(batch, calendars, D(2030, 6, 3), schools)
    written = deadlines_bulk_write.changes_write(*changes)
    assert written == 2  # the two rows nobody touched meanwhile
    fresh = reload(foia)
    assert (fresh.stage, fresh.answered_on) == ("answered", D(2030, 6, 3))


def _index_definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [FOIRequest._meta.db_table],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
@pytest.mark.parametrize("rewrite_at", [1, None], ids=["locked-rewrite", "batches"])
@pytest.mark.parametrize("staging", ["copy", "arrays"])
def test_the_command_path_agrees_with_the_per_request_path(user, rewrite_at, staging, monkeypatch):
    # manage.py recompute_deadlines: the changed rows staged (by COPY, or by INSERT ...
    # unnest(arrays) when a string would need COPY's escaping), then written in one locked
    # rewrite around the indexes (when enough changed) or in batches; the same values.
    if staging == "arrays":
        monkeypatch.setattr("requests_app.services.deadlines_rewrite._copy_text", lambda *a: None)
    made = _every_kind_of_request(user)
    expected = snapshot(FOIRequest.objects.all())
    indexes = _index_definitions() if connection.vendor == "postgresql" else []
    FOIRequest.objects.update(
        stage="awaiting_response", response_due=None, next_deadline=None, answered_on=None,
    )  # fmt: skip
    changed, rebuilt = deadlines_recompute_table(
        FOIRequest.objects.all(), batch_size=3, rewrite_at=rewrite_at
    )
    assert changed == len(made)
    assert rebuilt == (connection.vendor == "postgresql" and rewrite_at is not None)
    assert snapshot(FOIRequest.objects.all()) == expected
    if connection.vendor == "postgresql":
        assert _index_definitions() == indexes  # every index built again, as it was
    assert deadlines_recompute_table(FOIRequest.objects.all(), rewrite_at=1) == (0, False)


@pytest.mark.django_db
def test_a_batch_read_out_of_order_comes_back_in_id_order(scene, require_services):
    # The columns' parser reads a batch as PostgreSQL aggregated it; events are then found by
    # searching the ids, so the batch must be in id order whatever order its query had.
    from requests_app.services.deadlines_bulk_read import batch_query, batch_read

    if connection.vendor != "postgresql":
        assert not require_services, "CI runs this on PostgreSQL"
        pytest.skip("the column reader is PostgreSQL's")
    query = batch_query(FOIRequest.objects.all())
    batch, expected = batch_read(query.order_by("-pk")[:100]), batch_read(query[:100])
    assert list(batch.pks) == sorted(FOIRequest.objects.values_list("pk", flat=True))
    assert {k: list(v) for k, v in batch.columns.items()} == {
        k: list(v) for k, v in expected.columns.items()
    }
