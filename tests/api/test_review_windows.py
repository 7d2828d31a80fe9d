"""``/api/v1/review-windows/``: internal-review windows open, closing, or expired.

The window closes 40 working days after the response (FOIA: s45 Code of Practice Part 5;
FOISA s20(5); shared/foi-law.md "Time limits"). Today is frozen on Monday 3 October 2022.
"""

import datetime

import pytest
import time_machine

from requests_app.services.reviews import review_record
from tests.api.conftest import answer, client_for, make_request

D = datetime.date
URL = "/api/v1/review-windows/"


@pytest.fixture
def windows(alice, bob, coventry, glasgow, organisation):
    # FOIA, answered Fri 5 Aug: 40 WD skipping 29 Aug (summer) and 19 Sep (State Funeral)
    # -> Tue 4 Oct; one working day left.
    foia_closing = make_request(alice, coventry, title="FOIA closing", sent_on=D(2022, 7, 1))
    answer(foia_closing, D(2022, 8, 5), "refused")
    # FOISA, answered the same day: 29 Aug is a working day in Scotland -> Mon 3 Oct, today,
    # the last day (0 left).
    foisa_closing = make_request(alice, glasgow, title="FOISA closing", sent_on=D(2022, 7, 1))
    answer(foisa_closing, D(2022, 8, 5), "refused")
    # Answered 15 Sep: the window is open until well into November.
    open_long = make_request(alice, coventry, title="Open long", sent_on=D(2022, 9, 1))
    answer(open_long, D(2022, 9, 15), "partial")
    # Answered 1 Jul: the window closed in August.
    expired = make_request(alice, coventry, title="Expired", sent_on=D(2022, 6, 1))
    answer(expired, D(2022, 7, 1), "refused")
    # A review was asked for: no longer a window to watch.
    reviewed = make_request(alice, coventry, title="Reviewed", sent_on=D(2022, 7, 1))
    answer(reviewed, D(2022, 8, 5), "refused")
    review_record(foi_request=reviewed, requested_on=D(2022, 8, 10))
    # Bob's: invisible to Alice even if public; his organisation's staff see it.
    bobs = make_request(
        bob, coventry, title="Bob's", sent_on=D(2022, 7, 1), organisation=organisation
    )
    answer(bobs, D(2022, 8, 5), "refused")
    return {
        "foia_closing": foia_closing,
        "foisa_closing": foisa_closing,
        "open_long": open_long,
        "expired": expired,
        "bobs": bobs,
    }


def rows(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_closing_within_n_working_days_most_urgent_first(alice, windows):
    got = rows(client_for(alice), state="closing", within_days=10)
    assert [(r["title"], r["review_request_deadline"], r["days_left"]) for r in got] == [
        ("FOISA closing", "2022-10-03", 0),
        ("FOIA closing", "2022-10-04", 1),
    ]
    assert got[0]["regime"] == "foisa"
    assert got[0]["state"] == "closing"
    # Zero days ahead: only what closes today.
    assert [r["title"] for r in rows(client_for(alice), state="closing", within_days=0)] == [
        "FOISA closing"
    ]


def test_open_and_expired(alice, windows):
    open_rows = rows(client_for(alice), state="open")
    assert [r["title"] for r in open_rows] == ["FOISA closing", "FOIA closing", "Open long"]
    assert open_rows[-1]["days_left"] > 10
    expired = rows(client_for(alice), state="expired")
    assert [r["title"] for r in expired] == ["Expired"]
    assert expired[0]["days_left"] < 0


def test_staff_see_their_organisations_windows(staffer, member, windows):
    assert [r["title"] for r in rows(client_for(staffer), state="closing")] == ["Bob's"]
    assert rows(client_for(member), state="closing") == []


def test_filters_and_csv(alice, windows, glasgow):
    client = client_for(alice)
    assert [r["title"] for r in rows(client, state="open", authority=glasgow.slug)] == [
        "FOISA closing"
    ]
    text = client.get(URL, {"state": "closing", "format": "csv"}).content.decode().splitlines()
    assert text[0].startswith("request,title,authority,authority_name,regime")
    assert len(text) == 3


def test_query_count_is_constant(alice, windows, django_assert_num_queries):
    # Queries: the proclaimed holidays, then the requests (authority, campaign and
    # organisation joined); days_left is counted in Python with the regime's calendar.
    with django_assert_num_queries(2):
        client_for(alice).get(URL, {"state": "open"})


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "ajar"}, "state"),
        ({"within_days": "-1"}, "within_days"),
        ({"within_days": "ten"}, "within_days"),
        ({"within_days": "251"}, "within_days"),
        ({"authority": "atlantis"}, "authority"),
    ],
)
def test_bad_parameters_are_a_400(alice, db, params, field):
    response = client_for(alice).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_anonymous_is_refused(anon, db):
    assert anon.get(URL).status_code == 401


def test_a_window_that_closed_on_friday_is_gone_on_saturday(alice, coventry):
    # Answered Thu 1 Sep 2022: 40 WD (skipping 19 Sep) -> the window closes Fri 28 Oct.
    # On Saturday no working day has passed since, but the window is closed, not "last day".
    closed = make_request(alice, coventry, title="Closed Friday", sent_on=D(2022, 8, 1))
    answer(closed, D(2022, 9, 1), "refused")
    closed.refresh_from_db()
    assert closed.review_request_deadline == D(2022, 10, 28)
    saturday = datetime.datetime(2022, 10, 29, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(saturday, tick=False):
        got = rows(client_for(alice), state="expired")
    assert [(r["title"], r["days_left"]) for r in got] == [("Closed Friday", -1)]
