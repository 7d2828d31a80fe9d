"""The public deadline calculator page (examples from shared/foi-law.md "Counting")."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def rows(page):
    return {row.key: row.date for row in page.context["rows"]}


def test_empty_form(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = client.get("/deadlines/")
    assert page.status_code == 200 and "rows" not in page.context


def test_foia_over_christmas_lists_the_skipped_holidays(client, django_assert_num_queries):
    # foi-law.md: FOIA, received 2022-12-16 -> due 2023-01-19 (skips 26, 27 Dec, 2 Jan and
    # Scotland's 3 Jan). One query: the proclaimed days.
    with django_assert_num_queries(1):
        page = client.get("/deadlines/?regime=foia&received=2022-12-16")
    assert page.status_code == 200
    assert rows(page)["response_due"] == datetime.date(2023, 1, 19)
    skipped = [day for day, _ in page.context["skipped"]]
    assert {
        datetime.date(2022, 12, 26),
        datetime.date(2022, 12, 27),
        datetime.date(2023, 1, 2),
        datetime.date(2023, 1, 3),
    } <= set(skipped)
    html = page.content.decode()
    assert "FOIA s10(1): 20 working days" in html and "Holidays skipped" in html


def test_foisa_does_not_skip_easter_monday(client):
    # foi-law.md: from 2023-04-01, FOIA 2023-05-03 vs FOISA 2023-05-02.
    foia = client.get("/deadlines/?regime=foia&received=2023-04-01")
    foisa = client.get("/deadlines/?regime=foisa&received=2023-04-01")
    assert rows(foia)["response_due"] == datetime.date(2023, 5, 3)
    assert rows(foisa)["response_due"] == datetime.date(2023, 5, 2)


def test_later_steps_and_school(client):
    page = client.get(
        "/deadlines/?regime=foia&received=2022-06-15&school=on&responded=2022-07-13"
        "&review_requested=2022-07-20&review_decided=2022-08-10"
    )
    dates = rows(page)
    # Asked for on 20 July: the window to ask (40 WD after the response) is no longer shown.
    assert "review_request_deadline" not in dates
    window = rows(client.get("/deadlines/?regime=foia&received=2022-06-15&responded=2022-07-13"))
    assert window["review_request_deadline"] == datetime.date(2022, 9, 9)
    assert dates["regulator_complaint_deadline"] == datetime.date(2022, 9, 21)
    assert "schools" in page.content.decode()


def test_errors(client):
    page = client.get("/deadlines/?regime=xx&received=2022-02-30&responded=2022-01-01")
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert "regime" in errors and errors["received"] == [
        "2022-02-30 is not a real date: February 2022 has 28 days"
    ]
    page = client.get("/deadlines/?regime=foia&received=2022-06-15&responded=2022-06-01")
    assert page.context["form"].errors["responded"] == [
        "Cannot be before the request was received (15 Jun 2022)"
    ]
    page = client.get("/deadlines/?regime=foia&received=2022-06-15&review_decided=2022-08-01")
    assert "Enter when you asked for the review" in page.content.decode()


def test_the_review_request_deadline_goes_once_the_review_was_asked_for(client):
    # Reviewer's report: "Ask for an internal review by" stayed after the review was asked.
    url = "/deadlines/?regime=foia&received=2022-06-15&responded=2022-07-13"
    assert "review_request_deadline" in rows(client.get(url))
    page = client.get(url + "&review_requested=2022-07-20")
    assert "review_request_deadline" not in rows(page)
    assert "review_response_due" in rows(page)
    assert "Ask for an internal review by" not in page.content.decode()


def test_holidays_skipped_stop_at_the_last_working_day_deadline(client):
    # FOISA: review decided 20 July 2022, so the SIC complaint window runs 6 calendar months
    # (s47(4)) to 20 January 2023. Only the working-day counts skip holidays: Scotland's
    # 1 August 2022 (inside the review's 20 working days) is listed; St Andrew's Day,
    # Christmas and 2-3 January (on the way to the 6-month limit) are not.
    page = client.get(
        "/deadlines/?regime=foisa&received=2022-06-15&responded=2022-07-01"
        "&review_requested=2022-07-04&review_decided=2022-07-20"
    )
    dates = rows(page)
    assert dates["regulator_complaint_deadline"] == datetime.date(2023, 1, 20)
    skipped = [day for day, _ in page.context["skipped"]]
    assert datetime.date(2022, 8, 1) in skipped
    assert max(skipped) <= max(dates[k] for k in dates if k != "regulator_complaint_deadline")
    assert datetime.date(2022, 11, 30) not in skipped


@pytest.mark.parametrize("field", ["received", "responded"])
def test_years_outside_the_calendars_are_an_error_not_blank_dates(client, field):
    # Reviewer's report: received 9999-12-30 showed a table of blank dates. The bounds are
    # the calendars' years, as in the API (requests_app/api/deadlines.py).
    query = {"regime": "foia", "received": "2022-06-15", field: "9999-12-30"}
    page = client.get("/deadlines/", query)
    assert page.status_code == 400
    assert page.context["form"].errors[field] == ["Enter a year from 2000 to 2060"]
    assert "rows" not in page.context
    assert client.get("/deadlines/", {**query, field: "31/12/2060"}).status_code == 200


def test_foisa_s20_5_a_and_eir_silence_on_the_page(client):
    # foi-law.md "Correction", FOISA s20(5)(a): answered early, window from the expiry.
    page = client.get("/deadlines/?regime=foisa&received=2023-06-05&responded=2023-06-06")
    assert rows(page)["review_request_deadline"] == datetime.date(2023, 8, 29)
    assert "s20(5)(a)" in page.content.decode()
    # EIR reg 11(2): no response, 40 WD after the response deadline.
    silent = client.get("/deadlines/?regime=eir&received=2023-06-05")
    assert rows(silent)["review_request_deadline"] == datetime.date(2023, 8, 31)
