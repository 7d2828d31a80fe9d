"""Random sequences of events, through the services: after each sequence the summary-based
statistics equal the base-table oracle and the kept rows equal a rebuild."""

from __future__ import annotations

import contextlib
import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests_app.models import Exemption, FOIRequest, Response
from requests_app.selectors.stats import StatsFilters
from requests_app.services.corrections import response_delete
from requests_app.services.requests import foi_request_update, foi_request_withdraw
from requests_app.services.responses import CitationInput, response_record
from requests_app.services.reviews import review_decide, review_record
from tests import factories
from tests.stats_check import assert_summary_is_right
from tests.test_stats_summary import new

D = datetime.date
TODAY = D(2022, 10, 3)
START = D(2022, 7, 1)
OUTCOMES = ["granted", "partial", "refused", "not_held", "ncnd"]
CODES = {"foia": ["foia-s24", "foia-s31", "foia-s40"], "foisa": ["foisa-s38", "foisa-s30"]}
FILTERS = [StatsFilters(), StatsFilters(regime="foia"), StatsFilters(campaign="prevent")]

event = st.tuples(
    st.sampled_from(
        [
            "create",
            "answer",
            "acknowledge",
            "review",
            "decide",
            "delete",
            "publish",
            "campaign",
            "withdraw",
        ]
    ),
    st.integers(0, 5),  # which request (or authority, on create)
    st.integers(0, 90),  # a day offset
    st.integers(0, 4),  # an outcome / a citation choice
)


@pytest.fixture
def world(db):
    owner = factories.UserFactory(username="alice")
    return {
        "owner": owner,
        "coventry": factories.AuthorityFactory(slug="coventry", nation="england"),
        "glasgow": factories.AuthorityFactory(slug="glasgow", nation="scotland"),
        "police": factories.AuthorityFactory(slug="wmp", nation="england", authority_type="police"),
        "prevent": factories.CampaignFactory(slug="prevent", owner=owner),
    }


def _apply(world, action: str, which: int, offset: int, choice: int) -> None:
    requests = list(FOIRequest.objects.order_by("id"))
    day = min(START + datetime.timedelta(days=offset), TODAY)
    if action == "create" or not requests:
        authority = ["coventry", "glasgow", "police"][which % 3]
        new(world, authority, day, visibility="private" if choice == 0 else "public")
        return
    foi_request = requests[which % len(requests)]
    day = max(day, foi_request.received_on)
    if action == "answer":
        codes = CODES[foi_request.regime][: choice % 3]
        response_record(
            foi_request=foi_request,
            received_on=day,
            kind="substantive",
            outcome=OUTCOMES[choice],
            citations=[
                CitationInput(exemption=Exemption.objects.get(code=code), cited_as=code)
                for code in codes
            ]
            if OUTCOMES[choice] in ("refused", "partial", "ncnd")
            else [],
        )
    elif action == "acknowledge":
        response_record(foi_request=foi_request, received_on=day, kind="acknowledgement")
    elif action == "review":
        review_record(foi_request=foi_request, requested_on=day)
    elif action == "decide":
        review = foi_request.reviews.filter(decided_on__isnull=True).first()
        if review is not None:
            outcome = ["upheld", "overturned", "partially_overturned"][choice % 3]
            review_decide(review=review, decided_on=max(day, review.requested_on), outcome=outcome)
    elif action == "delete":
        response = Response.objects.filter(request=foi_request).order_by("-id").first()
        if response is not None:
            response_delete(response=response)
    elif action == "publish":
        visibility = "private" if foi_request.visibility == "public" else "public"
        foi_request_update(foi_request=foi_request, visibility=visibility)
    elif action == "campaign":
        foi_request_update(
            foi_request=foi_request, campaign=None if foi_request.campaign_id else world["prevent"]
        )
    elif action == "withdraw":
        foi_request_withdraw(foi_request=foi_request, withdrawn_on=day)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(event, min_size=1, max_size=12))
def test_random_event_sequences_keep_the_summary_right(world, events):
    frozen = datetime.datetime(2022, 10, 3, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(frozen, tick=False), transaction.atomic():
        for action, which, offset, choice in events:
            # An event the rules refuse is rolled back, and its summary refresh with it.
            with contextlib.suppress(ValidationError):
                _apply(world, action, which, offset, choice)
        assert_summary_is_right(FILTERS, TODAY)
        transaction.set_rollback(True)  # each example starts from the same world
