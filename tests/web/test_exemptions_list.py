"""``/exemptions/``: the whole catalogue with each exemption's rate, filters and CSV."""

import csv
import io

import pytest

from requests_app.models import Exemption
from tests.web.conftest import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(refused_request, campaigner, coventry):
    # Two answered FOIA requests, one citing s24: s24 at 50%; s40 cited by none.
    from requests_app.services.responses import response_record

    granted = make_request(campaigner, coventry, title="Granted")
    response_record(
        foi_request=granted,
        received_on=refused_request.answered_on,
        kind="substantive",
        outcome="granted",
    )
    return refused_request


def test_every_exemption_with_its_rate_in_three_queries(
    client, answered, django_assert_num_queries
):
    # The data fingerprint, the page's figures (none yet), whether the data is small (so
    # computed at once): citations of first responses, answered requests per regime, the
    # catalogue; the figures stored.
    with django_assert_num_queries(7):
        page = client.get("/exemptions/")
    # While the data is unchanged: the fingerprint and the page's figures.
    with django_assert_num_queries(2):
        client.get("/exemptions/")
    rows = {row["code"]: row for row in page.context["rows"]}
    assert len(rows) == Exemption.objects.count()
    assert (rows["foia-s24"]["requests_citing"], rows["foia-s24"]["rate_pct"]) == (1, "50%")
    assert (rows["foia-s40"]["requests_citing"], rows["foia-s40"]["rate_pct"]) == (0, "0%")
    # No answered FOISA request: no rate at all, not 0%.
    assert rows["foisa-s38"]["rate_pct"] == "–"
    html = page.content.decode()
    assert 'href="/exemptions/foia-s24/"' in html
    assert 'href="?format=csv"' in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=24&regime=foia", ["foia-s24"]),
        ("q=national+security", ["eir-r12-5-a", "eisr-r10-5-a", "foia-s24", "foisa-s31"]),
        ("cited=on", ["foia-s24"]),
        ("regime=eir&q=12(5)(e)", ["eir-r12-5-e"]),
    ],
)
def test_filters(client, answered, query, expected):
    assert [r["code"] for r in client.get(f"/exemptions/?{query}").context["rows"]] == expected


def test_csv(client, answered):
    page = client.get("/exemptions/?regime=foia&cited=on&format=csv")
    [row] = list(csv.DictReader(io.StringIO(page.getvalue().decode())))
    assert row["code"] == "foia-s24"
    assert (row["requests_citing"], row["answered"], row["rate"]) == ("1", "2", "0.5")
    assert row["absolute"] == "no"
    assert row["url"] == "http://testserver/exemptions/foia-s24/"


def test_a_bad_filter_is_named(client, db):
    assert client.get("/exemptions/?regime=roman").status_code == 400
    download = client.get("/exemptions/?regime=roman&format=csv")
    assert download.status_code == 400
    assert download.content.decode().startswith("regime: Select a valid choice")
