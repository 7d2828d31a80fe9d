"""On a large site a public page never computes statistics inside its request: it shows the
figures last computed, with their date, and a refresh is queued (services/page_figures.py).
Small sites compute at once (test_stats_pages.py, test_my_requests.py)."""

import datetime

import pytest
import time_machine

from requests_app import tasks
from requests_app.models import PageFigures
from requests_app.services import page_figures as service
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db

AS_OF = "Figures as of 15 Aug 2022, 11:00"  # frozen_today: 10:00 UTC, British summer time


@pytest.fixture
def large_site(settings):
    # Any amount of data counts as too much to compute inside a page.
    settings.PAGE_FIGURES_INLINE_MAX_REQUESTS = 0


@pytest.fixture
def queued(monkeypatch):
    """The refresh tasks queued (by key), instead of a broker."""
    keys: list[str] = []
    monkeypatch.setattr(service, "_queue", keys.append)
    return keys


def visit(client, url, capture):
    with capture(execute=True):
        page = client.get(url)
    assert page.status_code == 200
    return page


def test_the_first_visit_queues_the_figures_and_says_so(
    client, campaigner, coventry, large_site, queued, django_capture_on_commit_callbacks
):
    refuse_s24(make_request(campaigner, coventry))
    page = visit(client, "/", django_capture_on_commit_callbacks)
    html = page.content.decode()
    assert "The figures are being computed: reload this page in a minute." in html
    assert page.context["totals"] is None
    assert "Prevent referrals 2015-2021" in html  # the newest requests are read as ever
    # Every visitor until the task has run: queued once.
    visit(client, "/", django_capture_on_commit_callbacks)
    assert queued == ["overview"]

    assert tasks.refresh_page_figures("overview") is True
    page = visit(client, "/", django_capture_on_commit_callbacks)
    html = page.content.decode()
    assert page.context["totals"]["requests"] == 1
    assert f"{AS_OF}." in html and "being computed" not in html
    assert queued == ["overview"]


@pytest.mark.parametrize(
    "url, key",
    [
        ("/", "overview"),
        ("/authorities/coventry-city-council/", "authority:coventry-city-council"),
        ("/exemptions/foia-s24/", "exemption:foia-s24"),
        ("/exemptions/", "exemptions:"),
        ("/exemptions/?regime=foia", "exemptions:foia"),
    ],
)
def test_after_a_write_the_page_shows_the_old_figures_dated_until_the_task_runs(
    client,
    campaigner,
    coventry,
    large_site,
    queued,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
    url,
    key,
):
    refuse_s24(make_request(campaigner, coventry))
    tasks.refresh_page_figures(key)
    before = visit(client, url, django_capture_on_commit_callbacks)
    assert AS_OF in before.content.decode()

    with time_machine.travel(datetime.datetime(2022, 8, 15, 10, 7, tzinfo=datetime.UTC)):
        refuse_s24(make_request(campaigner, coventry, title="Another"))
        extra = 1 if key.startswith("authority:") else 0  # its requests, read as ever
        # The page's own lookup (not on the home page or the list), the data fingerprint,
        # the page's figures (older than the data), whether the data is small (no), the
        # claim on the refresh: no statistics computed.
        own = 0 if key in ("overview", "exemptions:", "exemptions:foia") else 1
        overview = 1 if key == "overview" else 0  # the ten newest requests
        with django_assert_num_queries(own + 4 + extra + overview):
            after = visit(client, url, django_capture_on_commit_callbacks)
        assert after.context["figures_as_of"].figures == before.context["figures_as_of"].figures
        html = after.content.decode()
        assert f"{AS_OF}; newer figures are being computed." in html
        assert queued == [key]
        # A refresh is queued: the next visit reads the figures alone, queues nothing more.
        with django_assert_num_queries(own + 2 + extra + overview):
            visit(client, url, django_capture_on_commit_callbacks)
        assert queued == [key]

        tasks.refresh_page_figures(key)
        fresh = visit(client, url, django_capture_on_commit_callbacks)
        html = fresh.content.decode()
        assert "Figures as of 15 Aug 2022, 11:07." in html
        assert fresh.context["figures_as_of"].figures != before.context["figures_as_of"].figures


def test_the_statistics_api_stays_exact_while_pages_show_older_figures(
    client, campaigner, coventry, large_site, queued, django_capture_on_commit_callbacks
):
    refuse_s24(make_request(campaigner, coventry))
    tasks.refresh_page_figures("authority:coventry-city-council")
    refuse_s24(make_request(campaigner, coventry, title="Another"))
    page = visit(client, "/authorities/coventry-city-council/", django_capture_on_commit_callbacks)
    assert page.context["summary"]["refused"] == 1
    api = client.get("/api/v1/stats/refusals/?group_by=authority&authority=coventry-city-council")
    assert api.json()[0]["refused"] == 2


def test_a_lost_refresh_is_queued_again_once_its_claim_lapses(
    client, campaigner, coventry, large_site, queued, django_capture_on_commit_callbacks, settings
):
    refuse_s24(make_request(campaigner, coventry))
    visit(client, "/exemptions/", django_capture_on_commit_callbacks)
    assert queued == ["exemptions:"]
    later = datetime.datetime(2022, 8, 15, 10, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        seconds=settings.PAGE_FIGURES_CLAIM_SECONDS + 1
    )
    with time_machine.travel(later):
        visit(client, "/exemptions/", django_capture_on_commit_callbacks)
    assert queued == ["exemptions:", "exemptions:"]


def test_a_refresh_already_done_computes_nothing(
    campaigner, coventry, large_site, django_assert_num_queries
):
    refuse_s24(make_request(campaigner, coventry))
    assert tasks.refresh_page_figures("overview") is True
    # A duplicate task: the data fingerprint, then the current row's claim released.
    with django_assert_num_queries(2):
        assert tasks.refresh_page_figures("overview") is True


def test_the_figures_of_a_deleted_authority_go_with_it(campaigner, coventry, large_site):
    tasks.refresh_page_figures("authority:coventry-city-council")
    coventry.delete()
    assert tasks.refresh_page_figures("authority:coventry-city-council") is False
    assert not PageFigures.objects.filter(key="authority:coventry-city-council").exists()


def test_a_visitor_sees_a_campaigns_exemptions_as_last_computed(
    client, campaigner, coventry, large_site, queued, django_capture_on_commit_callbacks
):
    from tests import factories

    campaign = factories.CampaignFactory(slug="prevent", owner=campaigner)
    refuse_s24(make_request(campaigner, coventry, campaign=campaign))
    page = visit(client, "/campaigns/prevent/", django_capture_on_commit_callbacks)
    assert "The figures are being computed" in page.content.decode()
    assert page.context["exemptions"] == []
    assert page.context["summary"]["requests"] == 1  # the desk's own figures are exact
    tasks.refresh_page_figures(f"campaign:{campaign.pk}")
    page = visit(client, "/campaigns/prevent/", django_capture_on_commit_callbacks)
    assert [e["exemption__code"] for e in page.context["exemptions"]] == ["foia-s24"]
    assert "(as of 15 Aug 2022, 11:00)" in page.content.decode()
    # Its managers count what they see (their private requests too), at once.
    make_request(campaigner, coventry, campaign=campaign, visibility="private")
    client.force_login(campaigner)
    page = client.get("/campaigns/prevent/")
    assert page.context["figures_as_of"] is None
