"""Issue 13 item 1: nothing the analyser found is lost. The Coventry letter's reference and
its three questions (two refused under s24(1), the third held by West Midlands Police) are
kept, shown, searchable, and the third starts a request to the police force."""

from pathlib import Path

import pytest

from requests_app.models import FOIRequest, QuestionOutcome, Response
from tests import factories
from tests.web.conftest import make_request

pytestmark = pytest.mark.django_db

COVENTRY = (Path(__file__).parents[1] / "letters/corpus/01_coventry_s24.txt").read_text()


def url(foi_request, action=""):
    return f"/requests/{foi_request.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def west_midlands(db):
    return factories.AuthorityFactory(
        name="West Midlands Police", slug="west-midlands-police", authority_type="police"
    )


def analysed(client, foi_request):
    page = client.post(
        url(foi_request, "response"),
        {"response-letter_text": COVENTRY, "analyse": "1", "cit-TOTAL_FORMS": "0"},
    )
    assert page.status_code == 200
    return next(a for a in page.context["actions"] if a["action"].slug == "response")


def save_as_analysed(client, foi_request) -> Response:
    """Post the form back exactly as the analyser filled it in (what a browser sends)."""
    item = analysed(client, foi_request)
    data = {f"response-{k}": v for k, v in item["form"].initial.items()}
    data.update({"cit-TOTAL_FORMS": len(item["formset"].initial), "cit-INITIAL_FORMS": 0})
    for i, row in enumerate(item["formset"].initial):
        for key, value in row.items():
            if value is True:
                data[f"cit-{i}-{key}"] = "on"
            elif value:
                data[f"cit-{i}-{key}"] = value
    data.update({"q-TOTAL_FORMS": len(item["questions"].initial), "q-INITIAL_FORMS": 0})
    for i, row in enumerate(item["questions"].initial):
        data.update({f"q-{i}-{key}": value for key, value in row.items()})
    page = client.post(url(foi_request, "response"), data)
    assert page.status_code == 302, page.content.decode()[:3000]
    return Response.objects.get(request=foi_request)


def test_the_analyser_fills_in_the_reference_and_each_question(
    campaigner_client, campaigner, coventry
):
    foi_request = make_request(campaigner, coventry)
    item = analysed(campaigner_client, foi_request)
    assert item["form"].initial["reference"] == "FOI429836404"
    rows = {row["number"]: row for row in item["questions"].initial}
    assert {n: r["status"] for n, r in rows.items()} == {
        1: "refused",
        2: "refused",
        3: "not_held",
    }
    assert rows[1]["exemptions"] == "s24(1)"
    assert rows[3]["held_by"] == "West Midlands Police"
    assert rows[3]["question_text"].startswith("3. Of these, how many were cautioned")
    html = item["questions"].forms[2].as_p()
    assert "West Midlands Police" in html


def test_saving_keeps_reference_and_questions_and_shows_them(
    campaigner_client, campaigner, coventry, west_midlands, django_assert_num_queries
):
    foi_request = make_request(campaigner, coventry)
    response = save_as_analysed(campaigner_client, foi_request)
    foi_request.refresh_from_db()
    assert response.reference == "FOI429836404"
    assert foi_request.authority_reference == "FOI429836404"
    q1, q2, q3 = response.questions.order_by("number")
    assert (q1.status, [e.code for e in q1.exemptions.all()]) == ("refused", ["foia-s24"])
    assert q2.status == "refused"
    assert (q3.status, q3.held_by) == ("not_held", "West Midlands Police")
    assert q3.history.count() == 1  # django-simple-history keeps every change

    page = campaigner_client.get(url(foi_request))
    html = page.content.decode()
    assert "Their reference</dt><dd>FOI429836404" in html
    assert "<strong>Question 3</strong>" in html and "held by West Midlands Police" in html
    assert f"/requests/new/?from_question={q3.pk}" in html
    assert "Ask West Midlands Police" in html
    # My requests finds it by the letter's reference.
    found = campaigner_client.get("/", {"q": "FOI429836404"})
    assert foi_request.title in found.content.decode()
    # Two more queries than test_request_page's count once there are questions: their
    # exemptions and their follow-ups.
    with django_assert_num_queries(16):
        campaigner_client.get(url(foi_request))


