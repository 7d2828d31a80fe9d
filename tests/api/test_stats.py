"""``/api/v1/stats/``: every figure of a hand-built dataset, worked out by hand below.

The dataset (all received 2022; today frozen on 3 Oct 2022):

FOIA (England; calendar skips every UK bank holiday, shared/foi-law.md "The four regimes"):
  Coventry City Council (local council), received Thu 1 Sep 2022. Due 30 Sep: 20 WD, the
  State Funeral on 19 Sep skipped (FOIA s10(1)).
    R1  refused 15 Sep, cites s24 + s31          10 WD, on time        campaign "prevent"
    R2  partial 30 Sep, cites s40                20 WD, on time (= due) campaign "prevent"
    R3  refused 20 Sep, cites s24                12 WD, on time
        review asked 21 Sep, overturned 27 Sep; then partial 28 Sep citing s43: NOT initial
    R4  no response
    R5  PRIVATE, refused citing s24              -- must never be counted
  West Midlands Police (police), received Tue 2 Aug 2022. Due 31 Aug (29 Aug, the English
  summer bank holiday, skipped):
    R6  ncnd 6 Sep, cites s24                    24 WD, late           campaign "prevent"
    R7  not held 10 Aug                          6 WD, on time
FOISA (Scotland; calendar skips Scottish holidays only, so 29 Aug counts):
  Glasgow City Council (local council), received Tue 2 Aug 2022. Due 30 Aug (FOISA s10(1)).
    R8  refused 30 Aug, cites FOISA s38          20 WD, on time (= due) campaign "prevent"
    R9  granted 1 Sep                            22 WD, late
    R10 received 1 Sep, no response
"""

import csv
import datetime
import io

import pytest
import time_machine

from requests_app.models import Exemption
from requests_app.services.requests import foi_request_update
from requests_app.services.responses import CitationInput, response_record
from requests_app.services.reviews import review_record
from tests import factories
from tests.api.conftest import answer, client_for, make_request

D = datetime.date
REFUSALS = "/api/v1/stats/refusals/"
EXEMPTIONS = "/api/v1/stats/exemptions/"


@pytest.fixture
def dataset(alice, bob, coventry, glasgow):
    police = factories.AuthorityFactory(
        name="West Midlands Police", slug="west-midlands-police", authority_type="police"
    )
    prevent = factories.CampaignFactory(name="Prevent referrals", slug="prevent", owner=alice)
    sep1, aug2 = D(2022, 9, 1), D(2022, 8, 2)

    r1 = make_request(alice, coventry, sent_on=sep1, campaign=prevent)
    answer(r1, D(2022, 9, 15), "refused", ["foia-s24", "foia-s31"])
    r2 = make_request(alice, coventry, sent_on=sep1, campaign=prevent)
    answer(r2, D(2022, 9, 30), "partial", ["foia-s40"])
    r3 = make_request(bob, coventry, sent_on=sep1)
    answer(r3, D(2022, 9, 20), "refused", ["foia-s24"])
    review_record(
        foi_request=r3,
        requested_on=D(2022, 9, 21),
        decided_on=D(2022, 9, 27),
        outcome="overturned",
    )
    answer(r3, D(2022, 9, 28), "partial", ["foia-s43"])
    make_request(bob, coventry, sent_on=sep1)  # R4
    r5 = make_request(bob, coventry, sent_on=sep1, visibility="private")
    answer(r5, D(2022, 9, 5), "refused", ["foia-s24"])

    r6 = make_request(alice, police, sent_on=aug2, campaign=prevent)
    response_record(
        foi_request=r6,
        received_on=D(2022, 9, 6),
        kind="substantive",
        outcome="ncnd",
        citations=[
            CitationInput(
                exemption=Exemption.objects.get(code="foia-s24"), cited_as="s24(2)", ncnd=True
            )
        ],
    )
    r7 = make_request(bob, police, sent_on=aug2)
    answer(r7, D(2022, 8, 10), "not_held")

    r8 = make_request(alice, glasgow, sent_on=aug2, campaign=prevent)
    answer(r8, D(2022, 8, 30), "refused", ["foisa-s38"])
    r9 = make_request(bob, glasgow, sent_on=aug2)
    answer(r9, D(2022, 9, 1), "granted")
    make_request(bob, glasgow, sent_on=sep1)  # R10
    return {"police": police, "prevent": prevent, "r5": r5}


