"""Home: "My requests" for a signed-in user, a public overview for everyone else."""

import datetime

import pytest
from django.db.models import Count, F, Q

from requests_app.models import FOIRequest
from requests_app.services.responses import response_record
from tests import factories
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db


@pytest.fixture
def mix(campaigner, coventry, glasgow):
    campaign = factories.CampaignFactory(name="Prevent 2022", slug="prevent-2022", owner=campaigner)
    overdue = make_request(
        campaigner, coventry, title="Overdue one", sent_on=datetime.date(2022, 6, 1)
    )
    waiting = make_request(
        campaigner,
        glasgow,
        title="Waiting one",
        sent_on=datetime.date(2022, 8, 1),
        campaign=campaign,
    )
    answered = make_request(
        campaigner,
        coventry,
        title="Refused one",
        sent_on=datetime.date(2022, 6, 15),
        campaign=campaign,
        visibility="private",
    )
    refuse_s24(answered)
    granted = make_request(
        campaigner, glasgow, title="Granted one", sent_on=datetime.date(2022, 5, 3)
    )
    response_record(
        foi_request=granted,
        received_on=datetime.date(2022, 5, 20),
        kind="substantive",
        outcome="granted",
    )
    # Someone else's private request never shows.
    make_request(factories.UserFactory(), coventry, title="Not mine", visibility="private")
    return {"campaign": campaign, "overdue": overdue, "waiting": waiting, "answered": answered}


def titles(page):
    return [row["request"].title for row in page.context["rows"]]


def test_most_urgent_first(campaigner_client, mix):
    page = campaigner_client.get("/")
    assert page.status_code == 200
    # Overdue (a right being lost) first, then by nearest deadline: the Glasgow request is
    # due 29 Aug (FOISA), the refusal's review window closes 9 Sep; the granted one's
    # window (FOISA, 40 WD from 20 May) closed on 19 July, so it has no deadline ahead.
    assert titles(page) == ["Overdue one", "Waiting one", "Refused one", "Granted one"]
    html = page.content.decode()
    assert "Very overdue" in html or "Overdue" in html
    first = page.context["rows"][0]
    assert first["missed"] == mix["overdue"].response_due
    assert "Not mine" not in html


def test_filters(campaigner_client, mix, coventry):
    assert titles(campaigner_client.get("/?status=review_window_open")) == ["Refused one"]
    assert titles(campaigner_client.get("/?campaign=prevent-2022")) == [
        "Waiting one",
        "Refused one",
    ]
    assert titles(campaigner_client.get(f"/?authority={coventry.slug}")) == [
        "Overdue one",
        "Refused one",
    ]
    assert titles(campaigner_client.get("/?q=granted")) == ["Granted one"]
    page = campaigner_client.get("/?q=nothing-like-this")
    assert "No request matches these filters" in page.content.decode()


def test_invalid_filter_is_ignored_not_an_error(campaigner_client, mix):
    page = campaigner_client.get("/?status=bogus")
    assert page.status_code == 200
    assert len(page.context["rows"]) == 4
    assert "Select a valid choice" in page.content.decode()


def test_query_count_does_not_grow_with_rows(
    campaigner_client, campaigner, coventry, mix, django_assert_num_queries
):
    # session, user, campaigns and authorities for the filter menus, count, page of rows,
    # proclaimed days (the calendars).
    with django_assert_num_queries(7):
        campaigner_client.get("/")
    for i in range(5):
        make_request(campaigner, coventry, title=f"More {i}")
    with django_assert_num_queries(7):
        campaigner_client.get("/")


def test_overview_for_visitors(client, mix, django_assert_num_queries):
    # Nothing computed yet: the data fingerprint, the page's figures (none), whether the data
    # is small (it is: computed at once), the totals (one aggregate), the exemption
    # statistics (2 grouped queries), the figures stored, the ten newest public requests.
    with django_assert_num_queries(8):
        page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Track your Freedom of Information requests" in html
    assert "Overdue one" in html and "Refused one" not in html  # private
    assert page.context["totals"]["requests"] == 3
    assert page.context["exemptions"] == []  # the only s24 refusal is private


def test_overview_reads_its_figures_from_the_cache_until_the_data_changes(
    client, campaigner, coventry, mix, django_assert_num_queries
):
    client.get("/")
    # Computed: the data fingerprint, the page's figures and the ten newest public requests.
    with django_assert_num_queries(3):
        client.get("/")
    for i in range(12):
        refuse_s24(make_request(campaigner, coventry, title=f"More {i}"))
    # The fingerprint moved: on a small site the figures are recomputed at once, in as many
    # queries as the first time (test_page_figures.py: a large site's page does not wait).
    with django_assert_num_queries(8):
        page = client.get("/")
    assert page.context["totals"]["requests"] == 15
    assert [row["code"] for row in page.context["exemptions"]] == ["foia-s24"]
    assert len(page.context["recent"]) == 10
    with django_assert_num_queries(3):
        page = client.get("/")
    assert page.context["totals"]["requests"] == 15


def test_overview_totals_are_those_of_the_requests_themselves(client, mix, frozen_today):
    # The totals are read from the statistics' summary; the same figures straight from the
    # requests' own columns, as the page computed them before.
    public = FOIRequest.objects.public().with_status(frozen_today)
    expected = public.aggregate(
        requests=Count("id"),
        past_deadline=Count("id", filter=Q(status__in=["overdue", "very_overdue"])),
        answered=Count("id", filter=Q(answered_on__isnull=False)),
        on_time=Count(
            "id", filter=Q(answered_on__isnull=False, answered_on__lte=F("response_due"))
        ),
        authorities=Count("authority", distinct=True),
    )
    assert expected["past_deadline"] and expected["answered"]  # the mix has both
    assert client.get("/").context["totals"] == expected
