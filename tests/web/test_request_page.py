"""The request page: deadline chain with basis and working days left, timeline, actions."""

import datetime

import pytest

from requests_app.models import ExemptionCitation, InternalReview, RegulatorComplaint, Response
from tests import factories
from tests.web.conftest import make_request

pytestmark = pytest.mark.django_db


def url(foi_request, action=""):
    return f"/requests/{foi_request.pk}/" + (f"{action}/" if action else "")


def test_refused_request_shows_review_deadline_basis_and_days_left(
    campaigner_client, refused_request
):
    page = campaigner_client.get(url(refused_request))
    assert page.status_code == 200
    html = page.content.decode()
    # FOIA: 40 working days after the response of Wed 13 July 2022 (shared/foi-law.md "Time
    # limits"), skipping 1 Aug (Scotland) and 29 Aug (England, Wales, NI) = Fri 9 Sep 2022.
    assert refused_request.review_request_deadline == datetime.date(2022, 9, 9)
    deadlines = {row.key: row for row in page.context["deadlines"]}
    review = deadlines["review_request_deadline"]
    assert review.date == datetime.date(2022, 9, 9)
    # From Mon 15 Aug: 16-19 Aug (4), 22-26 (5), 30 Aug-2 Sep (4), 5-9 Sep (5) = 18.
    assert review.days_left == 18
    assert "s45 Code of Practice" in review.basis
    assert "Ask for an internal review by" in html and "9 Sep 2022" in html
    assert "FOIA s10(1): 20 working days" in html
    # The timeline carries the letter and the citation.
    assert "Substantive response: Refused" in html
    assert "Section 24(1)" in html and "after a public interest test" in html


def test_query_count_is_constant(campaigner_client, refused_request, django_assert_num_queries):
    # session, user, request (+authority, campaign, organisation, owner, referred_from),
    # responses, citations (+exemption), per-question outcomes, reviews, complaints,
    # proclaimed days (calendar), exemption catalogue (response form), the request's
    # reminders and the owner's reminder preferences (the Reminders section), the outgoing
    # emails (the Email section), the incoming emails (Emails received; their attachments
    # are one more once there are any), and the owner check needs none (owner_id == user.pk). The
    # questions' exemptions and follow-ups are two more
    # once a response has questions (tests/web/test_question_outcomes.py).
    with django_assert_num_queries(14):
        campaigner_client.get(url(refused_request))
    response = Response.objects.get(request=refused_request)
    factories.ResponseFactory(request=refused_request, kind="acknowledgement", outcome="")
    ExemptionCitation.objects.create(
        response=response,
        exemption_id=factories.models.Exemption.objects.get(code="foia-s40").pk,
        cited_as="s40(2)",
    )
    with django_assert_num_queries(14):
        campaigner_client.get(url(refused_request))


def test_private_request_is_404_to_others_and_public_one_has_no_actions(
    client, campaigner, coventry
):
    private = make_request(campaigner, coventry, visibility="private")
    public = make_request(campaigner, coventry, title="Public one")
    assert client.get(url(private)).status_code == 404
    other = factories.UserFactory(username="nosy")
    client.force_login(other)
    assert client.get(url(private)).status_code == 404
    page = client.get(url(public))
    assert page.status_code == 200
    assert page.context["actions"] == []
    assert "What happened next?" not in page.content.decode()
    assert (
        client.post(url(public, "review"), {"review-requested_on": "2022-08-01"}).status_code == 403
    )


def test_organisation_staff_can_act_on_a_members_request(client, staff_user, refused_request):
    client.force_login(staff_user)
    page = client.post(url(refused_request, "review"), {"review-requested_on": "2022-08-10"})
    assert page.status_code == 302
    assert InternalReview.objects.filter(request=refused_request).count() == 1


def test_record_a_refusal_by_typing_the_citation(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry)
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-received_on": "2022-07-13",
            "response-outcome": "refused",
            "response-letter_text": "We refuse under section 24(1).",
            "cit-TOTAL_FORMS": "3",
            "cit-INITIAL_FORMS": "0",
            "cit-0-cited_as": "s24(1)",
            "cit-0-public_interest_test": "on",
            "cit-1-exemption": "foia-s40",
            "cit-1-subsection": "40(2)",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    citations = {
        c.exemption.code: c for c in ExemptionCitation.objects.filter(response__request=foi_request)
    }
    assert set(citations) == {"foia-s24", "foia-s40"}
    assert citations["foia-s24"].subsection == "24(1)"
    assert citations["foia-s24"].cited_as == "s24(1)"
    assert citations["foia-s24"].public_interest_test is True
    assert citations["foia-s40"].cited_as == "Section 40(2)"
    foi_request.refresh_from_db()
    assert foi_request.stage == "answered" and foi_request.initial_outcome == "refused"
    assert foi_request.review_request_deadline == datetime.date(2022, 9, 9)