def rows_by_key(response) -> dict:
    assert response.status_code == 200, response.content
    return {row["key"]: row for row in response.json()}


def test_refusals_by_regime(anon, dataset):
    rows = rows_by_key(anon.get(REFUSALS, {"group_by": "regime"}))
    assert set(rows) == {"foia", "foisa"}
    # FOIA: R1-R4, R6, R7 (R5 is private). Answered R1 R2 R3 R6 R7 = 5.
    # Initial outcomes: refused R1 R3, partial R2, ncnd R6, not held R7.
    # Withheld in full (2 + 1) / 5; withheld (2 + 1 + 1) / 5; on time R1 R2 R3 R7 = 4 / 5;
    # working days 10, 20, 12, 24, 6 -> median 12; one review (R3), overturned.
    assert rows["foia"] == {
        "key": "foia",
        "label": "FOIA 2000",
        "requests": 6,
        "answered": 5,
        "granted": 0,
        "partial": 1,
        "refused": 2,
        "not_held": 1,
        "ncnd": 1,
        "withheld_in_full_rate": 0.6,
        "withheld_rate": 0.8,
        "on_time_rate": 0.8,
        "median_working_days_to_response": 12.0,
        "reviews": 1,
        "reviews_overturned": 1,
        "past_deadline_unanswered": 1,  # R4: never answered, long past its deadline
    }
    # FOISA: R8 R9 R10; answered R8 (refused, on time) and R9 (granted, late);
    # working days 20 and 22 on the Scottish calendar -> median 21.
    assert rows["foisa"] == {
        "key": "foisa",
        "label": "FOISA 2002 (Scotland)",
        "requests": 3,
        "answered": 2,
        "granted": 1,
        "partial": 0,
        "refused": 1,
        "not_held": 0,
        "ncnd": 0,
        "withheld_in_full_rate": 0.5,
        "withheld_rate": 0.5,
        "on_time_rate": 0.5,
        "median_working_days_to_response": 21.0,
        "reviews": 0,
        "reviews_overturned": 0,
        "past_deadline_unanswered": 1,  # R10
    }


def test_past_deadline_with_no_answer_counts_from_the_day_after(anon, alice, coventry):
    # Received Thu 1 Sep 2022: 20 working days (FOIA s10(1), shared/foi-law.md "Response
    # deadlines"; the State Funeral of 19 Sep skipped) end on Fri 30 Sep 2022. An answered
    # request never counts, late or not.
    make_request(alice, coventry, sent_on=D(2022, 9, 1))
    late = make_request(alice, coventry, sent_on=D(2022, 9, 1))
    answer(late, D(2022, 10, 3), "granted")
    assert late.response_due == D(2022, 9, 30)

    def past_deadline() -> int:
        [row] = anon.get(REFUSALS, {"group_by": "authority"}).json()
        return row["past_deadline_unanswered"]

    with time_machine.travel(datetime.datetime(2022, 9, 30, 12, tzinfo=datetime.UTC)):
        assert past_deadline() == 0  # due today: not yet late
    with time_machine.travel(datetime.datetime(2022, 10, 1, 12, tzinfo=datetime.UTC)):
        assert past_deadline() == 1  # same data, the next day: not served from the cache
    # The existing figures keep their definitions: the late answer is answered, not on time.
    [row] = anon.get(REFUSALS, {"group_by": "authority"}).json()
    assert (row["requests"], row["answered"], row["on_time_rate"]) == (2, 1, 0.0)


