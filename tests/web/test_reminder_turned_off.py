"""Turning a kind of reminder off shows what will no longer come (issue 13 item 4)."""

import pytest

from requests_app.models import ReminderKindChoices as Kind

pytestmark = pytest.mark.django_db

URL = "/reminders/preferences/"


def test_turning_a_kind_off_lists_the_reminders_that_will_not_be_sent(
    campaigner_client, refused_request
):
    page = campaigner_client.get(URL)
    # Mon 15 Aug 2022: the refusal's review window closes Fri 9 Sep (tests/web/conftest.py).
    assert [c.kind for c in page.context["coming"]] == [
        Kind.REVIEW_WINDOW_10WD,
        Kind.REVIEW_WINDOW_3WD,
    ]
    assert page.context["turned_off"] == []
    assert "Turned off: what you will not get" not in page.content.decode()

    every_kind_but_one = [
        k for k in Kind.values if k not in (Kind.REVIEW_WINDOW_3WD, "staff_digest")
    ]
    response = campaigner_client.post(URL, {"kinds": every_kind_but_one}, follow=True)
    html = response.content.decode()
    assert "1 reminder about your requests will not be sent" in html
    assert [c.kind for c in response.context["turned_off"]] == [Kind.REVIEW_WINDOW_3WD]
    assert [c.kind for c in response.context["coming"]] == [Kind.REVIEW_WINDOW_10WD]
    assert "Turned off: what you will not get" in html
    assert "would have been sent Tue 6 Sep 2022 (deadline 9 Sep 2022)" in html
    assert refused_request.title in html
