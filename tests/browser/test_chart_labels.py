"""The exemption chart drawn by Chromium: every label starts inside the SVG.

The server only estimates text widths (charts.text_width); this checks the estimate against
real font metrics, for the longest names in the exemption catalogue.
"""

import datetime

import pytest

from requests_app.models import Exemption
from requests_app.services.requests import foi_request_create
from requests_app.services.responses import CitationInput, response_record
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_long_exemption_labels_are_not_clipped_at_the_left_edge(new_page, live_server):
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
    page = new_page()
    page.goto("/authorities/birmingham-city-council/")
    starts = page.evaluate(
        "[...document.querySelectorAll('#exemption-chart-title ~ g text[text-anchor=end]')]"
        ".map(t => t.getBBox().x)"
    )
    screenshot(page, "authority-exemption-chart")
    assert len(starts) == len(longest)
    assert min(starts) >= 0, starts