def test_refusals_by_authority_campaign_type_nation_and_year(anon, dataset):
    by_authority = rows_by_key(anon.get(REFUSALS, {"group_by": "authority"}))
    # Coventry R1-R4: answered 3; refused 2, partial 1 -> 2/3 and 3/3; all on time;
    # working days 10, 20, 12 -> 12.
    coventry = by_authority["coventry-city-council"]
    assert coventry["label"] == "Coventry City Council"
    assert (coventry["requests"], coventry["answered"]) == (4, 3)
    assert coventry["withheld_in_full_rate"] == 0.6667
    assert coventry["withheld_rate"] == 1.0
    assert coventry["on_time_rate"] == 1.0
    assert coventry["median_working_days_to_response"] == 12.0
    # Police R6 (ncnd, 24 WD, late) and R7 (not held, 6 WD): median (6 + 24) / 2 = 15.
    police = by_authority["west-midlands-police"]
    assert (police["ncnd"], police["not_held"], police["withheld_in_full_rate"]) == (1, 1, 0.5)
    assert police["median_working_days_to_response"] == 15.0

    by_campaign = rows_by_key(anon.get(REFUSALS, {"group_by": "campaign"}))
    # prevent: R1 R2 R6 R8, all answered: refused R1 R8, partial R2, ncnd R6 ->
    # withheld in full 3/4, withheld 4/4; on time R1 R2 R8 = 3/4; WD 10, 20, 24, 20 -> 20.
    prevent = by_campaign["prevent"]
    assert prevent["label"] == "Prevent referrals"
    assert (prevent["requests"], prevent["answered"]) == (4, 4)
    assert (prevent["withheld_in_full_rate"], prevent["withheld_rate"]) == (0.75, 1.0)
    assert prevent["on_time_rate"] == 0.75
    assert prevent["median_working_days_to_response"] == 20.0
    # No campaign: R3 R4 R7 R9 R10; answered R3 (refused) R7 (not held) R9 (granted);
    # on time R3 R7 = 2/3; WD 12, 6, 22 -> 12; the review is R3's.
    none = by_campaign[None]
    assert none["label"] == "No campaign"
    assert (none["requests"], none["answered"], none["refused"]) == (5, 3, 1)
    assert none["withheld_in_full_rate"] == 0.3333
    assert none["on_time_rate"] == 0.6667
    assert (none["reviews"], none["reviews_overturned"]) == (1, 1)

    by_type = rows_by_key(anon.get(REFUSALS, {"group_by": "authority_type"}))
    assert {k: r["requests"] for k, r in by_type.items()} == {"local_council": 7, "police": 2}
    assert by_type["local_council"]["label"] == "Local council"
    by_nation = rows_by_key(anon.get(REFUSALS, {"group_by": "nation"}))
    assert {k: r["requests"] for k, r in by_nation.items()} == {"england": 6, "scotland": 3}
    by_year = rows_by_key(anon.get(REFUSALS, {"group_by": "year"}))
    assert by_year["2022"]["requests"] == 9
    assert by_year["2022"]["answered"] == 7


def test_refusal_filters(anon, dataset):
    def only(params):
        rows = anon.get(REFUSALS, {"group_by": "regime", **params}).json()
        return {row["key"]: (row["requests"], row["answered"]) for row in rows}

    assert only({"regime": "foisa"}) == {"foisa": (3, 2)}
    assert only({"authority": "west-midlands-police"}) == {"foia": (2, 2)}
    assert only({"authority_type": "police"}) == {"foia": (2, 2)}
    assert only({"nation": "scotland"}) == {"foisa": (3, 2)}
    assert only({"campaign": "prevent"}) == {"foia": (3, 3), "foisa": (1, 1)}
    # Received in September: R1-R4 and R10.
    assert only({"received_from": "2022-09-01"}) == {"foia": (4, 3), "foisa": (1, 0)}
    assert only({"received_to": "2022-08-31"}) == {"foia": (2, 2), "foisa": (2, 2)}
    assert only({"received_from": "2023-01-01"}) == {}


