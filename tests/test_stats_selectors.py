"""The statistics selectors on their own: Wilson intervals, robustness, query budget."""

import datetime
import math

import pytest

from requests_app.models import Exemption, ExemptionCitation
from requests_app.selectors.stats import (
    StatsFilters,
    exemption_stats,
    refusal_stats,
    wilson_interval,
)
from requests_app.services.summary_rebuild import summaries_rebuild
from tests import factories
from tests.stats_check import SORT_MEMORY_QUERY

D = datetime.date


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # 0 of 10: centre = (0 + 3.8416/20) / (1 + 3.8416/10) = .19208 / 1.38416 = .138770;
        # half = 1.96 * sqrt(3.8416/400) / 1.38416 = .19208 / 1.38416 -> [0, .277540]
        (0, 10, 0.0, 0.277540),
        # 10 of 10 mirrors it.
        (10, 10, 0.722460, 1.0),
        # 1 of 1: d = 4.8416, centre = (1 + 1.9208)/d = .603272, half = 1.96 * .98/d = .396728
        (1, 1, 0.206544, 1.0),
    ],
)
def test_wilson_interval_worked_by_hand(successes, trials, low, high):
    got_low, got_high = wilson_interval(successes, trials)
    assert math.isclose(got_low, low, abs_tol=1e-6)
    assert math.isclose(got_high, high, abs_tol=1e-6)


def test_wilson_interval_without_trials_is_none():
    assert wilson_interval(0, 0) is None


def test_figures_come_from_the_responses_not_the_stored_columns(db):
    # Rows written without the services (a fixture, an import): the stored answered_on and
    # initial_outcome stay empty, yet the rebuilt summary reads the responses themselves.
    foi_request = factories.FOIRequestFactory(received_on=D(2022, 6, 1), sent_on=D(2022, 6, 1))
    assert foi_request.answered_on is None
    # Two substantive letters on the same day: the lower id is the initial one.
    first = factories.ResponseFactory(request=foi_request, received_on=D(2022, 6, 10))
    first.outcome = "refused"
    first.save()
    factories.ResponseFactory(request=foi_request, received_on=D(2022, 6, 10), outcome="granted")
    factories.ResponseFactory(
        request=foi_request, received_on=D(2022, 6, 8), kind="acknowledgement", outcome=""
    )
    ExemptionCitation.objects.create(
        response=first, exemption=Exemption.objects.get(code="foia-s43"), cited_as="s43(2)"
    )
    summaries_rebuild()  # what manage.py recompute_deadlines does after such a load
    (row,) = refusal_stats("regime", StatsFilters())
    assert (row["answered"], row["refused"], row["granted"]) == (1, 1, 0)
    # 1 Jun 2022 -> 10 Jun: 2 and 3 Jun were bank holidays (Jubilee), so 6, 7, 8, 9, 10 = 5.
    assert row["median_working_days_to_response"] == 5.0
    assert row["on_time_rate"] == 0.0  # no response_due stored: never counted as in time
    (cited,) = exemption_stats(StatsFilters())
    assert (cited["code"], cited["requests_citing"], cited["answered"]) == ("foia-s43", 1, 1)


def test_query_budget_is_fixed(db, django_assert_num_queries):
    for n in range(6):
        foi_request = factories.FOIRequestFactory(regime="foia" if n % 2 else "foisa")
        factories.ResponseFactory(request=foi_request, outcome="refused")
        factories.InternalReviewFactory(request=foi_request)
    # One grouped query over the request summary (counts, sums and the median together).
    with django_assert_num_queries(1):
        rows = refusal_stats("year", StatsFilters())
    assert rows[0]["requests"] == 6
    assert rows[0]["reviews"] == 6
    # By authority, unfiltered: the kept per-authority sums, with today's past-deadline count.
    with django_assert_num_queries(1):
        rows = refusal_stats("authority", StatsFilters())
    assert sum(row["requests"] for row in rows) == 6
    # Filtered, the median sorts the scope: on PostgreSQL the sort memory is raised first.
    with django_assert_num_queries(1 + SORT_MEMORY_QUERY):
        rows = refusal_stats("authority", StatsFilters(regime="foia"))
    assert sum(row["requests"] for row in rows) == 3
    # The grouped exemption summary, the answered requests per regime.
    with django_assert_num_queries(2):
        exemption_stats(StatsFilters(regime="foia"))


def test_private_requests_are_out_of_scope(db):
    factories.FOIRequestFactory(visibility="private")
    assert refusal_stats("regime", StatsFilters()) == []