def test_an_implausibly_long_citation_is_a_form_error(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry)
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-received_on": "2022-07-13",
            "response-outcome": "refused",
            "cit-TOTAL_FORMS": "1",
            "cit-INITIAL_FORMS": "0",
            # Its path (43 characters) would not fit ExemptionCitation.subsection.
            "cit-0-cited_as": "s24(1)(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)",
        },
    )
    assert page.status_code == 400
    (response_action,) = [a for a in page.context["actions"] if a["action"].slug == "response"]
    errors = response_action["formset"].forms[0].errors
    assert "it names 17 levels" in " ".join(errors["cited_as"])
    assert "it names 17 levels" in page.content.decode()
    assert not ExemptionCitation.objects.filter(response__request=foi_request).exists()


def test_response_errors_name_the_field(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry)
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-received_on": "2022-06-01",  # before the request was received
            "response-outcome": "refused",
            "cit-TOTAL_FORMS": "3",
            "cit-INITIAL_FORMS": "0",
            "cit-0-cited_as": "s99(1)",
        },
    )
    assert page.status_code == 400
    html = page.content.decode()
    # The form's own check (the citation) stops the submission before the service.
    assert "Not a citation we recognise" in html
    assert page.context["open_action"] == "response"

    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-received_on": "2022-06-01",
            "response-outcome": "refused",
            "cit-TOTAL_FORMS": "3",
            "cit-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 400
    # The service's reason, on the field it names.
    form = next(a["form"] for a in page.context["actions"] if a["action"].slug == "response")
    assert form.errors["received_on"] == ["Cannot be before the request's receipt (15 Jun 2022)"]
    assert 'id="id_response-received_on_error"' in page.content.decode()
    assert not Response.objects.filter(request=foi_request).exists()


def test_missing_fields_and_future_dates(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry)
    page = campaigner_client.post(
        url(foi_request, "response"),
        {"response-received_on": "", "cit-TOTAL_FORMS": "0", "cit-INITIAL_FORMS": "0"},
    )
    form = page.context["actions"][0]["form"]
    assert form.errors == {
        "received_on": ["Enter the date of the response"],
        "outcome": ["Choose the outcome of the response"],
    }
    page = campaigner_client.post(url(foi_request, "review"), {"review-requested_on": "2030-01-01"})
    assert page.status_code == 400
    review_form = next(a["form"] for a in page.context["actions"] if a["action"].slug == "review")
    assert review_form.errors["requested_on"] == ["Cannot be in the future"]


def test_clarification_fee_and_extension(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry, visibility="private")
    # FOIA s10(1), 20 working days from Wed 15 June 2022, skipping 12 July (a Northern
    # Ireland bank holiday counts under FOIA s10(6): shared/foi-law.md "The four regimes").
    assert foi_request.response_due == datetime.date(2022, 7, 14)
    ok = campaigner_client.post(
        url(foi_request, "clarification"), {"clarification-received_on": "2022-06-20"}
    )
    assert ok.status_code == 302
    foi_request.refresh_from_db()
    assert foi_request.stage == "awaiting_clarification"
    page = campaigner_client.get(url(foi_request))
    slugs = [a["action"].slug for a in page.context["actions"]]
    assert "clarification-sent" in slugs
    clarification = Response.objects.get(request=foi_request)
    ok = campaigner_client.post(
        url(foi_request, "clarification-sent"),
        {
            "clarification-sent-response": clarification.pk,
            "clarification-sent-received_on": "2022-06-22",
        },
    )
    assert ok.status_code == 302
    foi_request.refresh_from_db()
    # The clock restarts from 22 June (FOIA s1(3)): 20 working days, 12 July skipped.
    assert foi_request.response_due == datetime.date(2022, 7, 21)

    ok = campaigner_client.post(
        url(foi_request, "extension"), {"extension-received_on": "2022-07-15"}
    )
    assert ok.status_code == 302
    foi_request.refresh_from_db()
    assert foi_request.response_due == foi_request.response_due_latest

    bad_fee = campaigner_client.post(
        url(foi_request, "fee"), {"fee-received_on": "2022-07-18", "fee-fee_amount": "-5"}
    )
    assert bad_fee.status_code == 400
    assert "greater than or equal to 0" in bad_fee.content.decode()


