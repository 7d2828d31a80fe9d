"""The sample requests placed around today, so ``make run`` shows a live demo (issue 13 item 7).

The dataset's dates are fixed (2022-23), which keeps tests stable but made every open request
"very overdue" and the review-windows board empty. A request spec with ``live_age_wd`` is moved
so that its latest event happened that many working days before today; every other date of the
request keeps its distance in working days from that event, on the request's own calendar, so
a 20-working-day deadline stays 20 working days after its receipt and (for instance) a request
sent 19 working days ago is due tomorrow. Coventry's real letter keeps its real dates.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.sample_data.dataset import RequestSpec

DateMap = Callable[[datetime.date], datetime.date]


def _dates(spec: RequestSpec) -> list[datetime.date]:
    found = [spec.sent_on]
    events: list[Any] = [*spec.responses, *spec.reviews, *spec.complaints]
    for event in events:
        for f in dataclasses.fields(event):
            value = getattr(event, f.name)
            if isinstance(value, datetime.date):
                found.append(value)
    return found


def _moved(obj: Any, move: DateMap) -> Any:
    changes = {
        f.name: move(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if isinstance(getattr(obj, f.name), datetime.date)
    }
    return dataclasses.replace(obj, **changes)


def place(spec: RequestSpec, today: datetime.date, calendar: WorkingDayCalendar) -> RequestSpec:
    """``spec`` with its dates moved so its latest event was ``live_age_wd`` working days ago;
    unchanged if it has no ``live_age_wd``."""
    if spec.live_age_wd is None:
        return spec
    latest = max(_dates(spec))
    anchor = calendar.add_working_days(today, -spec.live_age_wd)

    def move(day: datetime.date) -> datetime.date:
        return calendar.add_working_days(anchor, calendar.working_days_between(latest, day))

    return dataclasses.replace(
        _moved(spec, move),
        responses=tuple(_moved(r, move) for r in spec.responses),
        reviews=tuple(_moved(r, move) for r in spec.reviews),
        complaints=tuple(_moved(c, move) for c in spec.complaints),
    )
