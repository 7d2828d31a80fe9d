"""Atom feeds of new responses: authority, campaign, exemption; public requests only."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from requests_app.services.responses import response_record
from tests import factories
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(page) -> list[str]:
    assert page.status_code == 200
    assert page["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(page.content)  # noqa: S314 (our own output, in a test)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def campaign_responses(campaigner, coventry, glasgow):
    campaign = factories.CampaignFactory(name="Prevent referrals", slug="prevent", owner=campaigner)
    refuse_s24(make_request(campaigner, coventry, campaign=campaign))
    granted = make_request(campaigner, glasgow, campaign=campaign, title="Glasgow ask")
    response_record(
        foi_request=granted,
        received_on=datetime.date(2022, 7, 20),
        kind="substantive",
        outcome="granted",
    )
    hidden = make_request(campaigner, coventry, campaign=campaign, visibility="private")
    refuse_s24(hidden)
    return campaign


def test_authority_feed(client, coventry, campaign_responses, django_assert_num_queries):
    # The authority, the responses (with request and authority), their citations.
    with django_assert_num_queries(3):
        page = client.get(f"/authorities/{coventry.slug}/feed/")
    # The private request's refusal is never in a feed.
    assert entries(page) == ["Coventry City Council: Refused (Prevent referrals 2015-2021)"]
    assert b"Cites s24 National security." in page.content
    assert b"/requests/" in page.content


def test_campaign_feed_newest_first(client, campaign_responses, campaigner):
    assert entries(client.get("/campaigns/prevent/feed/")) == [
        "Glasgow City Council: Granted in full (Glasgow ask)",
        "Coventry City Council: Refused (Prevent referrals 2015-2021)",
    ]
    secret = factories.CampaignFactory(slug="secret", owner=campaigner)
    make_request(campaigner, factories.AuthorityFactory(), campaign=secret, visibility="private")
    assert client.get("/campaigns/secret/feed/").status_code == 404


def test_exemption_feed(client, campaign_responses):
    assert entries(client.get("/exemptions/foia-s24/feed/")) == [
        "Coventry City Council: Refused (Prevent referrals 2015-2021)"
    ]
    assert entries(client.get("/exemptions/foia-s40/feed/")) == []
    assert client.get("/exemptions/nothing/feed/").status_code == 404


def test_pages_link_their_feeds(client, coventry, campaign_responses):
    for url, feed in [
        (f"/authorities/{coventry.slug}/", f"/authorities/{coventry.slug}/feed/"),
        ("/campaigns/prevent/", "/campaigns/prevent/feed/"),
        ("/exemptions/foia-s24/", "/exemptions/foia-s24/feed/"),
    ]:
        html = client.get(url).content.decode()
        assert 'type="application/atom+xml" title=' in html
        assert f'href="{feed}"' in html
