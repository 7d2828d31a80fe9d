"""The exemption chart drawn by Chromium: every label starts inside the SVG.

The server only estimates text widths (charts.text_width); this checks the estimate against
real font metrics, for the longest names in the exemption catalogue. The page is rendered by
the test client and handed to the browser, so no live server (nor transactional database) is
needed: the SVG's geometry does not depend on the stylesheet.
"""

import datetime

import pytest

from requests_app.models import Exemption
from requests_app.services.requests import foi_request_create
from requests_app.services.responses import CitationInput, response_record
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_long_exemption_labels_are_not_clipped_at_the_left_edge(browser, client):
    owner = factories.UserFactory(username="campaigner")
    birmingham = factories.AuthorityFactory(
        name="Birmingham City Council", slug="birmingham-city-council", nation="england"
    )
    longest = sorted(
        Exemption.objects.filter(regime__in=["foia", "eir"]),
        key=lambda e: len(e.title),
        reverse=True,
    )[:6]
    for i, exemption in enumerate(longest):
        foi_request = foi_request_create(
            owner=owner,
            authority=birmingham,
            title=f"Request {i}",
            regime=exemption.regime,
            sent_on=datetime.date(2022, 6, 1),
            visibility="public",
        )
        response_record(
            foi_request=foi_request,
            received_on=datetime.date(2022, 6, 20),
            kind="substantive",
            outcome="refused",
            citations=[CitationInput(exemption=exemption, cited_as=exemption.section)],
        )
    html = client.get("/authorities/birmingham-city-council/").content.decode()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_content(html)
    starts = page.evaluate(
        "[...document.querySelectorAll('#exemption-chart-title ~ g text[text-anchor=end]')]"
        ".map(t => t.getBBox().x)"
    )
    screenshot(page, "authority-exemption-chart")
    page.close()
    assert len(starts) == len(longest)
    assert min(starts) >= 0, starts
