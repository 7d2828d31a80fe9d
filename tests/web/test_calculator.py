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
    assert dates["review_request_deadline"] == datetime.date(2022, 9, 9)
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
