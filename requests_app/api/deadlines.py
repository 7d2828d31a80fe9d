"""``deadlines/``: the public deadline calculator, anonymous, from ``law.deadlines``.

Answers "when is my FOI request due?" for any regime and dates, showing each date's legal
basis and the bank holidays it skipped. Every date the chain has is returned, as the stored
columns hold it: later steps appear once the date they run from is known (``responded`` →
the review window, ``review_requested`` → the review decision and, under FOISA and EISR,
the SIC window of an undecided review (s47(4)(b)); ``review_decided`` → the regulator).
Under FOISA, EIR and EISR the review window of a non-response (FOISA s20(5), EIR reg 11(2),
EISR reg 16(2): from the response deadline) is shown without ``responded``, and a review of
a non-response may be given without it. Dates may lie in the future: people plan.
"""

from __future__ import annotations

import datetime
import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.law.calendars import FIRST_YEAR, LAST_YEAR
from requests_app.law.deadlines import (
    SCHOOL,
    FeePause,
    compute_chain,
    counted_fees,
    review_window,
)
from requests_app.law.regimes import Regime
from requests_app.models.choices import AuthorityTypeChoices, RegimeChoices
from requests_app.services.calendars import calendar_for_regime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@extend_schema_field(OpenApiTypes.DATE)
class CalendarDateField(serializers.Field):
    """An ISO date that exists (no 30 February) inside the years the calendars cover."""

    default_error_messages = {
        "format": "must be a date written YYYY-MM-DD",
        "impossible": "{value} is not a real date",
        "range": f"must be between {FIRST_YEAR} and {LAST_YEAR}",
    }

    def to_internal_value(self, data) -> datetime.date:
        text = str(data).strip()
        if not _ISO_DATE.match(text):
            self.fail("format")
        try:
            value = datetime.date.fromisoformat(text)
        except ValueError:
            self.fail("impossible", value=text)
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            self.fail("range")
        return value

    def to_representation(self, value: datetime.date) -> str:
        return value.isoformat()


class DeadlineQuerySerializer(serializers.Serializer):
    regime = serializers.ChoiceField(
        choices=RegimeChoices.choices,
        help_text="foia, eir (UK-wide bank holidays) or foisa, eisr (Scotland's only).",
    )
    received = CalendarDateField(help_text="The day the authority received the request (day 0).")
    responded = CalendarDateField(
        required=False, help_text="The day the response arrived: adds the review window."
    )
    review_requested = CalendarDateField(
        required=False,
        help_text=(
            "The day you asked for an internal review. Under FOISA, EIR and EISR it may be "
            "given without responded: a review of a non-response, after the response deadline "
            "(FOISA s20(5), EIR reg 11(2), EISR reg 16(2))."
        ),
    )
    review_decided = CalendarDateField(
        required=False, help_text="The day of the review decision: adds the regulator's window."
    )
    fees_notice = CalendarDateField(
        required=False,
        help_text=(
            "The day of a fees notice (FOIA/FOISA s9) or advance payment notification (EIR/EISR "
            "reg 8). Unpaid, it stops the clock and fee_lapses_on appears; one given after the "
            "response deadline moves nothing."
        ),
    )
    fee_paid = CalendarDateField(
        required=False,
        help_text="The day the fee was paid: the working days from the notice are disregarded.",
    )
    authority_type = serializers.ChoiceField(
        choices=AuthorityTypeChoices.choices,
        required=False,
        help_text="school: schools and academies may take up to 60 working days (FOIA).",
    )

    def validate(self, attrs):
        order = [
            ("responded", "received", "the request was received"),
            ("review_requested", "responded", "the response"),
            ("review_decided", "review_requested", "the review was requested"),
        ]
        for field, earlier, what in order:
            if field == "review_requested" and _review_of_a_non_response(attrs):
                _check_review_of_a_non_response(attrs)
                continue
            if field in attrs and earlier not in attrs:
                raise serializers.ValidationError({field: f"needs {earlier} as well"})
            if field in attrs and attrs[field] < attrs[earlier]:
                raise serializers.ValidationError({field: f"cannot be before {what}"})
        if "fees_notice" in attrs and attrs["fees_notice"] < attrs["received"]:
            raise serializers.ValidationError(
                {"fees_notice": "cannot be before the request was received"}
            )
        if "fee_paid" in attrs:
            if "fees_notice" not in attrs:
                raise serializers.ValidationError({"fee_paid": "needs fees_notice as well"})
            if attrs["fee_paid"] < attrs["fees_notice"]:
                raise serializers.ValidationError({"fee_paid": "cannot be before the fees notice"})
        return attrs


# A review may be asked of a failure to respond (FOISA s20(5), EIR reg 11(2), EISR reg 16(2));
# under FOIA the s45 Code runs the window from a response only.
_SILENCE_BASIS = {
    RegimeChoices.FOISA: "FOISA s20(5)",
    RegimeChoices.EIR: "EIR reg 11(2)",
    RegimeChoices.EISR: "EISR reg 16(2)",
}
_SILENCE_REVIEWABLE = tuple(_SILENCE_BASIS)
_FEES_SECTION = {
    RegimeChoices.FOIA: "FOIA s9(1), s10(2)",
    RegimeChoices.FOISA: "FOISA s9, s10(2)",
    RegimeChoices.EIR: "EIR reg 8",
    RegimeChoices.EISR: "EISR reg 8",
}


