"""Public statistics pages: authority, exemption (the campaign desk: test_campaigns.py)."""

import datetime
import re

import pytest

from requests_app.models import Exemption
from requests_app.services.responses import CitationInput, response_record
from requests_app.web.charts import text_width
from tests import factories
from tests.stats_check import SORT_MEMORY_QUERY
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db


def html(page) -> str:
    return page.content.decode()


@pytest.fixture
def campaign_data(campaigner, coventry, glasgow):
    campaign = factories.CampaignFactory(name="Prevent referrals", slug="prevent", owner=campaigner)
    refused = make_request(campaigner, coventry, campaign=campaign)
    refuse_s24(refused)
    granted = make_request(campaigner, coventry, campaign=campaign, title="Second ask")
    response_record(
        foi_request=granted,
        received_on=datetime.date(2022, 7, 1),
        kind="substantive",
        outcome="granted",
    )
    waiting = make_request(
        campaigner, glasgow, campaign=campaign, sent_on=datetime.date(2022, 8, 1), title="Third"
    )
    hidden = make_request(
        campaigner, glasgow, campaign=campaign, visibility="private", title="Hidden"
    )
    return {"campaign": campaign, "refused": refused, "waiting": waiting, "hidden": hidden}


def test_authority_page(client, coventry, campaign_data, django_assert_num_queries):
    # authority; data fingerprint; the page's figures (none yet); whether the data is small
    # (yes: computed at once): refusal stats (one grouped query over the request summary)
    # and exemption stats (answered per regime, citations), the figures stored; its requests.
    with django_assert_num_queries(9 + SORT_MEMORY_QUERY):
        page = client.get(f"/authorities/{coventry.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    summary = page.context["summary"]
    assert (summary["requests"], summary["answered"], summary["refused"]) == (2, 2, 1)
    # s24 in 1 of 2 answered requests: 50%, Wilson 95% interval 9%-91%.
    [s24] = page.context["exemptions"]
    assert (s24["code"], s24["rate_pct"], s24["interval"]) == ("foia-s24", "50%", "9%–91%")
    assert "<svg" in html and 'role="img"' in html
    assert "s24 National security: 50% (9%–91%)" in html  # the chart's description
    assert "Granted in full" in html


def test_authority_404(client, db):
    assert client.get("/authorities/nowhere/").status_code == 404


def test_private_campaign_is_404_to_visitors(client, campaigner, coventry):
    factories.CampaignFactory(slug="secret", owner=campaigner)
    assert client.get("/campaigns/secret/").status_code == 404
    client.force_login(campaigner)
    assert client.get("/campaigns/secret/").status_code == 200


def test_exemption_page(client, campaign_data, django_assert_num_queries):
    # exemption, data fingerprint, the page's figures (none yet), whether the data is small
    # (yes: computed at once, by its code: the exemption again), exemption stats (2), by
    # year, citers; the figures stored.
    with django_assert_num_queries(10):
        page = client.get("/exemptions/foia-s24/")
    assert page.status_code == 200
    assert page.context["stats"]["requests_citing"] == 1
    assert page.context["citers"] == [
        {"name": "Coventry City Council", "slug": "coventry-city-council", "requests": 1}
    ]
    assert page.context["by_year"] == [{"year": 2022, "requests": 1}]
    assert "Qualified" in page.content.decode()
    assert client.get("/exemptions/foia-s99/").status_code == 404


def test_authority_and_exemption_pages_cost_the_same_queries_whatever_the_data(
    client, campaigner, coventry, campaign_data, django_assert_num_queries
):
    pages = [f"/authorities/{coventry.slug}/", "/exemptions/foia-s24/"]
    for url in pages:
        client.get(url)
    # Computed figures: the authority, the data fingerprint, the page's figures, its requests
    # (the list depends on who looks); the exemption, the fingerprint and the figures.
    expected = {pages[0]: 4, pages[1]: 3}
    for url in pages:
        with django_assert_num_queries(expected[url]):
            client.get(url)
    for i in range(6):
        refuse_s24(make_request(campaigner, coventry, title=f"More {i}"))
    # The data changed: on a small site the figures are recomputed at once, in the same
    # queries as the first time.
    with django_assert_num_queries(9 + SORT_MEMORY_QUERY):
        page = client.get(pages[0])
    assert page.context["summary"]["refused"] == 7
    assert len(page.context["requests"]) == 8
    with django_assert_num_queries(10):
        page = client.get(pages[1])
    assert page.context["citers"][0]["requests"] == 7
    for url in pages:
        with django_assert_num_queries(expected[url]):
            client.get(url)


def test_private_citations_never_count(client, campaigner, coventry):
    refuse_s24(make_request(campaigner, coventry, visibility="private"))
    page = client.get("/exemptions/foia-s24/")
    assert page.context["stats"] is None and page.context["citers"] == []


def test_long_exemption_label_fits_left_of_the_chart_with_the_full_name_as_tooltip(
    client, campaigner, coventry
):
    # Reviewer's report: "FOIA s12 Cost of compliance exceeds a…" was drawn past the left
    # edge of the SVG ("FO" cut off). The label is shortened to what fits, and the whole name
    # stays available as the text's <title> (a tooltip, and read by screen readers).
    s12 = Exemption.objects.get(code="foia-s12")
    refused = make_request(campaigner, coventry)
    response_record(
        foi_request=refused,
        received_on=datetime.date(2022, 7, 13),
        kind="substantive",
        outcome="refused",
        citations=[CitationInput(exemption=s12, cited_as="Section 12")],
    )
    page = client.get(f"/authorities/{coventry.slug}/")
    chart = page.context["chart"]
    [bar] = chart.bars
    full = "FOIA s12 Cost of compliance exceeds appropriate limit"
    assert bar.label == full
    assert bar.short_label.endswith("…") and full.startswith(bar.short_label[:-1])
    # Right-aligned at label_x, so its start is label_x minus its width: inside the SVG.
    assert chart.label_x - text_width(bar.short_label, chart.font_size) >= 0
    labels = re.findall(r'text-anchor="end"[^>]*><title>([^<]*)</title>([^<]*)</text>', html(page))
    assert labels == [(full, bar.short_label)]
