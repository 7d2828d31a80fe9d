"""Deleting a request while another transaction writes to it (schemathesis found the 500:
two workers, ``DELETE /api/v1/requests/1/`` beside a write that refreshed its summary).

The write's summary refresh replaced the summary row; the delete, blocked on the old row,
then saw no row to delete, deleted the request, and failed at COMMIT on the summary's
foreign key. Both now lock the request row first, so they take turns. PostgreSQL only: the
race needs row locks and deferred foreign keys, which SQLite has not.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from requests_app.models import FOIRequest, RequestSummary
from requests_app.services.corrections import response_update
from requests_app.services.requests import foi_request_delete
from requests_app.services.summaries import request_summary_refresh
from tests import factories
from tests.api.conftest import answer, make_request


@pytest.mark.django_db(transaction=True)
def test_a_delete_waits_for_a_write_that_refreshes_the_summary():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deferred foreign keys: PostgreSQL")
    owner = factories.UserFactory(username="alice")
    authority = factories.AuthorityFactory(slug="coventry", nation="england")
    foi_request = make_request(owner, authority, sent_on=datetime.date(2022, 6, 1))
    errors: list[BaseException] = []

    def delete():
        try:
            foi_request_delete(foi_request=FOIRequest.objects.get(pk=foi_request.pk))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        request_summary_refresh(foi_request)  # the write, not yet committed
        deleter = threading.Thread(target=delete)
        deleter.start()
        time.sleep(1)  # the delete is under way, waiting on this transaction's locks
    deleter.join(timeout=30)
    assert not deleter.is_alive()
    assert errors == []
    assert not FOIRequest.objects.filter(pk=foi_request.pk).exists()
    assert not RequestSummary.objects.filter(request_id=foi_request.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_write_that_waited_for_a_delete_finds_the_request_gone():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    owner = factories.UserFactory(username="alice")
    authority = factories.AuthorityFactory(slug="coventry", nation="england")
    foi_request = make_request(owner, authority, sent_on=datetime.date(2022, 6, 1))
    response = answer(foi_request, datetime.date(2022, 6, 20), "granted")
    errors: list[BaseException] = []

    def correct():  # a correction that read the letter before the delete
        try:
            response_update(response=response, outcome="refused")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        foi_request_delete(foi_request=FOIRequest.objects.get(pk=foi_request.pk))
        writer = threading.Thread(target=correct)
        writer.start()
        time.sleep(1)  # the correction waits for the request's lock
    writer.join(timeout=30)
    assert [type(error) for error in errors] == [FOIRequest.DoesNotExist]
    assert not FOIRequest.objects.filter(pk=foi_request.pk).exists()


def test_the_api_answers_a_request_gone_meanwhile_with_a_404():
    from rest_framework.views import APIView

    from requests_app.api.errors import api_exception_handler

    answer_ = api_exception_handler(FOIRequest.DoesNotExist(), {"view": APIView()})
    assert answer_.status_code == 404
