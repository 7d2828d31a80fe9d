"""A page's write that waited for a concurrent delete of the same request.

The services lock the request row first (``services.events.lock_request``), so a write that
waited for a delete finds the request gone (``DoesNotExist``). The API answers that with a
404 (tests/test_request_delete_race.py); the pages must too, not with a 500. PostgreSQL
only: the write waits on a row lock, which SQLite has not.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from requests_app.models import FOIRequest
from requests_app.services.requests import foi_request_delete
from requests_app.services.reviews import review_record
from tests.web.conftest import TODAY

pytestmark = pytest.mark.django_db(transaction=True)


def _post_while_deleted(client: Client, foi_request: FOIRequest, path: str, data: dict):
    """POST ``path`` while another transaction deletes the request: the write reads the
    request (still there for it), waits for the delete's row lock, then finds it gone."""
    answers: list = []
    errors: list[BaseException] = []

    def write():
        try:
            answers.append(client.post(path, data))
        except BaseException as exc:  # the test client re-raises a view's exception
            errors.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        foi_request_delete(foi_request=FOIRequest.objects.get(pk=foi_request.pk))
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(1)  # the write is under way, waiting for the request's lock
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert errors == []
    assert not FOIRequest.objects.filter(pk=foi_request.pk).exists()
    return answers[0]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")


def test_an_action_on_a_request_deleted_meanwhile_is_a_404(campaigner_client, refused_request):
    page = _post_while_deleted(
        campaigner_client,
        refused_request,
        f"/requests/{refused_request.pk}/review/",
        {"review-requested_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert page.status_code == 404


def test_a_correction_on_a_request_deleted_meanwhile_is_a_404(campaigner_client, refused_request):
    review = review_record(foi_request=refused_request, requested_on=TODAY)
    page = _post_while_deleted(
        campaigner_client,
        refused_request,
        f"/requests/{refused_request.pk}/reviews/{review.pk}/edit/",
        {"event-requested_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert page.status_code == 404
