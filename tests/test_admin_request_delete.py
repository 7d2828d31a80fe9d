"""Deleting requests in the admin goes through ``foi_request_delete`` (the row locked first),
one at a time or with the "Delete selected" action, and leaves no summary behind."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from requests_app.models import AuthorityRefusalSummary, FOIRequest, RequestSummary
from requests_app.services.summaries import request_summary_refresh
from tests import factories
from tests.api.conftest import answer, make_request

SENT = datetime.date(2022, 6, 1)


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def requests_(db):
    owner = factories.UserFactory(username="alice")
    authority = factories.AuthorityFactory(slug="coventry", nation="england")
    made = [make_request(owner, authority, sent_on=SENT) for _ in range(3)]
    for foi_request in made:
        answer(foi_request, datetime.date(2022, 6, 20), "refused")
    return made


def _delete_url(foi_request: FOIRequest) -> str:
    return reverse("admin:requests_app_foirequest_delete", args=[foi_request.pk])


def _refusals(authority_id: int) -> int:
    summary = AuthorityRefusalSummary.objects.filter(authority_id=authority_id).first()
    return summary.requests if summary else 0


@pytest.mark.django_db
def test_deleting_a_request_in_the_admin_removes_it_and_its_figures(admin_client, requests_):
    gone, *kept = requests_
    page = admin_client.post(_delete_url(gone), {"post": "yes"})
    assert page.status_code == 302
    assert not FOIRequest.objects.filter(pk=gone.pk).exists()
    assert not RequestSummary.objects.filter(request_id=gone.pk).exists()
    assert _refusals(gone.authority_id) == len(kept)
    assert FOIRequest.history.filter(id=gone.pk, history_type="-").exists()


@pytest.mark.django_db
def test_deleting_selected_requests_in_the_admin(admin_client, requests_):
    *gone, kept = requests_
    page = admin_client.post(
        reverse("admin:requests_app_foirequest_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in gone], "post": "yes"},
    )
    assert page.status_code == 302
    assert list(FOIRequest.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(RequestSummary.objects.values_list("request_id", flat=True)) == [kept.pk]
    assert _refusals(kept.authority_id) == 1


@pytest.mark.django_db(transaction=True)
def test_an_admin_delete_waits_for_a_write_to_the_same_request(admin_client, requests_):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deferred foreign keys: PostgreSQL")
    gone = requests_[0]
    answers: list = []
    errors: list[BaseException] = []

    def delete():
        try:
            answers.append(admin_client.post(_delete_url(gone), {"post": "yes"}))
        except BaseException as exc:  # the test client re-raises a view's exception
            errors.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        request_summary_refresh(gone)  # a write to the request, not yet committed
        deleter = threading.Thread(target=delete)
        deleter.start()
        time.sleep(1)  # the delete is under way, waiting on this transaction's locks
    deleter.join(timeout=30)
    assert not deleter.is_alive()
    assert errors == [] and answers[0].status_code == 302
    assert not FOIRequest.objects.filter(pk=gone.pk).exists()
    assert not RequestSummary.objects.filter(request_id=gone.pk).exists()
