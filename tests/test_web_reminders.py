"""Reminder preferences (API and page) and the one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from requests_app.models import Membership, NotificationPreference, Reminder
from requests_app.models import ReminderKindChoices as Kind
from requests_app.selectors.reminders import recent_reminders
from requests_app.services.reminder_preferences import unsubscribe_token
from tests import factories


@pytest.fixture
def user(db):
    return factories.UserFactory(username="requester", email="requester@example.org")


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


D = datetime.date


def enabled(user, kind) -> bool:
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return pref.enabled if pref else True


def test_api_lists_every_kind_on_by_default_and_turns_one_off(api, user):
    url = reverse("api:reminder-preferences")
    listed = api.get(url).json()["preferences"]
    assert [p["kind"] for p in listed] == Kind.values
    assert all(p["enabled"] for p in listed)

    response = api.patch(url, {"preferences": {"response_overdue": False}}, format="json")
    assert response.status_code == 200
    by_kind = {p["kind"]: p["enabled"] for p in response.json()["preferences"]}
    assert by_kind["response_overdue"] is False
    assert by_kind["response_due_3wd"] is True
    assert not enabled(user, Kind.RESPONSE_OVERDUE)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"preferences": {"birthday": False}}, "birthday: not a kind of reminder"),
        ({"preferences": {"response_overdue": "perhaps"}}, "Must be a valid boolean."),
        ({"preferences": {}}, "This dictionary may not be empty."),
        ({}, "This field is required."),
    ],
)
def test_api_rejects_bad_input_naming_the_field(api, body, reason):
    response = api.patch(reverse("api:reminder-preferences"), body, format="json")
    assert response.status_code == 400
    assert reason in str(response.json()["preferences"])


def test_api_needs_a_signed_in_user(db):
    assert APIClient().get(reverse("api:reminder-preferences")).status_code in (401, 403)


def test_api_calendar_feed_url_is_stable_until_rotated(api):
    url = reverse("api:reminder-calendar-feed")
    first = api.get(url).json()["url"]
    assert first == api.get(url).json()["url"]
    assert "/calendar/" in first and first.endswith(".ics")
    rotated = api.post(url).json()["url"]
    assert rotated != first


def test_one_click_unsubscribe_post_turns_off_only_that_kind(client, user):
    token = unsubscribe_token(user.pk, Kind.REVIEW_WINDOW_3WD)
    url = reverse("reminders:unsubscribe", kwargs={"token": token})

    # A GET (a mail scanner following the link) changes nothing; it asks for confirmation.
    page = client.get(url)
    assert page.status_code == 200
    assert enabled(user, Kind.REVIEW_WINDOW_3WD)

    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no session or CSRF.
    client.handler.enforce_csrf_checks = True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not enabled(user, Kind.REVIEW_WINDOW_3WD)
    assert enabled(user, Kind.REVIEW_WINDOW_10WD)


def test_a_tampered_unsubscribe_token_is_refused(client, user):
    token = unsubscribe_token(user.pk, Kind.REVIEW_WINDOW_3WD)
    forged = token.replace(token[-6:], "AAAAAA")
    response = client.post(reverse("reminders:unsubscribe", kwargs={"token": forged}))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_preferences_page_saves_the_ticked_kinds(client, user):
    # Staff of an organisation: the staff digest is offered, so it can be unticked.
    factories.MembershipFactory(user=user, role="staff")
    client.force_login(user)
    url = reverse("reminders:preferences")
    page = client.get(url)
    assert page.status_code == 200
    assert b"Reminder settings" in page.content
    assert b"/calendar/" in page.content

    ticked = [k for k in Kind.values if k != Kind.STAFF_DIGEST]
    response = client.post(url, {"kinds": ticked})
    assert response.status_code == 302
    assert not enabled(user, Kind.STAFF_DIGEST)
    assert all(enabled(user, k) for k in ticked)


def test_latest_reminders_are_listed_in_the_api_and_on_the_page(api, client, user):
    foi_request = factories.FOIRequestFactory(owner=user, title="Stop and search")
    Reminder.objects.create(
        request=foi_request,
        kind=Kind.RESPONSE_OVERDUE,
        deadline=foi_request.sent_on,
        recipient=user,
        status="cancelled",
        cancelled_reason="The request moved on (now answered).",
    )
    other = factories.UserFactory(username="someone-else")
    Reminder.objects.create(
        request=factories.FOIRequestFactory(owner=other),
        kind=Kind.RESPONSE_OVERDUE,
        deadline=foi_request.sent_on,
        recipient=other,
    )

    (row,) = api.get(reverse("api:reminder-list")).json()
    assert row["request_title"] == "Stop and search"
    assert row["status"] == "cancelled"
    assert row["cancelled_reason"] == "The request moved on (now answered)."

    client.force_login(user)
    page = client.get(reverse("reminders:preferences"))
    assert b"Stop and search" in page.content
    assert b"The request moved on (now answered)." in page.content


def test_reminders_about_an_organisations_private_requests_go_when_the_staff_role_does(
    api, client, user, django_assert_num_queries
):
    organisation = factories.OrganisationFactory(name="Prevent Watch")
    staff = factories.MembershipFactory(organisation=organisation, user=user, role="staff")
    colleague = factories.UserFactory(username="colleague")

    def reminder_about(foi_request, kind=Kind.RESPONSE_DUE_3WD):
        return Reminder.objects.create(
            request=foi_request, kind=kind, deadline=D(2022, 6, 29), recipient=user
        )

    private = reminder_about(
        factories.FOIRequestFactory(
            owner=colleague,
            organisation=organisation,
            visibility="private",
            title="Informant payments",
        )
    )
    public = reminder_about(factories.FOIRequestFactory(owner=colleague, organisation=organisation))
    own = reminder_about(factories.FOIRequestFactory(owner=user, visibility="private"))
    digest = reminder_about(None, kind=Kind.STAFF_DIGEST)
    assert {r.pk for r in recent_reminders(user)} == {private.pk, public.pk, own.pk, digest.pk}

    # Demoted to a plain member: the organisation's private requests are no longer theirs to see.
    Membership.objects.filter(pk=staff.pk).update(role="member")
    with django_assert_num_queries(1):  # the reminders, visibility as a subquery
        listed = list(recent_reminders(user))
    assert {r.pk for r in listed} == {public.pk, own.pk, digest.pk}
    rows = api.get(reverse("api:reminder-list")).json()
    assert "Informant payments" not in {row["request_title"] for row in rows}
    client.force_login(user)
    assert b"Informant payments" not in client.get(reverse("reminders:preferences")).content

    # Gone from the organisation altogether: the same.
    Membership.objects.filter(pk=staff.pk).delete()
    assert {r.pk for r in recent_reminders(user)} == {public.pk, own.pk, digest.pk}


def _failed(user, title, claimed_at):
    foi_request = factories.FOIRequestFactory(owner=user, title=title, organisation=None)
    return Reminder.objects.create(
        request=foi_request,
        kind=Kind.RESPONSE_OVERDUE,
        deadline=D(2022, 12, 28),
        recipient=user,
        status="failed",
        claimed_at=claimed_at,
        last_error="SMTPRecipientsRefused: 550",
    )


def test_a_requester_without_organisation_sees_their_failed_reminders_on_the_settings_page(
    client, user
):
    # No staff digest covers a request without organisation, so the page must say it.
    now = timezone.now()
    _failed(user, "Prevent referrals", now - datetime.timedelta(days=1))
    _failed(user, "Long forgotten", now - datetime.timedelta(days=60))
    stranger = factories.UserFactory(username="stranger", email="stranger@example.org")
    _failed(stranger, "Someone else's request", now)
    client.force_login(user)

    page = client.get(reverse("reminders:preferences")).content.decode()

    assert "Reminders that could not be sent" in page
    section = page.split("Reminders that could not be sent")[1].split("</div>")[0]
    assert "Prevent referrals" in section
    assert "Long forgotten" not in section
    assert "Someone else" not in page


def test_the_settings_page_has_no_failure_notice_when_nothing_failed(client, user):
    client.force_login(user)
    assert "could not be sent" not in client.get(reverse("reminders:preferences")).content.decode()