def test_ask_the_holder_starts_a_linked_request_with_the_same_question(
    campaigner_client, campaigner, coventry, west_midlands
):
    original = make_request(campaigner, coventry, text="1. ...\n2. ...\n3. Of these, how many?")
    q3 = save_as_analysed(campaigner_client, original).questions.get(number=3)

    form_page = campaigner_client.get("/requests/new/", {"from_question": q3.pk})
    form = form_page.context["form"]
    assert form.initial["authority"] == "West Midlands Police"
    assert "3. Of these, how many were cautioned" in form.initial["text"]
    assert "FOI429836404" in form.initial["text"]
    assert form.initial["referred_from"] == q3.pk
    assert "question 3 of" in form_page.content.decode()

    created = campaigner_client.post(
        "/requests/new/",
        {
            "authority": "West Midlands Police",
            "title": "Prevent arrests 2015-2021",
            "text": form.initial["text"],
            "sent_on": "15/08/2022",
            "visibility": "public",
            "referred_from": q3.pk,
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    follow_up = FOIRequest.objects.get(authority=west_midlands)
    assert follow_up.referred_from == q3 and follow_up.regime == "foia"
    assert "Follows up" in campaigner_client.get(url(follow_up)).content.decode()
    html = campaigner_client.get(url(original)).content.decode()
    assert f'Asked West Midlands Police: <a href="/requests/{follow_up.pk}/">' in html
    assert "Ask West Midlands Police</a>" not in html  # already asked


def test_only_the_requester_may_follow_up_a_question(
    client, campaigner_client, campaigner, coventry, west_midlands
):
    original = make_request(campaigner, coventry, visibility="private")
    q3 = save_as_analysed(campaigner_client, original).questions.get(number=3)
    client.force_login(factories.UserFactory(username="nosy"))
    page = client.get("/requests/new/", {"from_question": q3.pk})
    assert "referred_from" not in page.context["form"].initial  # nothing of it leaks
    assert "FOI429836404" not in page.content.decode()
    refused = client.post(
        "/requests/new/",
        {
            "authority": "West Midlands Police",
            "title": "Copycat",
            "sent_on": "15/08/2022",
            "visibility": "private",
            "referred_from": q3.pk,
        },
    )
    assert refused.status_code == 404
    assert not QuestionOutcome.objects.get(pk=q3.pk).referrals.exists()


def test_question_errors_are_form_errors_and_nothing_is_saved(
    campaigner_client, campaigner, coventry
):
    foi_request = make_request(campaigner, coventry)
    page = campaigner_client.post(
        url(foi_request, "response"),
        {
            "response-received_on": "13/07/2022",
            "response-outcome": "refused",
            "cit-TOTAL_FORMS": "0",
            "q-TOTAL_FORMS": "2",
            "q-INITIAL_FORMS": "0",
            "q-0-number": "1",
            "q-0-status": "refused",
            "q-0-exemptions": "s24(1), section 99",
            "q-1-number": "1",
            "q-1-status": "not_held",
        },
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "“section 99” is not a citation we recognise" in html
    assert not Response.objects.filter(request=foi_request).exists()


def test_the_reference_alone_finds_the_request_in_browse(campaigner_client, campaigner, coventry):
    from requests_app.services.requests import foi_request_update

    foi_request = make_request(campaigner, coventry, title="No letter pasted")
    foi_request_update(foi_request=foi_request, authority_reference="FOI429836404")
    page = campaigner_client.get("/requests/", {"q": "foi429836404"})
    assert "No letter pasted" in page.content.decode()
