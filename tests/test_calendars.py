"""Working-day calendars per regime (shared/foi-law.md, "The four regimes" and "Counting")."""

import datetime

import holidays as holidays_package
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.law.calendars import calendar_for
from requests_app.models import ProclaimedHoliday
from requests_app.services.calendars import calendar_for_regime
from tests.law_holidays import BY_REGIME, NORTHERN_IRELAND, SCOTLAND, SHIPPED_REMOVALS

D = datetime.date


def weekday_holidays(calendar, first_year=2005, last_year=2030):
    return {
        day
        for day in calendar.holidays
        if day.weekday() < 5 and first_year <= day.year <= last_year
    }


@pytest.mark.parametrize("regime", ["foia", "eir", "foisa", "eisr"])
def test_calendar_matches_gov_uk_2005_to_2030(regime):
    # FOIA s10(6): bank holidays in any part of the UK; FOISA s73: Scotland's only. Every
    # substitute and one-off day of the hand-typed list, with the package's wrong days removed.
    calendar = calendar_for(regime, removed=SHIPPED_REMOVALS)
    assert weekday_holidays(calendar) == set(BY_REGIME[regime])


@pytest.mark.parametrize("regime", ["foia", "eir", "foisa", "eisr"])
def test_the_package_differs_from_gov_uk_only_by_the_shipped_corrections(regime):
    # "The four regimes": the package lists Thu 30 Nov 2006 as St Andrew's Day, a year before
    # the St Andrew's Day Bank Holiday (Scotland) Act 2007 made it one. FOIA counts it too.
    package = weekday_holidays(calendar_for(regime))
    assert package - set(BY_REGIME[regime]) == {day for day, _ in SHIPPED_REMOVALS}
    assert set(BY_REGIME[regime]) <= package


@pytest.mark.django_db
@pytest.mark.parametrize("regime", ["foia", "eir", "foisa", "eisr"])
def test_the_product_calendars_match_gov_uk_with_the_shipped_correction(regime):
    # The 2006 correction ships as data (migration 0010): the calendars the services use
    # match the hand-typed list with no one having to type it into the admin.
    removals = ProclaimedHoliday.objects.filter(kind="removed").values_list("date", "nation")
    assert sorted(removals) == SHIPPED_REMOVALS
    assert weekday_holidays(calendar_for_regime(regime)) == set(BY_REGIME[regime])
    assert calendar_for_regime(regime).is_working_day(D(2006, 11, 30))


@pytest.mark.parametrize(
    ("removed", "foia_works", "foisa_works"),
    [
        ([(D(2006, 11, 30), "scotland")], True, True),
        ([(D(2006, 11, 30), "uk_wide")], True, True),
        # A removal for another nation leaves Scotland's listing alone, for both regimes.
        ([(D(2006, 11, 30), "england")], False, False),
        ([], False, False),
    ],
)
def test_removing_a_wrongly_listed_day_makes_it_a_working_day(removed, foia_works, foisa_works):
    assert calendar_for("foia", removed=removed).is_working_day(D(2006, 11, 30)) is foia_works
    assert calendar_for("foisa", removed=removed).is_working_day(D(2006, 11, 30)) is foisa_works


def test_a_removal_in_one_nation_keeps_the_day_where_it_is_still_a_holiday():
    # FOIA counts a holiday anywhere in the UK: removing Northern Ireland's 12 July 2023
    # (hypothetically) would make it a working day; removing England's keeps NI's.
    day = D(2023, 7, 12)
    assert calendar_for("foia", removed=[(day, "northern_ireland")]).is_working_day(day)
    assert not calendar_for("foia", removed=[(day, "england")]).is_working_day(day)


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2023, 7, 12), "Battle of the Boyne (Northern Ireland)"),
        (D(2023, 3, 17), "St Patrick's Day (Northern Ireland)"),
        (D(2023, 1, 3), "2 January holiday (Scotland)"),
        (D(2023, 11, 30), "St Andrew's Day (Scotland)"),
    ],
)
def test_english_council_is_never_due_on_another_nations_holiday(day, why):
    # foi-law.md "Consequences worth a test each": FOIA counts holidays anywhere in the UK.
    assert not calendar_for("foia").is_working_day(day), why


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2023, 4, 10), "Easter Monday"),
        (D(2023, 3, 17), "St Patrick's Day"),
        (D(2023, 7, 12), "Battle of the Boyne"),
    ],
)
def test_scottish_council_counts_through_other_nations_holidays(day, why):
    # foi-law.md "Consequences worth a test each": FOISA counts Scotland's holidays only.
    assert calendar_for("foisa").is_working_day(day), why


def test_uk_without_subdivision_would_miss_regional_days():
    # foi-law.md: holidays.UK() alone returns only the common days, hence never used alone.
    common = holidays_package.UK(years=2023)
    assert D(2023, 3, 17) not in common
    assert not calendar_for("foia").is_working_day(D(2023, 3, 17))


@pytest.mark.parametrize(
    ("start", "n", "expected", "rule"),
    [
        # "Counting": day of receipt is day 0; a Saturday receipt = the Friday's deadline.
        (D(2023, 6, 2), 1, D(2023, 6, 5), "Friday: day 1 is Monday"),
        (D(2023, 6, 3), 1, D(2023, 6, 5), "Saturday rolls back to Friday"),
        (D(2023, 6, 4), 1, D(2023, 6, 5), "Sunday rolls back to Friday"),
        (D(2023, 5, 29), 1, D(2023, 5, 30), "bank-holiday Monday rolls back to Friday"),
        (D(2023, 6, 2), 0, D(2023, 6, 2), "day 0 of a working day is itself"),
        (D(2023, 6, 3), 0, D(2023, 6, 2), "day 0 of a Saturday is the Friday"),
    ],
)
def test_add_working_days_counts_from_day_zero(start, n, expected, rule):
    assert calendar_for("foia").add_working_days(start, n) == expected, rule