def test_exemptions_with_wilson_intervals(anon, dataset):
    response = anon.get(EXEMPTIONS)
    assert response.status_code == 200, response.content
    rows = response.json()
    # Initial responses cite: R1 s24 s31, R2 s40, R3 s24, R6 s24, R8 FOISA s38. R3's later
    # s43 is not initial; R5 is private. Answered: FOIA 5, FOISA 2.
    assert [(r["code"], r["requests_citing"], r["answered"]) for r in rows] == [
        ("foia-s24", 3, 5),
        ("foia-s31", 1, 5),
        ("foia-s40", 1, 5),
        ("foisa-s38", 1, 2),
    ]
    s24, s31, _, s38 = rows
    assert (s24["regime"], s24["section"], s24["title"]) == ("foia", "24", "National security")
    # Wilson, z = 1.96, z^2 = 3.8416:
    # 3 of 5: p = .6, d = 1 + 3.8416/5 = 1.76832, centre = (.6 + .38416)/d = .556551,
    #   half = 1.96 * sqrt(.6*.4/5 + 3.8416/100) / d = 1.96 * sqrt(.086416) / d = .325832
    #   -> [.230719, .882383]
    assert (s24["rate"], s24["ci_low"], s24["ci_high"]) == (0.6, 0.2307, 0.8824)
    # 1 of 5: centre = (.2 + .38416)/d = .330348, half = 1.96 * sqrt(.032 + .038416)/d
    #   = .294124 -> [.036224, .624472]
    assert (s31["rate"], s31["ci_low"], s31["ci_high"]) == (0.2, 0.0362, 0.6245)
    # 1 of 2: d = 2.9208, centre = (.5 + .9604)/d = .5, half = 1.96 * sqrt(.125 + .2401)/d
    #   = .405472 -> [.094528, .905472]
    assert (s38["rate"], s38["ci_low"], s38["ci_high"]) == (0.5, 0.0945, 0.9055)


def test_exemption_filters(anon, dataset):
    rows = anon.get(EXEMPTIONS, {"regime": "foisa"}).json()
    assert [(r["code"], r["requests_citing"], r["answered"]) for r in rows] == [("foisa-s38", 1, 2)]
    rows = anon.get(EXEMPTIONS, {"authority": "west-midlands-police"}).json()
    # Only R6 (s24) and R7 (not held, no citation) answered: s24 1 of 2.
    assert [(r["code"], r["requests_citing"], r["answered"]) for r in rows] == [("foia-s24", 1, 2)]


def test_private_requests_never_reach_the_statistics(anon, alice, bob, dataset):
    hidden = factories.AuthorityFactory(name="Secret Council", slug="secret-council")
    private = make_request(bob, hidden, sent_on=D(2022, 9, 1), visibility="private")
    answer(private, D(2022, 9, 2), "refused", ["foia-s44"])
    for client_user in (None, bob, alice):
        client = anon if client_user is None else client_for(client_user)
        by_authority = rows_by_key(client.get(REFUSALS, {"group_by": "authority"}))
        assert "secret-council" not in by_authority
        assert sum(r["requests"] for r in by_authority.values()) == 9
        codes = [r["code"] for r in client.get(EXEMPTIONS).json()]
        assert "foia-s44" not in codes
        text = client.get(EXEMPTIONS, {"format": "csv"}).content.decode()
        assert "foia-s44" not in text
        text = client.get(REFUSALS, {"group_by": "authority", "format": "csv"}).content.decode()
        assert "secret-council" not in text
    # Filtering on the private authority finds nothing rather than its private figures.
    assert anon.get(REFUSALS, {"authority": "secret-council"}).json() == []
    # A campaign of private requests does not exist for the statistics.
    secret = factories.CampaignFactory(slug="secret-campaign", owner=bob)
    private.campaign = secret
    private.save(update_fields=["campaign"])
    response = client_for(bob).get(REFUSALS, {"campaign": "secret-campaign"})
    assert response.status_code == 400
    assert "campaign" in response.json()


