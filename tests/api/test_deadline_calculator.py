"""The public deadline calculator: GET /api/v1/deadlines/ (issue 3, shared/foi-law.md)."""

import datetime

import pytest
from rest_framework.test import APIClient

from requests_app.models import ProclaimedHoliday

URL = "/api/v1/deadlines/"


@pytest.fixture
def client():
    return APIClient()


def get(client, **params):
    return client.get(URL, params)


@pytest.mark.django_db
def test_foia_over_christmas_matches_the_issue_example(client):
    # foi-law.md "Counting": 2022-12-16 -> 2023-01-19, skipping 26, 27 Dec, 2 Jan and
    # Scotland's 3 Jan; 40 WD (FOIA s10(3)) -> 2023-02-16.
    response = get(client, regime="foia", received="2022-12-16")
    assert response.status_code == 200
    body = response.json()
    assert body["regime"] == "foia"
    assert body["received"] == "2022-12-16"
    assert body["response_due"] == "2023-01-19"
    assert body["response_due_latest"] == "2023-02-16"
    assert body["basis"]["response_due"] == "FOIA s10(1): 20 working days"
    assert body["basis"]["response_due_latest"].startswith("FOIA s10(3)")
    skipped = {day["date"]: day["name"] for day in body["skipped"]}
    assert skipped["2022-12-26"] == "Boxing Day"
    assert set(skipped) == {"2022-12-26", "2022-12-27", "2023-01-02", "2023-01-03"}
    assert "Scotland" in skipped["2023-01-03"]
    # Later steps appear only with their inputs.
    for key in (
        "review_request_deadline",
        "review_response_due",
        "regulator_complaint_deadline",
    ):
        assert key not in body


@pytest.mark.django_db
def test_later_steps_appear_with_their_dates(client):
    body = get(
        client,
        regime="foia",
        received="2022-12-16",
        responded="2023-01-10",
        review_requested="2023-02-01",
        review_decided="2023-03-01",
    ).json()
    # 40 WD after the response (s45 Code Part 5): 2023-01-10 + 40 WD = 2023-03-07.
    assert body["review_request_deadline"] == "2023-03-07"
    # 20 WD for the review decision, 40 at the latest (s45 Code Part 5).
    assert body["review_response_due"] == "2023-03-01"
    assert body["review_response_due_latest"] == "2023-03-30"
    # ICO: 6 weeks after the review outcome.
    assert body["regulator_complaint_deadline"] == "2023-04-12"
    assert body["basis"]["regulator_complaint_deadline"].startswith("ICO")
    assert set(body["basis"]) >= {"review_request_deadline", "review_response_due"}


@pytest.mark.django_db
def test_foisa_counts_scotland_only_and_has_no_extension(client):
    # foi-law.md "Counting": received 2023-04-01 -> FOISA 2023-05-02 (no Easter Monday).
    body = get(client, regime="foisa", received="2023-04-01").json()
    assert body["response_due"] == "2023-05-02"
    assert body["response_due_latest"] == "2023-05-02"
    assert "Easter Monday" not in {day["name"] for day in body["skipped"]}


@pytest.mark.django_db
def test_sic_window_is_six_calendar_months_clamped_to_month_end(client):
    # FOISA s47(4)(a): 6 months; 31 Aug 2023 + 6 months = 29 Feb 2024 (leap year).
    body = get(
        client,
        regime="foisa",
        received="2023-06-01",
        responded="2023-06-20",
        review_requested="2023-07-20",
        review_decided="2023-08-31",
    ).json()
    assert body["regulator_complaint_deadline"] == "2024-02-29"


@pytest.mark.django_db
def test_schools_get_sixty_working_days_at_the_latest(client):
    # SI 2004/3364: 60 WD latest; 20 WD shown as the due date (product rule, foi-law.md).
    body = get(client, regime="foia", received="2009-03-12", authority_type="school").json()
    assert body["response_due"] == "2009-04-14"
    assert (
        body["response_due_latest"]
        > get(client, regime="foia", received="2009-03-12").json()["response_due_latest"]
    )
    assert "60 working days" in body["basis"]["response_due_latest"]


