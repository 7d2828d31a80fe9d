"""``load_sample_data`` places the sample requests around today (issue 13 item 7), so the demo
has open review windows, windows closing this week and a response due tomorrow; the tests'
``sample_data_load()`` keeps the fixed 2022-23 dates (tests/test_sample_data.py)."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from requests_app.law.calendars import calendar_for
from requests_app.models import (
    EmailMessage,
    FOIRequest,
    InternalReview,
    RegulatorComplaint,
    Response,
)
from requests_app.selectors.review_windows import review_windows
from requests_app.services.email_proposals import proposal_for
from requests_app.services.sample_data import sample_data_load

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 9)  # 17 March would be a holiday (St Patrick's Day, NI)


def test_the_live_demo_has_a_response_due_tomorrow_and_windows_open_and_closing():
    sample_data_load(today=MONDAY)
    england = calendar_for("foia")
    south_wales = FOIRequest.objects.get(authority__slug="south-wales-police")
    # Sent 19 working days ago: due on the 20th (FOIA s10(1), shared/foi-law.md "Counting").
    assert south_wales.response_due == MONDAY + datetime.timedelta(days=1)
    assert england.working_days_between(south_wales.received_on, MONDAY) == 19

    staff = get_user_model().objects.get(username="staff")
    open_windows = review_windows(user=staff, state="open", today=MONDAY)
    assert len(open_windows) >= 5
    this_week = [w for w in open_windows if 0 <= w.days_left <= 4]
    assert [w.foi_request.authority.slug for w in this_week] == ["staffordshire-police"]
    closing = review_windows(user=staff, state="closing", within_days=10, today=MONDAY)
    assert {w.foi_request.authority.slug for w in closing} >= {
        "staffordshire-police",
        "glasgow-city-council",
        "stoke-on-trent-city-council",
    }
    statuses = dict(FOIRequest.objects.with_status(MONDAY).values_list("authority__slug", "status"))
    assert statuses["city-of-edinburgh-council"] == "overdue"
    assert statuses["birmingham-city-council"] == "review_overdue"
    assert statuses["coventry-city-council"] == "with_regulator"
    # Nothing happened in the future.
    assert not Response.objects.filter(received_on__gt=MONDAY).exists()
    assert not InternalReview.objects.filter(requested_on__gt=MONDAY).exists()
    assert not FOIRequest.objects.filter(sent_on__gt=MONDAY).exists()
    # The real letter keeps its real date.
    coventry = Response.objects.get(request__authority_reference="FOI429836404")
    assert coventry.received_on == datetime.date(2022, 7, 13)


def test_loading_again_the_same_day_changes_nothing_and_a_week_later_moves_without_duplicates():
    sample_data_load(today=MONDAY)
    counts = (
        FOIRequest.objects.count(),
        Response.objects.count(),
        InternalReview.objects.count(),
        RegulatorComplaint.objects.count(),
    )
    again = sample_data_load(today=MONDAY)
    assert (again.created, again.updated) == (0, 0)

    later = MONDAY + datetime.timedelta(days=7)
    sample_data_load(today=later)
    assert (
        FOIRequest.objects.count(),
        Response.objects.count(),
        InternalReview.objects.count(),
        RegulatorComplaint.objects.count(),
    ) == counts
    south_wales = FOIRequest.objects.get(authority__slug="south-wales-police")
    # 17 March (St Patrick's Day) is a Northern Ireland bank holiday, skipped under FOIA.
    assert south_wales.response_due == calendar_for("foia").add_working_days(later, 1)
    assert south_wales.response_due == datetime.date(2026, 3, 18)


def test_the_command_places_around_today_unless_asked_for_the_fixed_dates():
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, tzinfo=datetime.UTC)):
        call_command("load_sample_data", stdout=StringIO())
    south_wales = FOIRequest.objects.get(authority__slug="south-wales-police")
    assert south_wales.response_due == datetime.date(2026, 3, 10)
    call_command("load_sample_data", "--fixed-dates", stdout=StringIO())
    south_wales.refresh_from_db()
    assert south_wales.sent_on == datetime.date(2023, 3, 6)


def test_south_wales_polices_emailed_reply_waits_for_the_campaigner_to_confirm_it():
    sample_data_load(today=MONDAY)
    south_wales = FOIRequest.objects.get(authority__slug="south-wales-police")
    reply = EmailMessage.objects.get(foi_request=south_wales, direction="in")
    assert reply.match_method == "token"  # sent to the request's own reply address
    assert reply.proposal_state == "pending"
    proposal = proposal_for(reply)
    # It arrived today, the day before the response was due; nothing recorded until confirmed.
    assert (proposal.received_on, proposal.outcome) == (MONDAY, "partial")
    assert proposal.exemption_codes == ["foia-s40"]
    assert proposal.reference == "FOI 0412/23"
    assert not Response.objects.filter(request=south_wales).exists()
    assert sample_data_load(today=MONDAY).created == 0
    assert EmailMessage.objects.filter(foi_request=south_wales).count() == 1