def test_csv_has_the_json_columns(anon, dataset):
    response = anon.get(REFUSALS, {"group_by": "regime", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    json_rows = anon.get(REFUSALS, {"group_by": "regime"}).json()
    assert list(rows[0]) == list(json_rows[0])
    assert rows[0]["key"] == "foia"
    assert rows[0]["withheld_in_full_rate"] == "0.6"
    exemptions = anon.get(EXEMPTIONS, {"format": "csv"}).content.decode().splitlines()
    assert exemptions[0] == "code,regime,section,title,requests_citing,answered,rate,ci_low,ci_high"
    assert exemptions[1] == "foia-s24,foia,24,National security,3,5,0.6,0.2307,0.8824"


def test_empty_statistics_have_headers_and_null_rates(anon, db):
    assert anon.get(REFUSALS).json() == []
    header = anon.get(REFUSALS, {"format": "csv"}).content.decode().splitlines()
    assert header[0].startswith("key,label,requests,answered,granted")
    authority = factories.AuthorityFactory(slug="quiet-council")
    make_request(factories.UserFactory(), authority, sent_on=D(2022, 9, 1))
    (row,) = anon.get(REFUSALS, {"group_by": "authority"}).json()
    assert row["answered"] == 0
    assert row["withheld_rate"] is None
    assert row["on_time_rate"] is None
    assert row["median_working_days_to_response"] is None


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (REFUSALS, {"group_by": "colour"}, "group_by"),
        (REFUSALS, {"regime": "gdpr"}, "regime"),
        (REFUSALS, {"authority": "atlantis"}, "authority"),
        (EXEMPTIONS, {"campaign": "nope"}, "campaign"),
        (EXEMPTIONS, {"received_from": "yesterday"}, "received_from"),
        (EXEMPTIONS, {"received_from": "2022-09-02", "received_to": "2022-09-01"}, "received_to"),
        (EXEMPTIONS, {"nation": "wessex"}, "nation"),
        (EXEMPTIONS, {"authority_type": "guild"}, "authority_type"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(anon, db, url, params, field):
    response = anon.get(url, params)
    assert response.status_code == 400
    assert field in response.json()


def test_query_count_does_not_grow_with_the_data(
    anon, dataset, alice, coventry, django_assert_num_queries
):
    # Queries: the data fingerprint, then one query (by authority, unfiltered: the kept
    # per-authority sums with today's past-deadline counts).
    with django_assert_num_queries(2):
        anon.get(REFUSALS, {"group_by": "authority"})
    for _ in range(5):
        extra = make_request(alice, coventry, sent_on=D(2022, 9, 1))
        answer(extra, D(2022, 9, 5), "refused", ["foia-s42"])
    with django_assert_num_queries(2):
        rows = rows_by_key(anon.get(REFUSALS, {"group_by": "authority"}))
    assert rows["coventry-city-council"]["requests"] == 9
    # Exemptions: the fingerprint, the grouped exemption summary, answered per regime.
    with django_assert_num_queries(3):
        anon.get(EXEMPTIONS)


def test_repeated_calls_are_cached_and_revalidate_with_an_etag(
    anon, dataset, alice, coventry, django_assert_num_queries
):
    first = anon.get(REFUSALS, {"group_by": "regime"})
    etag = first["ETag"]
    assert etag
    # A cache hit: only the data fingerprint is read.
    with django_assert_num_queries(1):
        again = anon.get(REFUSALS, {"group_by": "regime"})
    assert again.json() == first.json()
    assert again["ETag"] == etag
    with django_assert_num_queries(1):
        not_modified = anon.get(REFUSALS, {"group_by": "regime"}, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    # Other parameters, another entry; a CSV, another ETag.
    assert anon.get(REFUSALS, {"group_by": "year"})["ETag"] != etag
    assert anon.get(REFUSALS, {"group_by": "regime", "format": "csv"})["ETag"] != etag
    # New data changes the fingerprint: fresh figures, a new ETag, no 304.
    answer(make_request(alice, coventry, sent_on=D(2022, 9, 1)), D(2022, 9, 5), "granted")
    fresh = anon.get(REFUSALS, {"group_by": "regime"}, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert rows_by_key(fresh)["foia"]["requests"] == 7


def test_a_private_write_leaves_the_etag_alone(anon, dataset, alice, coventry):
    etag = anon.get(REFUSALS, {"group_by": "regime"})["ETag"]
    exemptions_etag = anon.get(EXEMPTIONS)["ETag"]
    # A private request, answered with a refusal: nothing public moved.
    hidden = make_request(alice, coventry, sent_on=D(2022, 9, 1), visibility="private")
    answer(hidden, D(2022, 9, 5), "refused", ["foia-s24"])
    again = anon.get(REFUSALS, {"group_by": "regime"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert anon.get(EXEMPTIONS)["ETag"] == exemptions_etag
    # Published, it counts: the figures and the ETag move.
    foi_request_update(foi_request=hidden, visibility="public")
    fresh = anon.get(REFUSALS, {"group_by": "regime"}, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


@pytest.mark.parametrize(
    "spelling",
    ["20220901", "2022-W35-4", "01/09/2022", "2022-9-1", "2022-09-01T00:00", " 2022-09-01"],
)
def test_dates_are_read_only_as_documented(anon, db, spelling):
    response = anon.get(EXEMPTIONS, {"received_from": spelling})
    assert response.status_code == 400
    assert response.json() == {"received_from": ["must be a date written YYYY-MM-DD"]}
