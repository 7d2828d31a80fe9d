"""Bank holidays 2022-2026 as published on gov.uk/bank-holidays, typed in by hand.

An independent oracle for the calendars: the engine builds its calendars from the `holidays`
package, the tests compare them with this list (shared/foi-law.md, "The four regimes").
Only weekdays are listed: a holiday on a weekend is replaced by a substitute day.
"""

import datetime

D = datetime.date

ENGLAND_AND_WALES = [
    # 2022: Platinum Jubilee (3 Jun) and the State Funeral (19 Sep) were one-off days.
    D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2),
    D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27),
    # 2023: the Coronation (8 May) was a one-off day.
    D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 8),
    D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25), D(2023, 12, 26),
    D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27),
    D(2024, 8, 26), D(2024, 12, 25), D(2024, 12, 26),
    D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
    D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
    D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
]  # fmt: skip

SCOTLAND = [
    D(2022, 1, 3), D(2022, 1, 4), D(2022, 4, 15), D(2022, 5, 2), D(2022, 6, 2),
    D(2022, 6, 3), D(2022, 8, 1), D(2022, 9, 19), D(2022, 11, 30), D(2022, 12, 26),
    D(2022, 12, 27),
    D(2023, 1, 2), D(2023, 1, 3), D(2023, 4, 7), D(2023, 5, 1), D(2023, 5, 8),
    D(2023, 5, 29), D(2023, 8, 7), D(2023, 11, 30), D(2023, 12, 25), D(2023, 12, 26),
    # 2024: St Andrew's Day fell on a Saturday, substitute Monday 2 December.
    D(2024, 1, 1), D(2024, 1, 2), D(2024, 3, 29), D(2024, 5, 6), D(2024, 5, 27),
    D(2024, 8, 5), D(2024, 12, 2), D(2024, 12, 25), D(2024, 12, 26),
    # 2025: St Andrew's Day fell on a Sunday, substitute Monday 1 December.
    D(2025, 1, 1), D(2025, 1, 2), D(2025, 4, 18), D(2025, 5, 5), D(2025, 5, 26),
    D(2025, 8, 4), D(2025, 12, 1), D(2025, 12, 25), D(2025, 12, 26),
    # 2026: 15 June, a one-off day for Scotland's first match of the FIFA World Cup.
    D(2026, 1, 1), D(2026, 1, 2), D(2026, 4, 3), D(2026, 5, 4), D(2026, 5, 25),
    D(2026, 6, 15), D(2026, 8, 3), D(2026, 11, 30), D(2026, 12, 25), D(2026, 12, 28),
]  # fmt: skip

NORTHERN_IRELAND = [
    D(2022, 1, 3), D(2022, 3, 17), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2),
    D(2022, 6, 2), D(2022, 6, 3), D(2022, 7, 12), D(2022, 8, 29), D(2022, 9, 19),
    D(2022, 12, 26), D(2022, 12, 27),
    D(2023, 1, 2), D(2023, 3, 17), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1),
    D(2023, 5, 8), D(2023, 5, 29), D(2023, 7, 12), D(2023, 8, 28), D(2023, 12, 25),
    D(2023, 12, 26),
    # 2024: St Patrick's Day fell on a Sunday, substitute Monday 18 March.
    D(2024, 1, 1), D(2024, 3, 18), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6),
    D(2024, 5, 27), D(2024, 7, 12), D(2024, 8, 26), D(2024, 12, 25), D(2024, 12, 26),
    # 2025: the Battle of the Boyne fell on a Saturday, substitute Monday 14 July.
    D(2025, 1, 1), D(2025, 3, 17), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5),
    D(2025, 5, 26), D(2025, 7, 14), D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    D(2026, 1, 1), D(2026, 3, 17), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
    D(2026, 5, 25), D(2026, 7, 13), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
]  # fmt: skip

# FOIA s10(6): a bank holiday anywhere in the UK; FOISA s73: in Scotland.
UK_ANYWHERE = sorted(set(ENGLAND_AND_WALES) | set(SCOTLAND) | set(NORTHERN_IRELAND))
SCOTLAND_ONLY = sorted(SCOTLAND)
BY_REGIME = {"foia": UK_ANYWHERE, "eir": UK_ANYWHERE, "foisa": SCOTLAND_ONLY, "eisr": SCOTLAND_ONLY}


def naive_add_working_days(start: datetime.date, n: int, holidays) -> datetime.date:
    """Day-by-day counting, the way a person does it with a wall calendar: a receipt on a
    non-working day counts as received on the working day before it (day 0)."""
    holidays = set(holidays)

    def working(day):
        return day.weekday() < 5 and day not in holidays

    day = start
    while not working(day):
        day -= datetime.timedelta(days=1)
    counted = 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if working(day):
            counted += 1
    return day


# Windows counted from late 2022 dates run into 2027 (and from early ones back into 2021):
# the neighbouring days, so the oracle can count across the year ends.
_EDGES_ALL = [D(2021, 12, 27), D(2021, 12, 28), D(2027, 1, 1)]
_EDGES_SCOTLAND = [D(2027, 1, 4)]
ORACLE_BY_REGIME = {
    regime: sorted(
        set(days) | set(_EDGES_ALL) | set(_EDGES_SCOTLAND)  # FOIA counts Scotland's too
    )
    for regime, days in BY_REGIME.items()
}