def _review_of_a_non_response(attrs) -> bool:
    return (
        attrs.get("regime") in _SILENCE_REVIEWABLE
        and "review_requested" in attrs
        and "responded" not in attrs
    )


def _check_review_of_a_non_response(attrs) -> None:
    """The window of a non-response opens once the response deadline has passed, as for a
    stored request (``services.reviews``)."""
    due = compute_chain(
        regime=attrs["regime"],
        received_on=attrs["received"],
        calendar=calendar_for_regime(attrs["regime"]),
    ).response_due
    if due is not None and attrs["review_requested"] <= due:
        raise serializers.ValidationError(
            {
                "review_requested": "without responded, must be after the response deadline, "
                f"{due.isoformat()} ({_SILENCE_BASIS[attrs['regime']]})"
            }
        )


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class DeadlineResultSerializer(serializers.Serializer):
    """The documented shape of the answer; the optional keys appear once the chain has them."""

    regime = serializers.CharField()
    received = serializers.DateField()
    response_due = serializers.DateField(
        required=False, help_text="Absent while an unpaid fee stops the clock."
    )
    response_due_latest = serializers.DateField(required=False)
    fee_lapses_on = serializers.DateField(
        required=False, help_text="With an unpaid fees notice: the day the request lapses."
    )
    review_request_deadline = serializers.DateField(required=False)
    review_response_due = serializers.DateField(required=False)
    review_response_due_latest = serializers.DateField(required=False)
    regulator_complaint_deadline = serializers.DateField(required=False)
    basis = serializers.DictField(child=serializers.CharField())
    skipped = SkippedDaySerializer(many=True)


# Working-day periods: (first day counted from, last date); their holidays were skipped.
_PERIODS = (
    ("received", "response_due_latest"),
    ("responded", "review_request_deadline"),
    ("review_requested", "review_response_due_latest"),
)

_EXAMPLE = {
    "regime": "foia",
    "received": "2022-12-16",
    "response_due": "2023-01-19",
    "response_due_latest": "2023-02-16",
    "basis": {
        "response_due": "FOIA s10(1): 20 working days",
        "response_due_latest": 'FOIA s10(3): a "reasonable" extension to consider the public '
        "interest; ICO guidance: normally no more than 20 extra working days, 40 in all",
    },
    "skipped": [
        {"date": "2022-12-26", "name": "Boxing Day"},
        {"date": "2022-12-27", "name": "Christmas Day (observed)"},
    ],
}


class DeadlineCalculatorView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous: no session, so no CSRF either

    @extend_schema(
        summary="Statutory deadlines of a request",
        description=(
            "Computes the deadline chain of a UK information request under FOIA, EIR, FOISA or "
            "EISR: each date with its legal basis and the bank holidays skipped. Working days "
            "follow the regime's calendar (UK-wide for FOIA/EIR, Scotland's for FOISA/EISR), "
            "including bank holidays proclaimed after the software was released."
        ),
        parameters=[DeadlineQuerySerializer],
        responses={200: DeadlineResultSerializer},
        examples=[OpenApiExample("FOIA over Christmas", value=_EXAMPLE, response_only=True)],
        tags=["deadlines"],
    )
    def get(self, request: Request) -> Response:
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        calendar = calendar_for_regime(data["regime"])
        fees = (
            [FeePause(data["fees_notice"], data.get("fee_paid"))] if "fees_notice" in data else []
        )
        chain = compute_chain(
            regime=data["regime"],
            received_on=data["received"],
            calendar=calendar,
            authority_type=SCHOOL if data.get("authority_type") == SCHOOL else "",
            responded_on=data.get("responded"),
            review_requested_on=data.get("review_requested"),
            review_decided_on=data.get("review_decided"),
            fees=fees,
        )
        dates = chain.dates()
        # Every date the chain has, as the stored columns hold it (the SIC date after an
        # undecided review, FOISA s47(4)(b), needs no ``review_decided``).
        shown = {step for step, value in dates.items() if value is not None}
        values = {**dates, **data}
        if "review_request_deadline" in shown:
            # The window runs from the response, or from the response deadline (FOISA s20(5)(a),
            # EIR reg 11(2), EISR reg 16(2)): list the holidays of the period actually counted.
            window = review_window(
                Regime(data["regime"]), data.get("responded"), chain.response_due
            )
            values["responded"] = window[0] if window else None
        skipped: dict[datetime.date, str] = {}
        for start, end in _PERIODS:
            if values.get(start) and values.get(end) and end in shown:
                first = values[start] + datetime.timedelta(days=1)
                skipped.update(calendar.holidays_between(first, values[end]))
        body: dict = {"regime": data["regime"], "received": data["received"].isoformat()}
        if "authority_type" in data:
            body["authority_type"] = data["authority_type"]
        for step, value in dates.items():
            if step in shown and value is not None:
                body[step] = value.isoformat()
        body["basis"] = {step: text for step, text in chain.basis.items() if step in shown}
        if fees and not counted_fees(calendar, data["received"], fees):
            # "Clock rules": a notice after the deadline cannot move a deadline that passed.
            body["basis"]["fees_notice"] = (
                f"Given after the response deadline, {chain.response_due}: it moves nothing "
                f"({_FEES_SECTION[data['regime']]})"
            )
        body["skipped"] = [
            {"date": day.isoformat(), "name": name} for day, name in sorted(skipped.items())
        ]
        return Response(body)
