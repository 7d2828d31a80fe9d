"""Correcting the package's bank holidays (shared/foi-law.md "The four regimes"): staff can
remove a day the `holidays` package lists wrongly, as well as add a proclaimed one, and the
requests it moves are recomputed; the 30 November 2006 correction ships as data."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from foitracker.celery import app as celery_app
from requests_app.models import FOIRequest, ProclaimedHoliday
from requests_app.services.holidays import package_holiday_remove, proclaimed_holiday_remove
from requests_app.services.requests import foi_request_create
from tests import factories

D = datetime.date
ST_ANDREWS_2006 = D(2006, 11, 30)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2006, 12, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def due(foi):
    return FOIRequest.objects.values_list("response_due", flat=True).get(pk=foi.pk)


def test_removing_the_wrong_2006_day_recomputes_the_requests_it_moved(
    user, eager_celery, django_capture_on_commit_callbacks
):
    shipped = ProclaimedHoliday.objects.get(date=ST_ANDREWS_2006, nation="scotland")
    assert shipped.kind == "removed"
    # As the package alone had it: Thu 30 Nov 2006 skipped, so 20 WD from Mon 20 Nov end on
    # 19 Dec for a Scottish council (FOISA s73) and an English one (FOIA s10(6)) alike.
    with django_capture_on_commit_callbacks(execute=True):
        proclaimed_holiday_remove(holiday=shipped)
    scottish = factories.AuthorityFactory(nation="scotland")
    english = factories.AuthorityFactory(nation="england")
    foisa = foi_request_create(owner=user, authority=scottish, title="a", sent_on=D(2006, 11, 20))
    foia = foi_request_create(owner=user, authority=english, title="b", sent_on=D(2006, 11, 20))
    assert (due(foisa), due(foia)) == (D(2006, 12, 19), D(2006, 12, 19))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        package_holiday_remove(
            date=ST_ANDREWS_2006, name="Not a bank holiday until 2007", nation="scotland"
        )
    assert len(callbacks) == 1
    assert (due(foisa), due(foia)) == (D(2006, 12, 18), D(2006, 12, 18))


def test_only_a_day_the_package_lists_can_be_removed():
    with pytest.raises(ValidationError) as info:
        package_holiday_remove(date=D(2006, 11, 29), name="Not listed", nation="scotland")
    assert "does not list this day in Scotland" in info.value.message_dict["date"][0]
    # Easter Monday is not a Scottish bank holiday: nothing to remove there either.
    with pytest.raises(ValidationError):
        package_holiday_remove(date=D(2023, 4, 10), name="x", nation="scotland")
    assert not ProclaimedHoliday.objects.filter(date=D(2006, 11, 29)).exists()


def test_admin_removes_a_package_day_through_the_service(
    client, admin_user, user, eager_celery, django_capture_on_commit_callbacks
):
    # Say the package listed Northern Ireland's Mon 18 March 2030 (St Patrick's Day
    # substitute) wrongly: removing it makes it a working day under FOIA (s10(6)), so an
    # English request received Fri 1 March moves from 1 April to 29 March.
    with time_machine.travel(datetime.datetime(2030, 3, 4, 9, 0), tick=False):
        client.force_login(admin_user)  # a session of that day, not one expired by then
        english = factories.AuthorityFactory(nation="england")
        foia = foi_request_create(owner=user, authority=english, title="a", sent_on=D(2030, 3, 1))
        assert due(foia) == D(2030, 4, 1)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/admin/requests_app/proclaimedholiday/add/",
                {"date": "2030-03-18", "name": "Not a holiday", "nation": "northern_ireland",
                 "kind": "removed"},
            )  # fmt: skip
        assert response.status_code == 302, response.content[:500]
        assert due(foia) == D(2030, 3, 29)
        listing = client.get("/admin/requests_app/proclaimedholiday/?kind=removed")
        assert "Not a bank holiday" in listing.content.decode()