def test_review_decision_and_complaint(campaigner_client, refused_request):
    assert (
        campaigner_client.post(
            url(refused_request, "review"), {"review-requested_on": "2022-07-20"}
        ).status_code
        == 302
    )
    review = InternalReview.objects.get(request=refused_request)
    assert (
        campaigner_client.post(
            url(refused_request, "review-decision"),
            {
                "review-decision-review": review.pk,
                "review-decision-decided_on": "2022-08-10",
                "review-decision-outcome": "upheld",
            },
        ).status_code
        == 302
    )
    refused_request.refresh_from_db()
    # ICO: 6 weeks after the review outcome.
    assert refused_request.regulator_complaint_deadline == datetime.date(2022, 9, 21)
    wrong = campaigner_client.post(
        url(refused_request, "complaint"),
        {"complaint-submitted_on": "2022-08-12", "complaint-regulator": "sic"},
    )
    assert wrong.status_code == 400
    assert "goes to the ICO" in wrong.content.decode()
    assert (
        campaigner_client.post(
            url(refused_request, "complaint"),
            {
                "complaint-submitted_on": "2022-08-12",
                "complaint-regulator": "ico",
                "complaint-reference": "IC-1",
            },
        ).status_code
        == 302
    )
    assert RegulatorComplaint.objects.get(request=refused_request).reference == "IC-1"
    page = campaigner_client.get(url(refused_request))
    html = page.content.decode()
    assert "Internal review decided: Original decision upheld" in html
    assert "Complaint to the Information Commissioner" in html


def test_unknown_action_is_404(campaigner_client, refused_request):
    assert campaigner_client.post(url(refused_request, "teleport"), {}).status_code == 404


SEED_LETTER = """Dear Requester,
Freedom of Information Request FOI429836404
Date: 13 July 2022

The information you requested in question 1 is exempt under Section 24(1) Safeguarding
National Security of the Freedom of Information Act 2000. Section 24 is a qualified
exemption and we have carried out a public interest test, which favours withholding.
"""


def test_analyse_letter_prefills_the_form_without_saving(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry)
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-letter_text": SEED_LETTER,
            "analyse": "1",
            "cit-TOTAL_FORMS": "3",
            "cit-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 200
    assert not Response.objects.filter(request=foi_request).exists()
    item = next(a for a in page.context["actions"] if a["action"].slug == "response")
    assert item["form"].initial["outcome"] == "refused"
    assert item["form"].initial["received_on"] == "13/07/2022"
    first = item["formset"].forms[0].initial
    assert first["exemption"] == "foia-s24" and first["subsection"] == "24(1)"
    assert first["public_interest_test"] is True
    html = page.content.decode()
    assert "We read the letter and filled in the form" in html
    assert '<option value="foia-s24" selected>' in html


def test_analyse_an_uploaded_text_file(campaigner_client, campaigner, coventry):
    from django.core.files.uploadedfile import SimpleUploadedFile

    foi_request = make_request(campaigner, coventry)
    upload = SimpleUploadedFile("letter.txt", SEED_LETTER.encode(), content_type="text/plain")
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-attachment": upload,
            "analyse": "1",
            "cit-TOTAL_FORMS": "3",
            "cit-INITIAL_FORMS": "0",
        },
    )
    item = next(a for a in page.context["actions"] if a["action"].slug == "response")
    assert "Section 24(1)" in item["form"].initial["letter_text"]
    assert item["formset"].forms[0].initial["exemption"] == "foia-s24"
    bad = SimpleUploadedFile("letter.png", b"\x89PNG....", content_type="image/png")
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-attachment": bad,
            "analyse": "1",
            "cit-TOTAL_FORMS": "0",
            "cit-INITIAL_FORMS": "0",
        },
    )
    assert "“letter.png” cannot be read: only PDF, DOCX or plain text" in page.content.decode()


def test_withdraw(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry)
    bad = campaigner_client.post(
        url(foi_request, "withdraw"), {"withdraw-withdrawn_on": "2022-06-01"}
    )
    assert bad.status_code == 400
    assert "Cannot be before the request&#x27;s receipt" in bad.content.decode()
    ok = campaigner_client.post(
        url(foi_request, "withdraw"), {"withdraw-withdrawn_on": "2022-08-01"}
    )
    assert ok.status_code == 302
    foi_request.refresh_from_db()
    assert foi_request.stage == "closed"
    page = campaigner_client.get(url(foi_request))
    assert "Request withdrawn" in page.content.decode()
    assert "withdraw" not in [a["action"].slug for a in page.context["actions"]]


def test_visitors_are_sent_to_sign_in_before_acting(client, refused_request):
    page = client.post(url(refused_request, "review"), {"review-requested_on": "2022-08-01"})
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert not InternalReview.objects.exists()
    assert client.get(url(refused_request, "review")).status_code == 302  # GET: sign in first


def test_unknown_request_is_404(campaigner_client, db):
    assert campaigner_client.get("/requests/999999/").status_code == 404


def test_an_uploaded_letter_is_kept_with_its_text(
    campaigner_client, campaigner, coventry, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    foi_request = make_request(campaigner, coventry)
    upload = SimpleUploadedFile("letter.txt", SEED_LETTER.encode(), content_type="text/plain")
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-received_on": "2022-07-13",
            "response-outcome": "refused",
            "response-attachment": upload,
            "cit-TOTAL_FORMS": "0",
            "cit-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 302
    response = Response.objects.get(request=foi_request)
    assert "Section 24(1)" in response.letter_text
    assert response.attachment.read().decode() == SEED_LETTER
