from __future__ import annotations

import calendar
import datetime
import re

from django import forms

# Day/month/year as people in the UK write it, or ISO (what a bookmarked calculator URL or
# an older browser's date picker sends).
_UK = re.compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
EXAMPLE = "13/07/2022"


class DateInput(forms.TextInput):
    """A plain text box for dd/mm/yyyy.

    Not the native ``type="date"`` picker: when someone types a date that does not exist
    (31/02/2026) the browser submits an empty value, and the page could only say "enter the
    date" to a person who just did. Typed text reaches the server, which says what is wrong.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "size": 12, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%d/%m/%Y}"
        return super().format_value(value)


class DateField(forms.DateField):
    default_error_messages = {
        "invalid": f"Enter a date as day/month/year, for example {EXAMPLE}",
        "no_month": "%(value)s is not a real date: there is no month %(month)s",
        "no_day": "%(value)s is not a real date: %(month)s %(year)s has %(days)s days",
        "year": "Enter a year from %(first)s to %(last)s",
    }

    def __init__(self, *, years: tuple[int, int] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.years = years

    def validate(self, value):
        super().validate(value)
        if value and self.years and not self.years[0] <= value.year <= self.years[1]:
            raise forms.ValidationError(
                self.error_messages["year"],
                code="year",
                params={"first": self.years[0], "last": self.years[1]},
            )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            match = _UK.match(value) or _ISO.match(value)
            if match:
                return self._real_date(value, *(int(match[k]) for k in ("year", "month", "day")))
        return super().to_python(value)

    def _real_date(self, text: str, year: int, month: int, day: int) -> datetime.date:
        if not 1 <= month <= 12:
            raise forms.ValidationError(
                self.error_messages["no_month"],
                code="invalid",
                params={"value": text, "month": month},
            )
        days = calendar.monthrange(year, month)[1] if year >= 1 else 31
        if not 1 <= day <= days or year < 1:
            raise forms.ValidationError(
                self.error_messages["no_day"],
                code="invalid",
                params={
                    "value": text,
                    "month": calendar.month_name[month],
                    "year": year,
                    "days": days,
                },
            )
        return datetime.date(year, month, day)


def date_field(
    label: str,
    *,
    required: bool = True,
    help_text: str = "",
    years: tuple[int, int] | None = None,
) -> DateField:
    return DateField(
        years=years,
        label=label,
        required=required,
        help_text=f"For example {EXAMPLE}. {help_text}".strip(),
        widget=DateInput(),
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
    )
