"""The national dataset generator (bench/generate_national.py), run small on PostgreSQL: the
rows it loads around the services pass every constraint, keep the national proportions, have
the deadline columns the services would store, and the app's pages and statistics read them."""

import datetime

import pytest
from django.db import connection
from django.test import Client

from bench.generate_national import generate, sizes
from requests_app.models import Campaign, Exemption, FOIRequest
from requests_app.selectors.stats import GroupBy, StatsFilters, exemption_stats, refusal_stats
from requests_app.services.deadlines import DEADLINE_FIELDS, deadlines_apply

pytestmark = pytest.mark.django_db
REQUESTS = 2000


@pytest.fixture
def national(require_services):
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the generator is INSERT ... SELECT generate_series: PostgreSQL only")
    return generate(REQUESTS, say=lambda _: None)


def test_counts_keep_the_national_proportions(national):
    # Per million requests: 25,000 authorities, 1.49M responses, 1.27M citations, 102k
    # reviews, 11k complaints (issue 15).
    per_request = {k: v / REQUESTS for k, v in national.items()}
    assert national["requests"] == REQUESTS
    assert national["authorities"] == sizes(REQUESTS)["authorities"] == 50
    assert 1.35 < per_request["responses"] < 1.65
    assert 1.10 < per_request["citations"] < 1.45
    assert 0.07 < per_request["reviews"] < 0.14
    assert 0.003 < per_request["complaints"] < 0.025
    big = Campaign.objects.get(slug="bench-campaign-1")
    # 4,922 per million, each to a different body.
    assert big.foi_requests.count() == big.foi_requests.values("authority").distinct().count()
    assert big.foi_requests.count() == 10


def test_the_mix_is_realistic(national):
    public = FOIRequest.objects.public().count() / REQUESTS
    assert 0.8 < public < 0.95
    regimes = set(FOIRequest.objects.values_list("regime", flat=True).distinct())
    assert regimes == {"foia", "eir", "foisa", "eisr"}
    years = FOIRequest.objects.dates("received_on", "year")
    assert years[0].year == 2016 and years.reverse()[0].year == 2026
    stages = set(FOIRequest.objects.values_list("stage", flat=True).distinct())
    assert {"answered", "awaiting_response", "closed", "review_requested"} <= stages


def test_every_constraint_holds(national):
    # Check constraints were enforced on insert; the foreign keys are deferred: check them.
    connection.check_constraints()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM requests_app_exemptioncitation c "
            "JOIN requests_app_response r ON r.id = c.response_id "
            "JOIN requests_app_foirequest f ON f.id = r.request_id "
            "JOIN requests_app_exemption e ON e.id = c.exemption_id WHERE e.regime <> f.regime"
        )
        assert cursor.fetchone() == (0,), "a citation of another regime's exemption"


def test_deadline_columns_are_what_the_services_store(national):
    sample = FOIRequest.objects.select_related("authority").order_by("?")[:60]
    for foi_request in sample:
        stored = {name: getattr(foi_request, name) for name in DEADLINE_FIELDS}
        deadlines_apply(foi_request)
        assert stored == {name: getattr(foi_request, name) for name in DEADLINE_FIELDS}
    assert FOIRequest.objects.filter(response_due__isnull=False).count() > REQUESTS * 0.9


def test_the_statistics_and_pages_read_it(national):
    today = datetime.date(2026, 12, 3)
    for group_by in GroupBy:
        rows = refusal_stats(group_by.value, StatsFilters(), today)
        assert sum(row["requests"] for row in rows) == FOIRequest.objects.public().count()
    cited = exemption_stats(StatsFilters())
    assert cited and all(row["requests_citing"] > 0 for row in cited)
    client = Client()
    exemption = Exemption.objects.get(code="foia-s40")
    for url in ("/", f"/exemptions/{exemption.code}/", "/campaigns/bench-campaign-1/"):
        assert client.get(url).status_code == 200, url


def test_the_summary_statistics_equal_the_base_tables(national):
    # The generator loads rows around the services, then rebuilds the statistics' summary:
    # every figure read from it equals the old computation over the base tables.
    from tests.stats_check import assert_summary_is_right

    assert_summary_is_right(
        [StatsFilters(), StatsFilters(regime="foisa"), StatsFilters(campaign="bench-campaign-1")],
        datetime.date(2026, 12, 3),
    )
