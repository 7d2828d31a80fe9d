"""The request page's Reminders section (issue 13 item 4): what will be emailed and when, from
the sweep's own rules, what the owner turned off, and what was already sent."""

import datetime

import pytest

from requests_app.models import NotificationPreference
from requests_app.models import ReminderKindChoices as Kind
from tests import factories

pytestmark = pytest.mark.django_db


def url(foi_request):
    return f"/requests/{foi_request.pk}/"


def test_owner_sees_the_review_window_reminders_coming_and_those_already_sent(
    campaigner_client, campaigner, refused_request
):
    # Today is Mon 15 Aug 2022; the review window closes Fri 9 Sep 2022 (FOIA, 40 working days
    # after the refusal of 13 July: shared/foi-law.md "Time limits").
    refused_request.reminders.create(
        recipient=campaigner,
        kind=Kind.RESPONSE_DUE_3WD,
        deadline=datetime.date(2022, 7, 13),
        status="sent",
        sent_at=datetime.datetime(2022, 7, 8, 8, 5, tzinfo=datetime.UTC),
    )
    page = campaigner_client.get(url(refused_request))
    coming = [(c.kind, c.send_on, c.deadline) for c in page.context["coming_reminders"]]
    # On Thu 25 Aug, 9 Sep is 10 working days ahead (26 Aug, 30 Aug-2 Sep, 5-9 Sep: the bank
    # holiday of 29 Aug skipped); on Tue 6 Sep, 3 (7, 8, 9 Sep).
    assert coming == [
        (Kind.REVIEW_WINDOW_10WD, datetime.date(2022, 8, 25), datetime.date(2022, 9, 9)),
        (Kind.REVIEW_WINDOW_3WD, datetime.date(2022, 9, 6), datetime.date(2022, 9, 9)),
    ]
    html = page.content.decode()
    assert "Coming reminders" in html
    assert "Thu 25 Aug 2022" in html and "Tue 6 Sep 2022" in html
    assert "Already sent" in html and "sent 8 Jul 2022" in html
    assert 'href="/reminders/preferences/"' in html


def test_a_kind_turned_off_shows_as_not_sent(campaigner_client, campaigner, refused_request):
    NotificationPreference.objects.create(
        user=campaigner, kind=Kind.REVIEW_WINDOW_3WD, enabled=False
    )
    page = campaigner_client.get(url(refused_request))
    assert [c.kind for c in page.context["coming_reminders"]] == [Kind.REVIEW_WINDOW_10WD]
    assert [c.kind for c in page.context["turned_off_reminders"]] == [Kind.REVIEW_WINDOW_3WD]
    assert "Turned off, so not sent" in page.content.decode()


def test_staff_see_whom_the_reminders_go_to_and_visitors_see_no_reminders(
    client, staff_user, refused_request
):
    client.force_login(staff_user)
    html = client.get(url(refused_request)).content.decode()
    assert "emailed to the requester, campaigner" in html
    client.force_login(factories.UserFactory(username="visitor"))
    page = client.get(url(refused_request))
    assert "coming_reminders" not in page.context
    assert 'id="reminders"' not in page.content.decode()