def test_working_days_between_counts_after_start_through_end():
    cal = calendar_for("foia")
    assert cal.working_days_between(D(2023, 6, 2), D(2023, 6, 2)) == 0
    assert cal.working_days_between(D(2023, 6, 2), D(2023, 6, 9)) == 5
    # 2023-05-26 (Fri) to 2023-06-02 (Fri): Spring bank holiday on 29 May is not counted.
    assert cal.working_days_between(D(2023, 5, 26), D(2023, 6, 2)) == 4
    assert cal.working_days_between(D(2023, 6, 9), D(2023, 6, 2)) == -5


def test_a_deadline_that_passed_yesterday_is_one_working_day_ago_not_today():
    # "Overdue" = the day after the due date (foi-law.md "Clock rules"): on Friday a
    # Thursday deadline is 1 working day ago, and on Monday a Friday deadline is too.
    cal = calendar_for("foia")
    assert cal.working_days_between(D(2026, 11, 20), D(2026, 11, 19)) == -1
    assert cal.working_days_between(D(2026, 11, 23), D(2026, 11, 20)) == -1
    # Over a weekend no working day has elapsed, but the deadline is still gone.
    assert cal.working_days_between(D(2026, 11, 21), D(2026, 11, 20)) == 0
    assert cal.days_left(D(2026, 11, 21), D(2026, 11, 20)) == -1
    assert cal.days_left(D(2026, 11, 20), D(2026, 11, 20)) == 0
    assert cal.days_left(D(2026, 11, 19), D(2026, 11, 20)) == 1


@settings(max_examples=300, deadline=None)
@given(
    regime=st.sampled_from(["foia", "foisa"]),
    a=st.dates(min_value=D(2005, 1, 1), max_value=D(2060, 12, 31)),
    b=st.dates(min_value=D(2005, 1, 1), max_value=D(2060, 12, 31)),
)
def test_working_days_between_is_antisymmetric(regime, a, b):
    cal = calendar_for(regime)
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)


def test_working_days_between_inverts_add_working_days():
    cal = calendar_for("foisa")
    start = D(2022, 12, 16)
    for n in range(0, 60):
        assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


def test_holidays_between_names_weekday_holidays_and_where_they_are_kept():
    days = dict(calendar_for("foia").holidays_between(D(2022, 12, 24), D(2023, 1, 3)))
    # Christmas Day 2022 was a Sunday: not a skipped working day.
    assert D(2022, 12, 25) not in days
    assert days[D(2022, 12, 26)] == "Boxing Day"
    assert days[D(2023, 1, 3)].endswith("(Scotland)")
    scottish = dict(calendar_for("foisa").holidays_between(D(2023, 1, 1), D(2023, 1, 3)))
    assert "(Scotland)" not in scottish[D(2023, 1, 3)]


@pytest.mark.parametrize(
    ("nation", "foia_moves", "foisa_moves"),
    [
        ("uk_wide", True, True),
        ("scotland", True, True),
        ("northern_ireland", True, False),
        ("england", True, False),
        ("wales", True, False),
    ],
)
def test_proclaimed_day_applies_to_the_regimes_that_count_its_nation(
    nation, foia_moves, foisa_moves
):
    # "The four regimes": FOIA counts a day proclaimed anywhere; FOISA only Scotland's.
    day = D(2031, 3, 5)
    extra = [(day, "Proclaimed", nation)]
    assert calendar_for("foia", extra).is_working_day(day) is not foia_moves
    assert calendar_for("foisa", extra).is_working_day(day) is not foisa_moves
    assert calendar_for("foia").is_working_day(day)


def test_proclaimed_day_on_an_existing_holiday_keeps_both_names():
    extra = [(D(2023, 5, 8), "Coronation (proclaimed)", "uk_wide")]
    name = calendar_for("foia", extra).holidays[D(2023, 5, 8)]
    assert "Coronation of Charles III" in name
    assert "Coronation (proclaimed)" in name


def test_package_one_off_days_are_present():
    # foi-law.md: 3 June 2022, 19 September 2022 and 8 May 2023 were proclaimed at short notice.
    for regime in ("foia", "foisa"):
        cal = calendar_for(regime)
        for day in (D(2022, 6, 3), D(2022, 9, 19), D(2023, 5, 8)):
            assert not cal.is_working_day(day), (regime, day)


def test_regional_lists_are_consistent_with_the_oracle():
    # Guard the oracle itself: Scotland has no Easter Monday, Northern Ireland has 12 July.
    assert D(2023, 4, 10) not in SCOTLAND
    assert D(2023, 7, 12) in NORTHERN_IRELAND


@pytest.mark.django_db
def test_calendar_for_regime_reads_proclaimed_rows_without_restart():
    day = D(2032, 2, 4)
    assert calendar_for_regime("foia").is_working_day(day)
    ProclaimedHoliday.objects.create(date=day, name="Proclaimed", nation="northern_ireland")
    assert not calendar_for_regime("foia").is_working_day(day)
    assert calendar_for_regime("foisa").is_working_day(day)
    ProclaimedHoliday.objects.filter(date=day).delete()
    assert calendar_for_regime("foia").is_working_day(day)
