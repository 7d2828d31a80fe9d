"""The secret iCalendar feed (requests_app/services/calendar_feed.py, web/views/reminders.py)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from requests_app.models import CalendarFeedToken, Membership, Organisation
from requests_app.services.reminder_preferences import (
    calendar_feed_token_get_or_create,
    calendar_feed_token_rotate,
)
from requests_app.services.requests import foi_request_create, foi_request_withdraw
from requests_app.services.responses import response_record
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")
D = datetime.date


def at_nine(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


@pytest.fixture
def owner(db):
    return factories.UserFactory(username="requester", email="requester@example.org")


@pytest.fixture
def council(db):
    return factories.AuthorityFactory(name="Coventry City Council", nation="england")


def make_request(owner, council, received_on, title="Prevent referrals"):
    with at_nine(received_on):
        return foi_request_create(owner=owner, authority=council, title=title, sent_on=received_on)


def events(client, token: str) -> dict[str, dict]:
    response = client.get(reverse("reminders:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "url": str(event["URL"]),
        }
        for event in calendar.walk("VEVENT")
    }


def test_every_open_deadline_is_an_all_day_event(client, owner, council):
    awaiting = make_request(owner, council, D(2022, 11, 25), "Awaiting")
    answered = make_request(owner, council, D(2022, 11, 25), "Answered")
    withdrawn = make_request(owner, council, D(2022, 11, 25), "Withdrawn")
    with at_nine(D(2022, 12, 22)):
        response_record(
            foi_request=answered,
            received_on=D(2022, 12, 22),
            kind="substantive",
            outcome="refused",
        )
        foi_request_withdraw(foi_request=withdrawn, withdrawn_on=D(2022, 12, 22))
    token = calendar_feed_token_get_or_create(user=owner).token

    with at_nine(D(2022, 12, 23)):
        found = events(client, token)

    # foi-law.md: due 20 WD after 25 Nov 2022 → 28 Dec; latest with a public-interest
    # extension 40 WD; the review window 40 WD after the answer of 22 Dec → 22 Feb 2023.
    assert found == {
        f"foirequest-{awaiting.pk}-response_due@foitracker": {
            "start": D(2022, 12, 28),
            "end": D(2022, 12, 29),
            "summary": "Response due: Awaiting (Coventry City Council)",
            "url": f"http://127.0.0.1:8000/requests/{awaiting.pk}/",
        },
        f"foirequest-{awaiting.pk}-response_due_latest@foitracker": {
            "start": awaiting.response_due_latest,
            "end": awaiting.response_due_latest + datetime.timedelta(days=1),
            "summary": "Latest response date with an extension: Awaiting (Coventry City Council)",
            "url": f"http://127.0.0.1:8000/requests/{awaiting.pk}/",
        },
        f"foirequest-{answered.pk}-review_request_deadline@foitracker": {
            "start": D(2023, 2, 22),
            "end": D(2023, 2, 23),
            "summary": "Last day to ask for an internal review: Answered (Coventry City Council)",
            "url": f"http://127.0.0.1:8000/requests/{answered.pk}/",
        },
    }
    # All-day events: DATE values, not date-times, so no time zone can shift them a day.
    assert all(type(e["start"]) is datetime.date for e in found.values())


def test_staff_see_their_organisations_requests_members_do_not(client, owner, council):
    organisation = Organisation.objects.create(name="Prevent Watch", slug="prevent-watch")
    staff = factories.UserFactory(username="staffer")
    member = factories.UserFactory(username="member")
    Membership.objects.create(organisation=organisation, user=staff, role="staff")
    Membership.objects.create(organisation=organisation, user=member, role="member")
    foi_request = make_request(owner, council, D(2022, 11, 25))
    foi_request.organisation = organisation
    foi_request.save(update_fields=["organisation"])

    with at_nine(D(2022, 12, 1)):
        staff_events = events(client, calendar_feed_token_get_or_create(user=staff).token)
        member_events = events(client, calendar_feed_token_get_or_create(user=member).token)
    assert f"foirequest-{foi_request.pk}-response_due@foitracker" in staff_events
    assert member_events == {}


def test_unknown_or_rotated_tokens_get_404(client, owner):
    old = calendar_feed_token_get_or_create(user=owner).token
    new = calendar_feed_token_rotate(user=owner).token
    assert new != old
    assert CalendarFeedToken.objects.get(user=owner).token == new
    for token in (old, "not-a-token"):
        url = reverse("reminders:calendar_feed", kwargs={"token": token})
        assert client.get(url).status_code == 404
    url = reverse("reminders:calendar_feed", kwargs={"token": new})
    assert client.get(url).status_code == 200
