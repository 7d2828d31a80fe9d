"""The reminder settings page as a campaigner and as organisation staff see it."""

import pytest
from django.test import override_settings
from django.urls import reverse

from requests_app.models import CalendarFeedToken, NotificationPreference
from requests_app.models import ReminderKindChoices as Kind
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/reminders/preferences/"


def digest_setting(user):
    return (
        NotificationPreference.objects.filter(user=user, kind=Kind.STAFF_DIGEST)
        .values_list("enabled", flat=True)
        .first()
    )


@override_settings(SITE_URL="http://127.0.0.1:8000", ALLOWED_HOSTS=["foi.example.org"])
def test_the_feed_address_is_on_the_host_serving_the_page(campaigner_client, campaigner):
    # Reviewer's report: the page offered http://127.0.0.1:8000/calendar/... (SITE_URL's
    # default), which no calendar app elsewhere can reach.
    page = campaigner_client.get(URL, HTTP_HOST="foi.example.org", secure=True)
    token = CalendarFeedToken.objects.get(user=campaigner).token
    feed = reverse("reminders:calendar_feed", kwargs={"token": token})
    assert page.context["feed_url"] == f"https://foi.example.org{feed}"
    assert f'value="https://foi.example.org{feed}"' in page.content.decode()
    assert "127.0.0.1" not in page.content.decode()


def test_a_campaigner_is_not_offered_the_staff_digest_nor_has_it_changed(
    campaigner_client, campaigner
):
    # Reviewer's report: "Daily staff digest" was offered to someone who is no one's staff.
    page = campaigner_client.get(URL)
    assert Kind.STAFF_DIGEST.value not in [p["kind"] for p in page.context["preferences"]]
    assert "Daily staff digest" not in page.content.decode()
    # Saving the form (nothing ticked) leaves the digest alone for the day they join staff.
    campaigner_client.post(URL, {})
    assert digest_setting(campaigner) is None
    assert NotificationPreference.objects.filter(user=campaigner, enabled=False).count() == (
        len(Kind.values) - 1
    )


def test_organisation_staff_are_offered_the_digest(client, staff_user):
    member = factories.UserFactory(username="member")
    factories.MembershipFactory(user=member, role="member")
    client.force_login(member)
    assert "Daily staff digest" not in client.get(URL).content.decode()
    client.force_login(staff_user)
    assert "Daily staff digest" in client.get(URL).content.decode()
    client.post(URL, {"kinds": [Kind.RESPONSE_OVERDUE]})
    assert digest_setting(staff_user) is False
