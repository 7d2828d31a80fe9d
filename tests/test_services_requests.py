"""The write services end to end through the models: every clock event of shared/foi-law.md
("Time limits", "Clock rules") moves the stored stage and deadline columns in the same
transaction, bad input raises ValidationError({field: reason}), history rows are kept."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from requests_app.law.calendars import calendar_for
from requests_app.models import Exemption, ExemptionCitation, FOIRequest, Response
from requests_app.services.deadlines import deadlines_recompute
from requests_app.services.requests import (
    foi_request_create,
    foi_request_update,
    foi_request_withdraw,
)
from requests_app.services.responses import (
    CitationInput,
    clarification_received_record,
    fee_paid_record,
    response_record,
)
from requests_app.services.reviews import (
    complaint_decide,
    complaint_record,
    review_decide,
    review_record,
)
from tests import factories

D = datetime.date
FOIA = calendar_for("foia")
FOISA = calendar_for("foisa")


@pytest.fixture(autouse=True)
def _today():
    # Dates after "today" are refused; the examples live in 2022-2023.
    with time_machine.travel(datetime.datetime(2023, 1, 12, 9, 0), tick=False):
        yield


@pytest.fixture
def foi(user, authority):
    # foi-law.md "Counting": received 2022-12-16 -> due 2023-01-19, latest 2023-02-16.
    return foi_request_create(
        owner=user, authority=authority, title="Prevent referrals", sent_on=D(2022, 12, 16)
    )


@pytest.fixture
def scottish(user):
    council = factories.AuthorityFactory(name="Glasgow City Council", nation="scotland")
    return foi_request_create(
        owner=user, authority=council, title="Prevent referrals", sent_on=D(2022, 10, 3)
    )


def exemption(code):
    return Exemption.objects.get(code=code)


def assert_invalid(field, call, *args, **kwargs):
    with pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    assert field in info.value.message_dict, info.value.message_dict
    return info.value.message_dict[field][0]


# --- Creating, editing, withdrawing -----------------------------------------------------------


@pytest.mark.django_db
def test_create_computes_the_chain_and_defaults(foi):
    foi.refresh_from_db()
    assert foi.received_on == D(2022, 12, 16)
    assert foi.regime == "foia"
    assert foi.stage == "awaiting_response"
    assert (foi.response_due, foi.response_due_latest) == (D(2023, 1, 19), D(2023, 2, 16))
    assert foi.next_deadline == D(2023, 1, 19)
    assert foi.history.count() == 1


@pytest.mark.django_db
def test_scottish_authority_defaults_to_foisa(scottish):
    assert scottish.regime == "foisa"
    assert scottish.response_due == scottish.response_due_latest  # no extension in FOISA


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"sent_on": D(2023, 1, 13)}, "sent_on", "future"),
        # No right of access before FOIA s87(3) / FOISA commencement, 1 January 2005.
        ({"sent_on": D(2004, 12, 31)}, "sent_on", "before 1 January 2005, when the right"),
        ({"sent_on": D(1922, 12, 16)}, "sent_on", "before 1 January 2005"),
        ({"received_on": D(2022, 12, 1)}, "received_on", "before"),
        ({"regime": "gdpr"}, "regime", "one of"),
        ({"title": "  "}, "title", "required"),
        ({"visibility": "secret"}, "visibility", "one of"),
        ({"authority": None}, "authority", "required"),
    ],
)
def test_create_rejects_bad_input(user, authority, kwargs, field, reason):
    base = {"owner": user, "authority": authority, "title": "t", "sent_on": D(2022, 12, 16)}
    assert reason in assert_invalid(field, foi_request_create, **{**base, **kwargs})
    assert not FOIRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("regime", ["foia", "eir"])
def test_a_scottish_authority_cannot_be_asked_under_foia_or_the_eir(user, regime):
    # foi-law.md "The four regimes": FOIA and the EIR cover authorities in England, Wales,
    # Northern Ireland and UK-wide bodies; Scottish authorities answer under FOISA/EISR.
    council = factories.AuthorityFactory(name="Glasgow City Council", nation="scotland")
    base = {"owner": user, "authority": council, "title": "t", "sent_on": D(2022, 12, 16)}
    reason = assert_invalid("regime", foi_request_create, **base, regime=regime)
    assert "Glasgow City Council is a Scottish public authority" in reason
    assert not FOIRequest.objects.exists()
    assert foi_request_create(**base, regime="eisr").regime == "eisr"


@pytest.mark.django_db
@pytest.mark.parametrize("nation", ["england", "wales", "northern_ireland"])
@pytest.mark.parametrize("regime", ["foisa", "eisr"])
def test_an_authority_outside_scotland_cannot_be_asked_under_scottish_law(user, nation, regime):
    # foi-law.md "The four regimes": FOISA and the EISR cover Scottish public authorities only.
    council = factories.AuthorityFactory(name="Cardiff Council", nation=nation)
    base = {"owner": user, "authority": council, "title": "t", "sent_on": D(2022, 12, 16)}
    reason = assert_invalid("regime", foi_request_create, **base, regime=regime)
    assert "Cardiff Council is not a Scottish public authority" in reason
    assert not FOIRequest.objects.exists()
    assert foi_request_create(**base, regime="eir").regime == "eir"


@pytest.mark.django_db
@pytest.mark.parametrize("regime", ["foia", "eir", "foisa", "eisr"])
def test_a_uk_wide_body_may_be_asked_under_any_regime(user, regime):
    body = factories.AuthorityFactory(name="Ministry of Defence", nation="uk_wide")
    made = foi_request_create(
        owner=user, authority=body, title="t", sent_on=D(2022, 12, 16), regime=regime
    )
    assert made.regime == regime


@pytest.mark.django_db
def test_moving_a_request_to_a_scottish_authority_keeps_the_regime_right(foi):
    council = factories.AuthorityFactory(name="Fife Council", nation="scotland")
    reason = assert_invalid("regime", foi_request_update, foi_request=foi, authority=council)
    assert "FOISA" in reason
    foi.refresh_from_db()
    assert foi.authority.nation == "england"
    foi_request_update(foi_request=foi, authority=council, regime="foisa")


@pytest.mark.django_db
def test_a_request_sent_the_day_the_right_of_access_began_is_accepted(user, authority):
    # 1 January 2005 itself (a Saturday, a bank holiday) is the first day a request could run.
    foi_request = foi_request_create(
        owner=user, authority=authority, title="t", sent_on=D(2005, 1, 1)
    )
    assert foi_request.received_on == D(2005, 1, 1)
    assert foi_request.response_due is not None


@pytest.mark.django_db
def test_update_moves_the_deadlines(foi):
    foi_request_update(foi_request=foi, received_on=D(2023, 1, 3))
    foi.refresh_from_db()
    assert foi.response_due == FOIA.add_working_days(D(2023, 1, 3), 20)
    assert foi.history.count() == 2


@pytest.mark.django_db
def test_update_rejects_unknown_fields_and_reloads_on_error(foi):
    assert assert_invalid("stage", foi_request_update, foi_request=foi, stage="closed")
    response_record(foi_request=foi, received_on=D(2023, 1, 5), kind="acknowledgement")
    message = assert_invalid(
        "received_on", foi_request_update, foi_request=foi, received_on=D(2023, 1, 6)
    )
    assert "first response" in message
    assert foi.received_on == D(2022, 12, 16)  # the instance was reloaded


@pytest.mark.django_db
def test_update_refuses_a_regime_the_citations_do_not_belong_to(foi):
    response_record(
        foi_request=foi,
        received_on=D(2023, 1, 10),
        kind="substantive",
        outcome="refused",
        citations=[CitationInput(exemption("foia-s24"), "s24(1)", "24(1)")],
    )
    assert assert_invalid("regime", foi_request_update, foi_request=foi, regime="eir")


@pytest.mark.django_db
def test_withdraw_closes(foi):
    foi_request_withdraw(foi_request=foi, withdrawn_on=D(2023, 1, 5))
    foi.refresh_from_db()
    assert foi.stage == "closed"
    assert foi.next_deadline is None
    assert foi.response_due == D(2023, 1, 19)  # kept for "answered in time" figures
    assert assert_invalid(
        "withdrawn_on", foi_request_withdraw, foi_request=foi, withdrawn_on=D(2023, 1, 6)
    )


@pytest.mark.django_db
def test_withdraw_cannot_predate_receipt(foi):
    assert "before" in assert_invalid(
        "withdrawn_on", foi_request_withdraw, foi_request=foi, withdrawn_on=D(2022, 12, 1)
    )


# --- Responses --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_substantive_response_answers_and_opens_the_review_window(foi):
    response = response_record(
        foi_request=foi,
        received_on=D(2023, 1, 10),
        kind="substantive",
        outcome="refused",
        letter_text="We rely on section 24(1).",
        citations=[
            CitationInput(
                exemption("foia-s24"), "Section 24(1)", "24(1)", public_interest_test=True
            ),
            CitationInput(exemption("foia-s23"), "s23(5)", "23(5)", ncnd=True),
        ],
    )
    foi.refresh_from_db()
    assert foi.stage == "answered"
    assert (foi.answered_on, foi.initial_outcome) == (D(2023, 1, 10), "refused")
    # s45 Code of Practice Part 5: 40 WD after the response.
    assert foi.review_request_deadline == FOIA.add_working_days(D(2023, 1, 10), 40)
    assert foi.next_deadline == foi.review_request_deadline
    assert ExemptionCitation.objects.filter(response=response).count() == 2
    assert response.history.count() == 1
    assert foi.history.count() == 2


@pytest.mark.django_db
def test_the_first_substantive_response_sets_the_initial_outcome(foi):
    response_record(
        foi_request=foi, received_on=D(2023, 1, 9), kind="substantive", outcome="partial"
    )
    response_record(
        foi_request=foi, received_on=D(2023, 1, 11), kind="substantive", outcome="granted"
    )
    foi.refresh_from_db()
    assert (foi.answered_on, foi.initial_outcome) == (D(2023, 1, 9), "partial")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"received_on": D(2022, 12, 15)}, "received_on", "before the request's receipt"),
        ({"received_on": D(2023, 1, 13)}, "received_on", "future"),
        ({"kind": "letter"}, "kind", "one of"),
        ({"outcome": ""}, "outcome", "required"),
        ({"outcome": "maybe"}, "outcome", "one of"),
        ({"kind": "acknowledgement", "outcome": "granted"}, "outcome", "only a substantive"),
        (
            {"kind": "acknowledgement", "outcome": "", "fee_amount": Decimal(5)},
            "fee_amount",
            "fees notice",
        ),
        (
            {"clarification_received_on": D(2023, 1, 11)},
            "clarification_received_on",
            "clarification",
        ),
        (
            {"kind": "fees_notice", "outcome": "", "fee_amount": Decimal(-1)},
            "fee_amount",
            "negative",
        ),
        (
            {"kind": "fees_notice", "outcome": "", "fee_paid_on": D(2023, 1, 2)},
            "fee_paid_on",
            "before",
        ),
    ],
)
def test_response_record_rejects_bad_input(foi, kwargs, field, reason):
    base = {
        "foi_request": foi,
        "received_on": D(2023, 1, 10),
        "kind": "substantive",
        "outcome": "granted",
    }
    assert reason in assert_invalid(field, response_record, **{**base, **kwargs})
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_citations_must_belong_to_the_request_regime_and_be_distinct(foi):
    kwargs = {
        "foi_request": foi,
        "received_on": D(2023, 1, 10),
        "kind": "substantive",
        "outcome": "refused",
    }
    foisa_citation = CitationInput(exemption("foisa-s31"), "s31")
    assert "foisa" in assert_invalid(
        "citations", response_record, citations=[foisa_citation], **kwargs
    )
    twice = [CitationInput(exemption("foia-s24"), "s24")] * 2
    assert "twice" in assert_invalid("citations", response_record, citations=twice, **kwargs)
    ack = {**kwargs, "kind": "acknowledgement", "outcome": ""}
    assert assert_invalid("citations", response_record, citations=twice[:1], **ack)


@pytest.mark.django_db
def test_response_is_atomic_with_the_recompute(foi, monkeypatch):
    def broken(foi_request):
        raise RuntimeError("recompute failed")

    monkeypatch.setattr("requests_app.services.events.deadlines_recompute", broken)
    with pytest.raises(RuntimeError):
        response_record(
            foi_request=foi,
            received_on=D(2023, 1, 10),
            kind="substantive",
            outcome="refused",
            citations=[CitationInput(exemption("foia-s24"), "s24")],
        )
    assert not Response.objects.exists()
    assert not ExemptionCitation.objects.exists()
    foi.refresh_from_db()
    assert foi.stage == "awaiting_response"


# --- Clock events -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_clarification_stops_then_restarts_the_clock(foi):
    # FOIA s1(3): the clock restarts from the day the clarification is received.
    ask = response_record(
        foi_request=foi, received_on=D(2022, 12, 20), kind="clarification_request"
    )
    foi.refresh_from_db()
    assert foi.stage == "awaiting_clarification"
    assert (foi.response_due, foi.next_deadline) == (None, None)
    assert "before" in assert_invalid(
        "received_on", clarification_received_record, response=ask, received_on=D(2022, 12, 19)
    )
    clarification_received_record(response=ask, received_on=D(2023, 1, 4))
    foi.refresh_from_db()
    assert foi.stage == "awaiting_response"
    assert foi.response_due == FOIA.add_working_days(D(2023, 1, 4), 20)
    assert foi.response_due_latest == FOIA.add_working_days(D(2023, 1, 4), 40)


@pytest.mark.django_db
def test_clarification_recorded_with_its_reply_at_once(foi):
    response_record(
        foi_request=foi,
        received_on=D(2022, 12, 20),
        kind="clarification_request",
        clarification_received_on=D(2022, 12, 22),
    )
    foi.refresh_from_db()
    assert foi.response_due == FOIA.add_working_days(D(2022, 12, 22), 20)


@pytest.mark.django_db
def test_fees_notice_pauses_until_paid_and_lapses_after_three_months(foi):
    # FOIA s9, s10(2): working days from the notice to the payment are disregarded.
    notice = response_record(
        foi_request=foi,
        received_on=D(2022, 12, 20),
        kind="fees_notice",
        fee_amount=Decimal("25.00"),
    )
    foi.refresh_from_db()
    assert foi.stage == "fees_pending"
    assert foi.response_due is None
    assert foi.fee_lapses_on == D(2023, 3, 20)
    assert foi.next_deadline == D(2023, 3, 19)  # the last day to pay
    assert assert_invalid("paid_on", fee_paid_record, response=notice, paid_on=D(2023, 1, 13))
    fee_paid_record(response=notice, paid_on=D(2023, 1, 5))
    foi.refresh_from_db()
    # 20, 21, 22, 23 Dec, 28, 29, 30 Dec, 4, 5 Jan (26, 27 Dec, 2, 3 Jan are holidays): 9 WD.
    assert FOIA.working_days_between(D(2022, 12, 19), D(2023, 1, 5)) == 9
    assert foi.response_due == FOIA.add_working_days(D(2022, 12, 16), 29)
    assert (foi.stage, foi.fee_lapses_on) == ("awaiting_response", None)


@pytest.mark.django_db
def test_an_unpaid_fee_lapses_on_fee_lapses_on(user, authority):
    # "Clock rules" (FOIA s9(2)): 3 months beginning with the notice day (5 June 2023), so the
    # fee can be paid until 4 September and the request lapses on 5 September.
    with time_machine.travel(datetime.datetime(2023, 6, 6, 9, 0), tick=False):
        foi = foi_request_create(owner=user, authority=authority, title="x", sent_on=D(2023, 6, 1))
        response_record(foi_request=foi, received_on=D(2023, 6, 5), kind="fees_notice")
    foi.refresh_from_db()
    assert foi.fee_lapses_on == D(2023, 9, 5)
    assert foi.next_deadline == D(2023, 9, 4)

    def status(today):
        return FOIRequest.objects.with_status(today).get(pk=foi.pk).status

    assert status(D(2023, 9, 4)) == "fees_pending"
    assert status(D(2023, 9, 5)) == "closed"
    deadlines_recompute(foi, today=D(2023, 9, 5))
    assert foi.next_deadline is None  # nothing is left to do once it lapsed


@pytest.mark.django_db
def test_fee_paid_only_on_a_fees_notice(foi):
    ack = response_record(foi_request=foi, received_on=D(2022, 12, 20), kind="acknowledgement")
    assert assert_invalid("paid_on", fee_paid_record, response=ack, paid_on=D(2023, 1, 5))
    assert assert_invalid(
        "received_on", clarification_received_record, response=ack, received_on=D(2023, 1, 5)
    )


@pytest.mark.django_db
def test_extension_notice_moves_the_due_date_to_the_latest(foi):
    # FOIA s10(3): public interest extension, to 40 WD.
    response_record(foi_request=foi, received_on=D(2023, 1, 10), kind="extension_notice")
    foi.refresh_from_db()
    assert foi.response_due == foi.response_due_latest == D(2023, 2, 16)
    assert foi.response_due_latest is not None


@pytest.mark.django_db
def test_an_extension_notice_after_the_original_due_date_is_refused(user, authority):
    # "Time limits" (FOIA s17(2) with s10(3)): the extension must be claimed within 20 WD.
    late = foi_request_create(owner=user, authority=authority, title="x", sent_on=D(2022, 11, 1))
    assert late.response_due == FOIA.add_working_days(D(2022, 11, 1), 20) == D(2022, 11, 29)
    reason = assert_invalid(
        "received_on",
        response_record,
        foi_request=late,
        received_on=D(2022, 11, 30),
        kind="extension_notice",
    )
    assert reason == "an extension notice must arrive by the original due date, 29 Nov 2022"
    assert not late.responses.exists()
    assert FOIRequest.objects.with_status().get(pk=late.pk).status == "very_overdue"
    # On the due date itself it is in time.
    response_record(foi_request=late, received_on=D(2022, 11, 29), kind="extension_notice")
    late.refresh_from_db()
    assert late.response_due == late.response_due_latest


@pytest.mark.django_db
def test_foisa_has_no_extension(scottish):
    assert "FOISA" in assert_invalid(
        "kind",
        response_record,
        foi_request=scottish,
        received_on=D(2022, 10, 10),
        kind="extension_notice",
    )


@pytest.mark.django_db
def test_foisa_non_response_past_its_deadline_shows_the_review_window_next(user):
    # FOISA s20(5) ("Time limits"): no response by the deadline, so the requester may ask for
    # a review until 40 WD after the response deadline; that window is the next deadline.
    council = factories.AuthorityFactory(name="Fife Council", nation="scotland")
    late = foi_request_create(owner=user, authority=council, title="x", sent_on=D(2022, 11, 21))
    assert late.response_due < D(2023, 1, 12) <= late.review_request_deadline
    assert late.stage == "awaiting_response"
    assert late.next_deadline == late.review_request_deadline
    assert late.next_deadline == FOISA.add_working_days(late.response_due, 40)


# --- Reviews and complaints -------------------------------------------------------------------


@pytest.fixture
def answered(foi):
    response_record(
        foi_request=foi, received_on=D(2022, 12, 21), kind="substantive", outcome="refused"
    )
    foi.refresh_from_db()
    return foi


@pytest.mark.django_db
def test_review_then_decision_then_complaint_then_closed(answered):
    foi = answered
    review = review_record(foi_request=foi, requested_on=D(2022, 12, 22))
    foi.refresh_from_db()
    assert foi.stage == "review_requested"
    assert foi.review_response_due == FOIA.add_working_days(D(2022, 12, 22), 20)
    assert foi.next_deadline == foi.review_response_due
    review_decide(review=review, decided_on=D(2023, 1, 6), outcome="upheld")
    foi.refresh_from_db()
    # After the decision the request stays answered: the ICO window (6 weeks) is open.
    assert foi.stage == "answered"
    assert foi.regulator_complaint_deadline == D(2023, 2, 17)
    assert foi.next_deadline == D(2023, 2, 17)
    complaint = complaint_record(foi_request=foi, submitted_on=D(2023, 1, 9), reference="IC-1")
    foi.refresh_from_db()
    assert (foi.stage, complaint.regulator) == ("with_regulator", "ico")
    complaint_decide(complaint=complaint, decided_on=D(2023, 1, 11), outcome="upheld")
    foi.refresh_from_db()
    assert foi.stage == "closed"
    assert foi.next_deadline is None


@pytest.mark.django_db
def test_review_cannot_predate_the_first_substantive_response(answered):
    assert "first substantive response" in assert_invalid(
        "requested_on", review_record, foi_request=answered, requested_on=D(2022, 12, 20)
    )


@pytest.mark.django_db
def test_review_of_a_non_response_needs_the_deadline_to_have_passed(foi):
    assert assert_invalid(
        "requested_on", review_record, foi_request=foi, requested_on=D(2023, 1, 5)
    )


@pytest.mark.django_db
def test_foisa_review_of_a_non_response(scottish):
    # FOISA s20(5): review window from the response deadline if no response came.
    assert scottish.review_request_deadline == FOISA.add_working_days(scottish.response_due, 40)
    review_record(foi_request=scottish, requested_on=D(2022, 11, 7))
    scottish.refresh_from_db()
    assert scottish.stage == "review_requested"
    assert scottish.review_response_due == FOISA.add_working_days(D(2022, 11, 7), 20)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"requested_on": D(2023, 1, 13)}, "requested_on", "future"),
        ({"decided_on": D(2022, 12, 21), "outcome": "upheld"}, "decided_on", "before"),
        ({"outcome": "upheld"}, "decided_on", "required"),
        ({"decided_on": D(2023, 1, 5)}, "outcome", "required"),
        ({"decided_on": D(2023, 1, 5), "outcome": "won"}, "outcome", "one of"),
    ],
)
def test_review_record_rejects_bad_input(answered, kwargs, field, reason):
    base = {"foi_request": answered, "requested_on": D(2022, 12, 22)}
    assert reason in assert_invalid(field, review_record, **{**base, **kwargs})


@pytest.mark.django_db
def test_one_open_review_at_a_time_and_one_decision(answered):
    review = review_record(foi_request=answered, requested_on=D(2022, 12, 22))
    assert "already open" in assert_invalid(
        "requested_on", review_record, foi_request=answered, requested_on=D(2022, 12, 23)
    )
    review_decide(review=review, decided_on=D(2023, 1, 5), outcome="overturned")
    assert "already decided" in assert_invalid(
        "decided_on", review_decide, review=review, decided_on=D(2023, 1, 6), outcome="upheld"
    )


@pytest.mark.django_db
def test_complaint_goes_to_the_regime_regulator(answered, scottish):
    assert "ICO" in assert_invalid(
        "regulator",
        complaint_record,
        foi_request=answered,
        submitted_on=D(2023, 1, 5),
        regulator="sic",
    )
    complaint = complaint_record(foi_request=scottish, submitted_on=D(2023, 1, 5))
    assert complaint.regulator == "sic"
    assert "already open" in assert_invalid(
        "submitted_on", complaint_record, foi_request=scottish, submitted_on=D(2023, 1, 6)
    )
    assert "before" in assert_invalid(
        "decided_on",
        complaint_decide,
        complaint=complaint,
        decided_on=D(2023, 1, 4),
        outcome="upheld",
    )