@pytest.mark.django_db
def test_a_proclaimed_day_is_skipped_by_name(client):
    ProclaimedHoliday.objects.create(
        date=datetime.date(2030, 6, 14), name="Test proclamation", nation="uk_wide"
    )
    with_day = get(client, regime="foia", received="2030-06-03").json()
    assert {"date": "2030-06-14", "name": "Test proclamation"} in with_day["skipped"]
    # 2030-06-03 + 20 WD would be 2030-07-01 without it.
    assert with_day["response_due"] == "2030-07-02"


@pytest.mark.parametrize(
    ("params", "field", "reason"),
    [
        ({"regime": "gdpr", "received": "2023-01-01"}, "regime", "not a valid choice"),
        ({"received": "2023-01-01"}, "regime", "required"),
        ({"regime": "foia"}, "received", "required"),
        ({"regime": "foia", "received": "2023-02-30"}, "received", "not a real date"),
        ({"regime": "foia", "received": "30/01/2023"}, "received", "YYYY-MM-DD"),
        ({"regime": "foia", "received": "1999-12-31"}, "received", "between"),
        (
            {"regime": "foia", "received": "2023-01-10", "responded": "2023-01-09"},
            "responded",
            "before",
        ),
        (
            {
                "regime": "foia",
                "received": "2023-01-10",
                "responded": "2023-02-01",
                "review_requested": "2023-01-20",
            },
            "review_requested",
            "before the response",
        ),
        (
            {"regime": "foia", "received": "2023-01-10", "review_requested": "2023-02-01"},
            "review_requested",
            "needs responded",
        ),
        (
            {"regime": "foia", "received": "2023-01-10", "authority_type": "pub"},
            "authority_type",
            "not a valid choice",
        ),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_a_400_naming_field_and_reason(client, params, field, reason):
    response = get(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert reason in " ".join(body[field])


@pytest.mark.django_db
def test_anonymous_and_no_write_methods(client):
    assert client.post(URL, {"regime": "foia", "received": "2023-01-01"}).status_code == 405


@pytest.mark.django_db
def test_is_documented_in_the_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/deadlines/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names >= {"regime", "received", "responded", "review_requested", "review_decided"}


@pytest.mark.django_db
def test_foisa_non_response_shows_the_review_window_from_the_response_deadline(client):
    # "Time limits", FOISA s20(5): with no response, 40 WD after the response deadline.
    # Received 2023-04-01 → due 2023-05-02 (foi-law.md "Counting"); + 40 WD on Scotland's
    # calendar (skipping 8 May, the Coronation, and 29 May, Spring bank holiday) = 2023-06-29.
    body = get(client, regime="foisa", received="2023-04-01").json()
    assert body["review_request_deadline"] == "2023-06-29"
    assert body["basis"]["review_request_deadline"].startswith("FOISA s20(5)(a)")
    assert "as no response came" in body["basis"]["review_request_deadline"]
    assert {"2023-05-08", "2023-05-29"} <= {day["date"] for day in body["skipped"]}


@pytest.mark.django_db
def test_foisa_review_of_a_non_response_is_accepted_without_responded(client):
    # FOISA s20(5): the review of a failure to respond, asked after the deadline (2023-05-02);
    # the review decision is due 20 WD later (s21(1)), skipping 29 May.
    response = get(client, regime="foisa", received="2023-04-01", review_requested="2023-05-10")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["review_request_deadline"] == "2023-06-29"
    assert body["review_response_due"] == "2023-06-08"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "reason"),
    [
        # FOIA: the s45 Code runs the window from a response only.
        ({"regime": "foia", "review_requested": "2023-06-01"}, "needs responded"),
        # Not before the response deadline (2023-05-02, 2023-05-03 UK-wide) has passed
        # (FOISA s20(5), EIR reg 11(2), EISR reg 16(2)).
        ({"regime": "foisa", "review_requested": "2023-05-02"}, "after the response deadline"),
        ({"regime": "eisr", "review_requested": "2023-05-02"}, "EISR reg 16(2)"),
        ({"regime": "eir", "review_requested": "2023-05-03"}, "EIR reg 11(2)"),
    ],
)
def test_review_without_a_response_is_refused_before_the_deadline_or_under_foia(
    client, params, reason
):
    response = get(client, received="2023-04-01", **params)
    assert response.status_code == 400
    assert reason in " ".join(response.json()["review_requested"])


# --- Issue 10: the corrected rules through the calculator (foi-law.md "Time limits") --------


@pytest.mark.django_db
def test_foisa_s20_5_a_review_window_runs_from_the_expiry_of_the_response_period(client):
    # "Correction", FOISA s20(5)(a): received Mon 2023-06-05, answered 06-06, due 07-03.
    body = get(client, regime="foisa", received="2023-06-05", responded="2023-06-06").json()
    assert body["response_due"] == "2023-07-03"
    assert body["review_request_deadline"] == "2023-08-29"
    assert body["basis"]["review_request_deadline"].startswith("FOISA s20(5)(a)")
    # The holidays listed are those of the period counted: from 3 July, Scotland's 7 Aug.
    assert "2023-08-07" in {day["date"] for day in body["skipped"]}


@pytest.mark.django_db
def test_eir_review_window_of_silence(client):
    # EIR reg 11(2): no response, 40 WD after the response deadline (2023-07-03).
    body = get(client, regime="eir", received="2023-06-05").json()
    assert body["review_request_deadline"] == "2023-08-31"
    assert body["basis"]["review_request_deadline"].startswith("EIR reg 11(2)")
    review = get(client, regime="eir", received="2023-06-05", review_requested="2023-07-20")
    assert review.status_code == 200, review.json()
    # EIR reg 11(4): the decision on the review of silence is due 40 WD after it was asked.
    assert review.json()["review_response_due"] == "2023-09-18"  # skips 7 and 28 Aug


@pytest.mark.django_db
@pytest.mark.parametrize(("regime", "shown"), [("foisa", True), ("eisr", True), ("foia", False)])
def test_sic_date_after_an_undecided_review_is_returned_without_review_decided(
    client, regime, shown
):
    # FOISA s47(4)(b): 6 months from the end of the s21(1) period, as the stored columns do.
    body = get(
        client,
        regime=regime,
        received="2023-06-05",
        responded="2023-06-20",
        review_requested="2023-07-03",
    ).json()
    assert ("regulator_complaint_deadline" in body) is shown
    if shown:
        assert body["regulator_complaint_deadline"] == "2024-01-31"  # due 2023-07-31
        assert "s47(4)(b)" in body["basis"]["regulator_complaint_deadline"]


@pytest.mark.django_db
def test_foia_extension_basis_says_reasonable(client):
    body = get(client, regime="foia", received="2023-06-05").json()
    assert 'FOIA s10(3): a "reasonable" extension' in body["basis"]["response_due_latest"]
    assert "ICO guidance" in body["basis"]["response_due_latest"]


@pytest.mark.django_db
def test_a_fees_notice_after_the_deadline_moves_nothing(client):
    # "Clock rules" (FOIA s9(1), s10(2)): received 2023-06-05 (due 2023-07-03), notice
    # 2023-07-10, paid 2023-07-14: due stays 2023-07-03 (issue 10's example).
    body = get(
        client, regime="foia", received="2023-06-05", fees_notice="2023-07-10",
        fee_paid="2023-07-14",
    ).json()  # fmt: skip
    assert body["response_due"] == "2023-07-03"
    assert "moves nothing" in body["basis"]["fees_notice"]
    # In time, the days from the notice to payment are disregarded (6, 7 June).
    paid = get(
        client, regime="foia", received="2023-06-05", fees_notice="2023-06-06",
        fee_paid="2023-06-07",
    ).json()  # fmt: skip
    assert paid["response_due"] == "2023-07-05"
    assert "fees_notice" not in paid["basis"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("regime", "lapses", "basis"),
    [("foia", "2023-09-05", "FOIA s9(2)"), ("eir", "2023-09-01", "EIR reg 8(5)")],
)
def test_an_unpaid_fee_lapses_under_the_regimes_own_rule(client, regime, lapses, basis):
    body = get(client, regime=regime, received="2023-06-01", fees_notice="2023-06-05").json()
    assert body["fee_lapses_on"] == lapses
    assert body["basis"]["fee_lapses_on"].startswith(basis)
    assert "response_due" not in body  # the clock is stopped until payment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"fee_paid": "2023-06-07"}, "fee_paid"),
        ({"fees_notice": "2023-06-08", "fee_paid": "2023-06-07"}, "fee_paid"),
        ({"fees_notice": "2023-06-01"}, "fees_notice"),
    ],
)
def test_fee_dates_are_checked(client, params, field):
    response = get(client, regime="foia", received="2023-06-05", **params)
    assert response.status_code == 400
    assert field in response.json()
