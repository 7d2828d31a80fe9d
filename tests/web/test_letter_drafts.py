"""Issue 13 item 3: the internal review request and the complaint, drafted from the record
of the Coventry refusal (tests/letters/corpus/01_coventry_s24.txt), on Monday 15 Aug 2022."""

import datetime
from pathlib import Path

import pytest
import time_machine

from requests_app.letters import analyse_letter
from requests_app.models import Exemption
from requests_app.services.responses import CitationInput, QuestionInput, response_record
from requests_app.services.reviews import review_record
from tests import factories
from tests.web.conftest import make_request

pytestmark = pytest.mark.django_db

LETTER = (Path(__file__).parents[1] / "letters/corpus/01_coventry_s24.txt").read_text()


def record_coventry(foi_request):
    """The response as the analyser reads it, recorded through the service."""
    found = analyse_letter(LETTER, "foia")
    exemptions = {e.code: e for e in Exemption.objects.filter(regime="foia")}
    return response_record(
        foi_request=foi_request,
        received_on=found.date,
        kind="substantive",
        outcome=found.outcome,
        letter_text=LETTER,
        reference=found.reference,
        citations=[
            CitationInput(
                exemptions[f.code], f.cited_as, f.subsection, f.public_interest_test, f.ncnd
            )
            for f in found.exemptions
        ],
        questions=[
            QuestionInput(
                q.number,
                q.status,
                [exemptions[c] for c in q.exemptions],
                next((n.held_by for n in found.not_held if q.number in n.questions), "") or "",
            )
            for q in found.questions
        ],
    )


@pytest.fixture
def coventry_refusal(campaigner, coventry):
    foi_request = make_request(campaigner, coventry, visibility="private")
    record_coventry(foi_request)
    return foi_request


def test_the_review_request_for_the_coventry_refusal(campaigner_client, coventry_refusal):
    page = campaigner_client.get(f"/requests/{coventry_refusal.pk}/")
    assert f"/requests/{coventry_refusal.pk}/letters/review-request/" in page.content.decode()
    assert "/letters/complaint/" not in page.content.decode()  # no review yet

    draft = campaigner_client.get(f"/requests/{coventry_refusal.pk}/letters/review-request/")
    assert draft.status_code == 200
    text = draft.context["text"]
    assert "Your reference: FOI429836404" in text
    assert "your response of 13 July 2022" in text
    assert "section 24(1) (National security), after a public interest test" in text
    # foi-law.md "Time limits": FOIA review decision in 20 WD (s45 Code of Practice) from
    # Mon 15 Aug 2022, skipping the August bank holiday (29 Aug, England): Tue 13 Sep 2022.
    assert "I therefore expect your decision by 13 September 2022." in text
    assert "held by West Midlands Police" in text
    assert '<textarea id="letter-text"' in draft.content.decode()

    download = campaigner_client.get(
        f"/requests/{coventry_refusal.pk}/letters/review-request/", {"format": "txt"}
    )
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment;" in download["Content-Disposition"]
    assert download.content.decode() == text


def test_the_complaint_once_the_review_is_overdue(campaigner_client, coventry_refusal):
    review_record(foi_request=coventry_refusal, requested_on=datetime.date(2022, 7, 20))
    # Its decision was due 20 WD after 20 July (s45 Code): 18 Aug, 1 Aug (Scotland) skipped.
    early = campaigner_client.get(f"/requests/{coventry_refusal.pk}/letters/complaint/")
    assert early.status_code == 409
    assert "not decided and not yet overdue" in early.content.decode()
    with time_machine.travel(datetime.datetime(2022, 8, 22, 10, tzinfo=datetime.UTC)):
        page = campaigner_client.get(f"/requests/{coventry_refusal.pk}/")
        assert "/letters/complaint/" in page.content.decode()
        draft = campaigner_client.get(f"/requests/{coventry_refusal.pk}/letters/complaint/")
    text = draft.context["text"]
    assert text.startswith("Information Commissioner's Office")
    assert "20 July 2022: I asked for an internal review." in text
    assert "18 August 2022: The review decision was due. None has come." in text
    assert "The authority relied on section 24(1) (National security)" in text


def test_drafts_follow_the_requests_visibility(client, campaigner, coventry_refusal):
    url = f"/requests/{coventry_refusal.pk}/letters/review-request/"
    assert client.get(url).status_code == 404  # private, anonymous
    client.force_login(factories.UserFactory(username="nosy"))
    assert client.get(url).status_code == 404
    assert client.get(f"/requests/{coventry_refusal.pk}/letters/nonsense/").status_code == 404


def test_api_serves_the_drafts_as_json(campaigner, coventry_refusal):
    from tests.api.conftest import client_for

    url = f"/api/v1/requests/{coventry_refusal.pk}/letters/"
    body = client_for(campaigner).get(url + "review-request/").json()
    assert body["kind"] == "review-request"
    assert "FOI429836404" in body["text"] and "13 September 2022" in body["text"]
    not_yet = client_for(campaigner).get(url + "complaint/")
    assert not_yet.status_code == 409
    assert "internal review first" in not_yet.json()["detail"]
    other = client_for(factories.UserFactory(username="nosy"))
    assert other.get(url + "review-request/").status_code == 404
    coventry_refusal.visibility = "public"
    coventry_refusal.save()
    assert other.get(url + "review-request/").status_code == 200  # whoever can see it
