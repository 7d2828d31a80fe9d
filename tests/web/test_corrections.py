"""Issue 13 item 2 in the pages: edit a request, correct or delete a recorded letter, review
or complaint (history kept, deadlines recomputed); a closed request shows no passed dates
and no actions; a late review is accepted with a warning. Today is Mon 15 Aug 2022."""

import datetime

import pytest

from requests_app.models import FOIRequest, InternalReview, Response
from requests_app.services.requests import foi_request_withdraw
from requests_app.services.reviews import review_record
from tests import factories
from tests.web.conftest import make_request

pytestmark = pytest.mark.django_db
D = datetime.date


def page_of(foi_request, suffix=""):
    return f"/requests/{foi_request.pk}/{suffix}"


def test_edit_the_request_moves_its_deadlines_and_keeps_history(
    campaigner_client, campaigner, coventry
):
    foi_request = make_request(campaigner, coventry)
    form = campaigner_client.get(page_of(foi_request, "edit/"))
    assert form.status_code == 200
    assert form.context["form"].initial["title"] == "Prevent referrals 2015-2021"
    saved = campaigner_client.post(
        page_of(foi_request, "edit/"),
        {
            "title": "Prevent referrals, corrected",
            "text": "How many?",
            "regime": "foia",
            "sent_on": "15/06/2022",
            "received_on": "17/06/2022",
            "authority_reference": "FOI429836404",
            "visibility": "private",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    foi_request.refresh_from_db()
    assert foi_request.title == "Prevent referrals, corrected"
    assert foi_request.visibility == "private" and foi_request.authority_reference
    # foi-law.md "Counting": received Fri 17 June 2022, 20 WD skipping 12 July (NI) = 18 July.
    assert foi_request.response_due == D(2022, 7, 18)
    assert foi_request.history.count() == 2
    page = campaigner_client.get(page_of(foi_request, "edit/")).content.decode()
    assert "Changes to this record" in page and "Changed by campaigner" in page


def test_a_bad_edit_is_a_form_error_and_saves_nothing(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry)
    bad = campaigner_client.post(
        page_of(foi_request, "edit/"),
        {
            "title": "Changed",
            "regime": "foisa",  # Coventry is in England
            "sent_on": "15/06/2022",
            "received_on": "15/06/2022",
            "visibility": "public",
        },
    )
    assert bad.status_code == 400
    assert "not a Scottish public authority" in bad.content.decode()
    foi_request.refresh_from_db()
    assert foi_request.title == "Prevent referrals 2015-2021" and foi_request.regime == "foia"


def test_correct_a_response_and_its_citations(campaigner_client, refused_request):
    response = Response.objects.get(request=refused_request)
    url = page_of(refused_request, f"responses/{response.pk}/edit/")
    form = campaigner_client.get(url)
    assert form.context["formset"].initial[0]["exemption"] == "foia-s24"
    assert f'href="/requests/{refused_request.pk}/responses/{response.pk}/edit/"' in (
        campaigner_client.get(page_of(refused_request)).content.decode()
    )
    saved = campaigner_client.post(
        url,
        {
            "event-received_on": "20/07/2022",
            "event-outcome": "partial",
            "event-reference": "FOI429836404",
            "event-letter_text": "Corrected",
            "cit-TOTAL_FORMS": "1",
            "cit-INITIAL_FORMS": "0",
            "cit-0-exemption": "foia-s40",
            "cit-0-subsection": "40(2)",
            "q-TOTAL_FORMS": "1",
            "q-INITIAL_FORMS": "0",
            "q-0-number": "3",
            "q-0-status": "not_held",
            "q-0-held_by": "West Midlands Police",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    response.refresh_from_db()
    refused_request.refresh_from_db()
    assert (response.received_on, response.outcome) == (D(2022, 7, 20), "partial")
    assert [c.exemption.code for c in response.citations.all()] == ["foia-s40"]
    assert response.questions.get().held_by == "West Midlands Police"
    # 40 WD after Wed 20 July 2022 (1 Aug Scotland, 29 Aug England skipped) = Fri 16 Sep.
    assert refused_request.review_request_deadline == D(2022, 9, 16)
    assert refused_request.initial_outcome == "partial"
    assert response.history.count() == 2


def test_delete_a_review_recomputes_and_a_blocked_delete_explains(
    campaigner_client, refused_request
):
    # On the response deadline (14 July): a review of the response, not of silence.
    review = review_record(foi_request=refused_request, requested_on=D(2022, 7, 14))
    response = Response.objects.get(request=refused_request)
    blocked = campaigner_client.post(page_of(refused_request, f"responses/{response.pk}/delete/"))
    assert blocked.status_code == 400
    assert "delete the review first" in blocked.content.decode()
    assert Response.objects.filter(pk=response.pk).exists()

    confirm = campaigner_client.get(page_of(refused_request, f"reviews/{review.pk}/delete/"))
    assert "Delete this record?" in confirm.content.decode()
    done = campaigner_client.post(page_of(refused_request, f"reviews/{review.pk}/delete/"))
    assert done.status_code == 302
    refused_request.refresh_from_db()
    assert refused_request.stage == "answered" and refused_request.review_response_due is None
    assert not InternalReview.objects.filter(pk=review.pk).exists()
    assert InternalReview.history.filter(id=review.pk, history_type="-").exists()


def test_correct_a_review_into_a_decision(campaigner_client, refused_request):
    review = review_record(foi_request=refused_request, requested_on=D(2022, 7, 20))
    saved = campaigner_client.post(
        page_of(refused_request, f"reviews/{review.pk}/edit/"),
        {
            "event-requested_on": "20/07/2022",
            "event-decided_on": "10/08/2022",
            "event-outcome": "upheld",
        },
    )
    assert saved.status_code == 302
    refused_request.refresh_from_db()
    assert refused_request.regulator_complaint_deadline == D(2022, 9, 21)  # ICO: 6 weeks
    bad = campaigner_client.post(
        page_of(refused_request, f"reviews/{review.pk}/edit/"),
        {"event-requested_on": "20/07/2022", "event-outcome": "upheld"},
    )
    assert bad.status_code == 400 and "required with an outcome" in bad.content.decode()


def test_a_withdrawn_request_shows_no_passed_dates_and_no_actions(
    campaigner_client, campaigner, coventry
):
    foi_request = make_request(campaigner, coventry, sent_on=D(2022, 5, 3))
    foi_request_withdraw(foi_request=foi_request, withdrawn_on=D(2022, 6, 10))
    page = campaigner_client.get(page_of(foi_request))
    html = page.content.decode()
    assert page.context["closed"] and page.context["actions"] == []
    assert page.context["letters"] == []
    assert "days-late" not in html and "passed" not in html
    assert "no longer applies" in html and "What happened next?" in html
    assert "This request is closed: you withdrew it on 10 June 2022" in html
    undo = campaigner_client.post(
        page_of(foi_request, "edit/"),
        {
            "title": foi_request.title,
            "regime": "foia",
            "sent_on": "03/05/2022",
            "received_on": "03/05/2022",
            "visibility": "public",
            "withdrawn_on": "",
        },
    )
    assert undo.status_code == 302
    foi_request.refresh_from_db()
    assert foi_request.withdrawn_on is None and foi_request.stage == "awaiting_response"


def test_a_late_review_is_recorded_with_a_warning(campaigner_client, campaigner, coventry):
    foi_request = make_request(campaigner, coventry, sent_on=D(2022, 3, 1))
    old = Response.objects.create(
        request=foi_request, received_on=D(2022, 3, 10), kind="substantive", outcome="refused"
    )
    from requests_app.services.deadlines import deadlines_recompute

    deadlines_recompute(foi_request)
    foi_request.refresh_from_db()
    # 40 WD after 10 Mar 2022, skipping 17 Mar (NI), Easter and 2 May: Wed 11 May.
    assert foi_request.review_request_deadline == D(2022, 5, 11)
    page = campaigner_client.post(
        page_of(foi_request, "review/"), {"review-requested_on": "01/08/2022"}, follow=True
    )
    html = page.content.decode()
    assert "it was asked after the window closed on 11 May 2022" in html
    assert "message-warning" in html
    assert "Asked after the window closed on 11 May 2022" in html
    assert InternalReview.objects.filter(request=foi_request).count() == 1
    assert old.pk


def test_only_managers_correct(client, campaigner, refused_request):
    response = Response.objects.get(request=refused_request)
    client.force_login(factories.UserFactory(username="nosy"))
    for suffix in ("edit/", f"responses/{response.pk}/edit/", f"responses/{response.pk}/delete/"):
        assert client.get(page_of(refused_request, suffix)).status_code in (403, 404)
    assert client.post(
        page_of(refused_request, f"responses/{response.pk}/delete/")
    ).status_code in (
        403,
        404,
    )
    assert Response.objects.filter(pk=response.pk).exists()
    assert FOIRequest.objects.get(pk=refused_request.pk).history.count() >= 1
