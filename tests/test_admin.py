"""The admin, on the sample dataset: every page answers, search works, saves go through services."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from simple_history.admin import SimpleHistoryAdmin

from requests_app.law.calendars import calendar_for
from requests_app.models import (
    EmailAttachment,
    EmailMessage,
    Exemption,
    FOIRequest,
    HolidayRecompute,
    InboundEmail,
    InternalReview,
    ProclaimedHoliday,
    PublicAuthority,
    RegulatorComplaint,
    Response,
)
from requests_app.services.requests import foi_request_create
from requests_app.services.sample_data import sample_data_load
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    ((model, type(model_admin)) for model, model_admin in admin.site._registry.items()),
    key=lambda item: item[0]._meta.label,
)
HISTORY_ADMINS = [(m, a) for m, a in REGISTERED if issubclass(a, SimpleHistoryAdmin)]


def _label(value):
    return value._meta.label if hasattr(value, "_meta") else value.__name__


@pytest.fixture
def superuser_client(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sample_data_load()
    # A one-off day (the State Funeral, shared/foi-law.md), so that table has a row too.
    ProclaimedHoliday.objects.create(
        date=datetime.date(2022, 9, 19), name="State Funeral of Queen Elizabeth II"
    )
    HolidayRecompute.objects.create(date=datetime.date(2022, 9, 19), nation="uk_wide")
    # An email filed against a sample request, with an attachment, and one left unfiled.
    message = EmailMessage.objects.create(
        foi_request=FOIRequest.objects.order_by("pk").first(),
        direction="in",
        kind="reply",
        message_id="reply-1@council.example.gov.uk",
        subject="Your request",
        raw=b"Subject: Your request\r\n\r\nAttached.\r\n",
    )
    EmailAttachment.objects.create(
        message=message, filename="reply.txt", size=8, content=b"Refused."
    )
    InboundEmail.objects.create(raw=b"Subject: ?\r\n\r\n", source="pipe", last_error="crashed")
    admin_user = get_user_model().objects.get(username="admin")
    Group.objects.create(name="Caseworkers")
    Token.objects.create(user=admin_user)
    # A locked-out guesser (django-axes), so the lockout tables' pages have a row to show.
    guess = {
        "username": "campaigner",
        "ip_address": "203.0.113.7",
        "user_agent": "guesser",
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**guess, get_data="", post_data="", failures_since_start=5)
    AccessFailureLog.objects.create(**guess, locked_out=True)
    client.force_login(admin_user)
    return client


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=_label)
def test_changelist_add_and_change_pages_answer(superuser_client, rf, model, model_admin):
    assert superuser_client.get(url(model, "changelist")).status_code == 200
    request = rf.get("/")
    request.user = get_user_model().objects.get(username="admin")
    # Ledger-like tables (reminders) are read-only by design: their add page must refuse.
    can_add = admin.site._registry[model].has_add_permission(request)
    assert superuser_client.get(url(model, "add")).status_code == (200 if can_add else 403)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"add a {model._meta.verbose_name} to the sample data or fixture"
    assert superuser_client.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), HISTORY_ADMINS, ids=_label)
def test_history_pages_answer(superuser_client, model, model_admin):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None
    assert superuser_client.get(url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=_label)
def test_every_search_box_and_filter_runs(superuser_client, model, model_admin):
    response = superuser_client.get(url(model, "changelist"), {"q": "Coventry"})
    assert response.status_code == 200
    # Each filter's first real choice, so a filter on a missing field or relation fails here.
    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        choices = list(spec.choices(changelist))[1:2]  # [0] is "All"
        for choice in choices:
            filtered = superuser_client.get(url(model, "changelist") + choice["query_string"])
            assert filtered.status_code == 200, choice


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (FOIRequest, "FOI429836404", {"Prevent referrals of under-18s, 2015-2021"}),
        (
            PublicAuthority,
            "police",
            {
                "West Midlands Police",
                "Staffordshire Police",
                "South Wales Police",
                "Police Scotland",
            },
        ),
        (
            Exemption,
            "national security",
            {
                "National security",  # FOIA s24
                "National security and defence",  # FOISA s31
                # EIR reg 12(5)(a), EISR reg 10(5)(a)
                "International relations, defence, national security or public safety",
            },
        ),
    ],
)
def test_search_finds_by_reference_name_and_title(superuser_client, model, term, expected):
    response = superuser_client.get(url(model, "changelist"), {"q": term})
    found = {getattr(obj, "title", None) or obj.name for obj in response.context["cl"].result_list}
    assert found == expected


def test_search_requests_by_authority(superuser_client):
    response = superuser_client.get(url(FOIRequest, "changelist"), {"q": "Police Scotland"})
    assert [r.authority.name for r in response.context["cl"].result_list] == ["Police Scotland"]


@pytest.mark.parametrize(
    ("status", "authorities"),
    [
        ("very_overdue", ["South Wales Police"]),
        ("overdue", ["City of Edinburgh Council"]),  # FOISA: no extension, never "very"
        ("review_overdue", ["Birmingham City Council"]),
    ],
)
def test_staff_filter_requests_by_status_today(superuser_client, status, authorities):
    response = superuser_client.get(url(FOIRequest, "changelist"), {"status": status})
    assert [r.authority.name for r in response.context["cl"].result_list] == authorities


def test_request_changelist_queries_do_not_grow_with_rows(superuser_client):
    # Session, user, the counts, the page with authority and campaign joined, the filters'
    # choices: the same 8 queries for 15 rows or 25 (no query per row).
    with CaptureQueriesContext(connection) as before:
        superuser_client.get(url(FOIRequest, "changelist"))
    template = FOIRequest.objects.get(authority_reference="FOI429836404")
    for _ in range(10):
        factories.FOIRequestFactory(
            authority=template.authority, campaign=template.campaign, owner=template.owner
        )
    with CaptureQueriesContext(connection) as after:
        superuser_client.get(url(FOIRequest, "changelist"))
    assert len(after) == len(before) == 8


def test_request_page_shows_its_responses_and_their_citations(superuser_client):
    foi_request = FOIRequest.objects.get(authority_reference="FOI429836404")
    page = superuser_client.get(url(FOIRequest, "change", foi_request.pk)).content.decode()
    assert "Section 24(1) Safeguarding National Security" in page  # citation summary
    response = foi_request.responses.get()
    page = superuser_client.get(url(Response, "change", response.pk)).content.decode()
    assert 'name="citations-0-cited_as"' in page


def _inline_management(*prefixes: str) -> dict[str, str]:
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def _request_form(foi_request: FOIRequest, **overrides) -> dict[str, str]:
    data = {
        "title": foi_request.title,
        "text": foi_request.text,
        "authority": str(foi_request.authority_id),
        "regime": foi_request.regime,
        "sent_on": foi_request.sent_on.isoformat(),
        "received_on": foi_request.received_on.isoformat(),
        "authority_reference": foi_request.authority_reference,
        "owner": str(foi_request.owner_id),
        "organisation": str(foi_request.organisation_id or ""),
        "campaign": str(foi_request.campaign_id or ""),
        "visibility": foi_request.visibility,
        "withdrawn_on": "",
        **_inline_management("responses", "reviews", "complaints"),
    }
    return data | overrides


def test_adding_a_request_computes_its_deadlines(superuser_client):
    template = FOIRequest.objects.get(authority__slug="city-of-cardiff-council")
    data = _request_form(template, title="Prevent training for school staff, 2019")
    data |= {"sent_on": "2023-03-14", "received_on": "2023-03-14", "campaign": ""}
    answer = superuser_client.post(url(FOIRequest, "add"), data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    created = FOIRequest.objects.get(title="Prevent training for school staff, 2019")
    # Received Tuesday 14 March 2023: 20 FOIA working days skip 17 March (St Patrick's Day in
    # Northern Ireland counts under FOIA s10(6), shared/foi-law.md), Good Friday (7 April)
    # and Easter Monday (10 April) -> Friday 14 April.
    assert created.response_due == datetime.date(2023, 4, 14)
    assert created.stage == "awaiting_response"
    assert created.history.count() == 1


def test_deadline_columns_cannot_be_edited_in_the_admin(superuser_client):
    foi_request = FOIRequest.objects.get(authority_reference="FOI429836404")
    data = _request_form(foi_request, response_due="2030-01-01", stage="closed")
    data["responses-INITIAL_FORMS"] = "0"
    answer = superuser_client.post(url(FOIRequest, "change", foi_request.pk), data)
    assert answer.status_code == 302
    foi_request.refresh_from_db()
    assert foi_request.response_due == datetime.date(2022, 7, 13)
    assert foi_request.stage == "with_regulator"


def test_changing_the_receipt_date_moves_the_deadlines(superuser_client):
    foi_request = FOIRequest.objects.get(authority__slug="south-wales-police")
    old_due = foi_request.response_due
    data = _request_form(foi_request, received_on="2023-03-07")
    answer = superuser_client.post(url(FOIRequest, "change", foi_request.pk), data)
    assert answer.status_code == 302
    foi_request.refresh_from_db()
    assert foi_request.received_on == datetime.date(2023, 3, 7)
    assert foi_request.response_due == old_due + datetime.timedelta(days=1)


def test_recording_a_response_with_a_citation_updates_the_request(superuser_client):
    foi_request = FOIRequest.objects.get(authority__slug="south-wales-police")
    s24 = Exemption.objects.get(code="foia-s24")
    data = {
        "request": str(foi_request.pk),
        "received_on": "2023-05-02",
        "kind": "substantive",
        "outcome": "refused",
        "letter_text": "Exempt under section 24(1).",
        "clarification_received_on": "",
        "fee_amount": "",
        "fee_paid_on": "",
        **_inline_management("citations"),
        "citations-TOTAL_FORMS": "1",
        "citations-0-exemption": str(s24.pk),
        "citations-0-cited_as": "Section 24(1)",
        "citations-0-subsection": "24(1)",
        "citations-0-public_interest_test": "on",
    }
    answer = superuser_client.post(url(Response, "add"), data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    foi_request.refresh_from_db()
    assert (foi_request.stage, foi_request.initial_outcome) == ("answered", "refused")
    assert foi_request.answered_on == datetime.date(2023, 5, 2)
    response = foi_request.responses.get()
    assert [c.exemption.code for c in response.citations.all()] == ["foia-s24"]


def test_an_inline_citation_must_belong_to_the_regime_of_the_request(superuser_client):
    # Glasgow answers under FOISA: FOIA s24 cannot be its ground.
    response = Response.objects.get(request__authority__slug="glasgow-city-council")
    citation = response.citations.get()
    s24 = Exemption.objects.get(code="foia-s24")
    data = {
        "request": str(response.request_id),
        "received_on": response.received_on.isoformat(),
        "kind": response.kind,
        "outcome": response.outcome,
        "letter_text": response.letter_text,
        "clarification_received_on": "",
        "fee_amount": "",
        "fee_paid_on": "",
        **_inline_management("citations"),
        "citations-TOTAL_FORMS": "2",
        "citations-INITIAL_FORMS": "1",
        "citations-0-id": str(citation.pk),
        "citations-0-response": str(response.pk),
        "citations-0-exemption": str(citation.exemption_id),
        "citations-0-cited_as": citation.cited_as,
        "citations-0-subsection": citation.subsection,
        "citations-1-response": str(response.pk),
        "citations-1-exemption": str(s24.pk),
        "citations-1-cited_as": "Section 24(1)",
    }
    answer = superuser_client.post(url(Response, "change", response.pk), data)
    assert answer.status_code == 200  # the form again, with the error
    [inline] = answer.context["inline_admin_formsets"]
    assert inline.formset.forms[1].errors == {
        "exemption": ["foia-s24 belongs to foia, not the request's regime foisa"]
    }
    assert list(response.citations.values_list("exemption__code", flat=True)) == ["foisa-s38"]


def test_a_rule_broken_in_the_admin_is_reported_and_nothing_is_saved(superuser_client):
    # FOISA has no extension (shared/foi-law.md "Time limits"): the response service refuses.
    foi_request = FOIRequest.objects.get(authority__slug="city-of-edinburgh-council")
    data = {
        "request": str(foi_request.pk),
        "received_on": "2023-05-25",
        "kind": "extension_notice",
        "outcome": "",
        "letter_text": "",
        "clarification_received_on": "",
        "fee_amount": "",
        "fee_paid_on": "",
        **_inline_management("citations"),
    }
    answer = superuser_client.post(url(Response, "add"), data, follow=True)
    assert answer.status_code == 200
    messages = [str(m) for m in answer.context["messages"]]
    assert any("kind" in m and "FOISA has no extension" in m for m in messages), messages
    assert not foi_request.responses.exists()


def test_deciding_a_review_in_the_admin_goes_through_the_service(superuser_client):
    review = InternalReview.objects.get(request__authority__slug="birmingham-city-council")
    data = {
        "request": str(review.request_id),
        "requested_on": review.requested_on.isoformat(),
        "decided_on": "2022-08-26",
        "outcome": "upheld",
        "notes": "",
    }
    answer = superuser_client.post(url(InternalReview, "change", review.pk), data)
    assert answer.status_code == 302
    review.refresh_from_db()
    assert (review.decided_on, review.outcome) == (datetime.date(2022, 8, 26), "upheld")
    review.request.refresh_from_db()
    assert review.request.stage == "answered"
    assert review.request.regulator_complaint_deadline is not None


def test_deciding_a_complaint_in_the_admin_closes_the_request(superuser_client):
    complaint = RegulatorComplaint.objects.get(request__authority__slug="coventry-city-council")
    assert complaint.decided_on is None
    data = {
        "request": str(complaint.request_id),
        "regulator": "ico",
        "submitted_on": complaint.submitted_on.isoformat(),
        "reference": "IC-123456-A1B2",
        "decided_on": "2023-03-01",
        "outcome": "not_upheld",
    }
    answer = superuser_client.post(url(RegulatorComplaint, "change", complaint.pk), data)
    assert answer.status_code == 302
    complaint.refresh_from_db()
    # The decision went through complaint_decide, and the reference was saved with it.
    assert (complaint.decided_on, complaint.outcome, complaint.reference) == (
        datetime.date(2023, 3, 1),
        "not_upheld",
        "IC-123456-A1B2",
    )
    complaint.request.refresh_from_db()
    assert complaint.request.stage == "closed"


def test_exemption_catalogue_cannot_be_deleted_from_the_admin(superuser_client):
    s24 = Exemption.objects.get(code="foia-s24")
    assert superuser_client.get(url(Exemption, "delete", s24.pk)).status_code == 403


def test_changing_an_authority_to_a_school_moves_its_requests_latest_date(superuser_client):
    # foi-law.md "Clock rules", schools (SI 2004/3364 reg 3): 60 WD is the latest date, not 40.
    council = factories.AuthorityFactory(authority_type="local_council", nation="england")
    foi_request = foi_request_create(
        owner=factories.UserFactory(),
        authority=council,
        title="Prevent referrals",
        sent_on=datetime.date(2023, 6, 5),
    )
    calendar = calendar_for("foia")
    assert foi_request.response_due_latest == calendar.add_working_days(foi_request.received_on, 40)
    data = {
        "name": council.name,
        "slug": council.slug,
        "authority_type": "school",
        "nation": council.nation,
        "default_regime": "foia",
        "email": "",
        "website": "",
    }
    answer = superuser_client.post(url(PublicAuthority, "change", council.pk), data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    foi_request.refresh_from_db()
    assert foi_request.authority.authority_type == "school"
    assert foi_request.response_due_latest == calendar.add_working_days(foi_request.received_on, 60)


def test_adding_an_authority_in_the_admin_goes_through_the_service(superuser_client):
    data = {
        "name": "Hightown Academy",
        "slug": "hightown-academy",
        "authority_type": "school",
        "nation": "england",
        "default_regime": "foia",
        "email": "",
        "website": "",
    }
    answer = superuser_client.post(url(PublicAuthority, "add"), data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert PublicAuthority.objects.get(slug="hightown-academy").authority_type == "school"
