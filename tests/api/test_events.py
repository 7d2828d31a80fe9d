"""``requests/{id}/responses|reviews|complaints/``: recording what happened to a request.

Today is frozen on Monday 3 October 2022. Coventry answers under FOIA, Glasgow under FOISA.
"""

import datetime

import pytest

from requests_app.models import ExemptionCitation, Response
from tests.api.conftest import answer, client_for, make_request

D = datetime.date


@pytest.fixture
def foia_request(alice, coventry):
    return make_request(alice, coventry, sent_on=D(2022, 9, 1), visibility="private")


def url(foi_request, kind="responses"):
    return f"/api/v1/requests/{foi_request.pk}/{kind}/"


def refusal(**extra):
    return {"received_on": "2022-09-15", "kind": "substantive", "outcome": "refused", **extra}


def test_a_response_resolves_citations_as_written_in_letters(alice, foia_request):
    payload = refusal(
        exemptions=[
            "Section 24(1)",
            {"citation": "s.38(1)(b)", "public_interest_test": True},
            "section 40(2)",
            {"citation": "s40(5)", "ncnd": True},
        ]
    )
    response = client_for(alice).post(url(foia_request), payload, format="json")
    assert response.status_code == 201, response.content
    citations = {c["code"]: c for c in response.json()["citations"]}
    assert set(citations) == {"foia-s24", "foia-s38", "foia-s40"}
    assert citations["foia-s24"]["subsection"] == "24(1)"
    assert citations["foia-s24"]["cited_as"] == "Section 24(1)"
    assert citations["foia-s38"]["public_interest_test"] is True
    # s40(2) and the NCND s40(5) are one citation of s40 with both subsections.
    assert citations["foia-s40"]["subsection"] == "40(2), 40(5)"
    assert citations["foia-s40"]["ncnd"] is True
    assert citations["foia-s40"]["cited_as"] == "section 40(2); s40(5)"
    assert ExemptionCitation.objects.filter(response__request=foia_request).count() == 3
    # The deadline chain moved with the response, in the same transaction.
    body = client_for(alice).get(f"/api/v1/requests/{foia_request.pk}/").json()
    assert body["answered_on"] == "2022-09-15"
    assert body["initial_outcome"] == "refused"
    assert body["status"] == "review_window_open"


def test_citations_resolve_against_the_requests_regime(alice, glasgow, coventry):
    foisa = make_request(alice, glasgow, sent_on=D(2022, 9, 1))
    response = client_for(alice).post(url(foisa), refusal(exemptions=["s38(1)(b)"]), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["citations"][0]["code"] == "foisa-s38"
    eir = make_request(alice, coventry, sent_on=D(2022, 9, 1), regime="eir")
    response = client_for(alice).post(
        url(eir), refusal(exemptions=["regulation 12(5)(e)", "reg 13"]), format="json"
    )
    assert response.status_code == 201, response.content
    assert [c["code"] for c in response.json()["citations"]] == ["eir-r12-5-e", "eir-r13"]


@pytest.mark.parametrize(
    ("exemptions", "message"),
    [
        (["s24(1)", "s99"], "'s99': section 99 is not in the catalogue"),
        (["regulation 12(5)(e)"], "cites a regulation but the Freedom of Information Act"),
        (["EIR 12(5)(e)"], "'EIR 12(5)(e)': it cites the Environmental Information Regulations"),
        ([{"citation": "s24", "ncnd": "yes"}], "ncnd must be true or false"),
        ([{"section": "24"}], "Expected a citation"),
        ([{"citation": "s24", "colour": "red"}], "unknown keys: colour"),
        (["s24"] * 41, "no more than 40"),
        # Would overflow ExemptionCitation.subsection (40 characters): a 500 on PostgreSQL.
        (
            ["s24(1)(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)"],
            "'s24(1)(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)': it names 17 levels",
        ),
    ],
)
def test_a_bad_citation_is_a_400_naming_it(alice, foia_request, exemptions, message):
    response = client_for(alice).post(
        url(foia_request), refusal(exemptions=exemptions), format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()["exemptions"])
    assert not Response.objects.filter(request=foia_request).exists()


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        (refusal(received_on="2022-08-31"), "received_on", "cannot be before the request's"),
        (refusal(received_on="2022-10-04"), "received_on", "cannot be in the future"),
        (refusal(outcome=""), "outcome", "is required for a substantive response"),
        (refusal(kind="postcard"), "kind", "not a valid choice"),
        (refusal(outcome="maybe"), "outcome", "not a valid choice"),
        (refusal(letter_text="x" * 100_001), "letter_text", "no more than 100000"),
        (
            {"received_on": "2022-09-05", "kind": "acknowledgement", "exemptions": ["s24"]},
            "exemptions",
            "only a substantive response cites exemptions",
        ),
        (
            {"received_on": "2022-09-05", "kind": "fees_notice", "fee_amount": "-1"},
            "fee_amount",
            "greater than or equal to 0",
        ),
    ],
)
def test_response_validation_names_the_field(alice, foia_request, payload, field, reason):
    response = client_for(alice).post(url(foia_request), payload, format="json")
    assert response.status_code == 400, response.content
    assert reason in " ".join(response.json()[field])


def test_clarification_and_fee_paid_actions(alice, foia_request):
    client = client_for(alice)
    asked = client.post(
        url(foia_request),
        {"received_on": "2022-09-05", "kind": "clarification_request"},
        format="json",
    ).json()
    assert client.get(f"/api/v1/requests/{foia_request.pk}/").json()["status"] == (
        "awaiting_clarification"
    )
    done = client.post(
        f"{url(foia_request)}{asked['id']}/clarification/", {"received_on": "2022-09-12"}
    )
    assert done.status_code == 200, done.content
    assert done.json()["clarification_received_on"] == "2022-09-12"
    # FOIA s1(3): the clock restarts on Mon 12 Sep (day 0): 13-16 Sep are days 1-4, 19 Sep
    # (State Funeral) is skipped, 20-23 Sep 5-8, 26-30 Sep 9-13, 3-7 Oct 14-18, 10-11 Oct.
    body = client.get(f"/api/v1/requests/{foia_request.pk}/").json()
    assert body["deadlines"]["response_due"] == "2022-10-11"
    wrong = client.post(f"{url(foia_request)}{asked['id']}/fee-paid/", {"paid_on": "2022-09-12"})
    assert wrong.status_code == 400
    assert "paid_on" in wrong.json()


def test_reviews_and_their_decision(alice, foia_request):
    client = client_for(alice)
    early = client.post(url(foia_request, "reviews"), {"requested_on": "2022-09-10"})
    assert early.status_code == 400  # nothing to review yet: no response, not overdue
    assert "requested_on" in early.json()
    answer(foia_request, D(2022, 9, 15), "refused", ["foia-s24"])
    before = client.post(url(foia_request, "reviews"), {"requested_on": "2022-09-14"})
    assert before.status_code == 400
    assert "requested_on" in before.json()
    created = client.post(url(foia_request, "reviews"), {"requested_on": "2022-09-16"})
    assert created.status_code == 201, created.content
    review_id = created.json()["id"]
    assert client.get(f"/api/v1/requests/{foia_request.pk}/").json()["status"] == (
        "review_requested"
    )
    bad = client.post(
        f"{url(foia_request, 'reviews')}{review_id}/decision/",
        {"decided_on": "2022-09-30", "outcome": "sideways"},
    )
    assert bad.status_code == 400
    assert "outcome" in bad.json()
    decided = client.post(
        f"{url(foia_request, 'reviews')}{review_id}/decision/",
        {"decided_on": "2022-09-30", "outcome": "upheld"},
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "upheld"
    listed = client.get(url(foia_request, "reviews")).json()["results"]
    assert [r["id"] for r in listed] == [review_id]


def test_complaints(alice, foia_request):
    client = client_for(alice)
    answer(foia_request, D(2022, 9, 15), "refused", ["foia-s24"])
    wrong = client.post(
        url(foia_request, "complaints"), {"submitted_on": "2022-09-20", "regulator": "sic"}
    )
    assert wrong.status_code == 400
    assert "regulator" in wrong.json()
    created = client.post(url(foia_request, "complaints"), {"submitted_on": "2022-09-20"})
    assert created.status_code == 201, created.content
    assert created.json()["regulator"] == "ico"
    decided = client.post(
        f"{url(foia_request, 'complaints')}{created.json()['id']}/decision/",
        {"decided_on": "2022-09-29", "outcome": "upheld"},
    )
    assert decided.status_code == 200, decided.content
    assert client.get(f"/api/v1/requests/{foia_request.pk}/").json()["status"] == "closed"


def test_events_of_public_requests_are_readable_but_only_managers_record_them(
    anon, bob, foia_request
):
    foia_request.visibility = "public"
    foia_request.save(update_fields=["visibility"])
    answer(foia_request, D(2022, 9, 15), "refused", ["foia-s24"])
    listed = anon.get(url(foia_request))
    assert listed.status_code == 200
    assert listed.json()["results"][0]["citations"][0]["code"] == "foia-s24"
    csv_text = anon.get(url(foia_request), {"format": "csv"}).content.decode()
    assert csv_text.splitlines()[0].startswith("id,received_on,kind,outcome")
    assert anon.post(url(foia_request, "reviews"), {"requested_on": "2022-09-16"}).status_code in (
        401,
        403,
    )
    forbidden = client_for(bob).post(url(foia_request, "reviews"), {"requested_on": "2022-09-16"})
    assert forbidden.status_code == 403


def test_events_of_a_private_request_are_404_to_others(bob, foia_request):
    answer(foia_request, D(2022, 9, 15), "refused", ["foia-s24"])
    response_id = Response.objects.get(request=foia_request).pk
    client = client_for(bob)
    for kind in ("responses", "reviews", "complaints"):
        assert client.get(url(foia_request, kind)).status_code == 404
    assert client.get(f"{url(foia_request)}{response_id}/").status_code == 404
    assert client.post(
        url(foia_request, "reviews"), {"requested_on": "2022-09-16"}
    ).status_code == (404)
    assert client.get("/api/v1/requests/999999/responses/").status_code == 404


def test_a_response_carries_its_reference_and_per_question_outcomes(alice, bob, foia_request):
    from requests_app.models import Exemption
    from requests_app.services.responses import QuestionInput, response_record

    created = client_for(alice).post(
        url(foia_request), refusal(reference="FOI429836404"), format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["reference"] == "FOI429836404"
    foia_request.refresh_from_db()
    assert foia_request.authority_reference == "FOI429836404"  # searchable from now on

    response_record(
        foi_request=foia_request,
        received_on=D(2022, 9, 20),
        kind="substantive",
        outcome="partial",
        reference="FOI-OTHER",
        questions=[
            QuestionInput(1, "refused", [Exemption.objects.get(code="foia-s24")]),
            QuestionInput(3, "not_held", held_by="West Midlands Police"),
        ],
    )
    foia_request.refresh_from_db()
    assert foia_request.authority_reference == "FOI429836404"  # the first one is kept
    body = client_for(alice).get(url(foia_request)).json()
    latest = body["results"][-1] if "results" in body else body[-1]
    assert latest["questions"] == [
        {
            "number": 1,
            "status": "refused",
            "question_text": "",
            "exemptions": ["foia-s24"],
            "held_by": "",
            "referrals": [],
        },
        {
            "number": 3,
            "status": "not_held",
            "question_text": "",
            "exemptions": [],
            "held_by": "West Midlands Police",
            "referrals": [],
        },
    ]


@pytest.mark.parametrize(
    "questions, message",
    [
        ([("q", 1, "maybe")], "status must be one of"),
        ([("q", 2, "refused"), ("q", 2, "answered")], "question 2 is listed twice"),
        ([("q", 1, "refused", "foisa-s31")], "not of the request's regime"),
    ],
)
def test_question_outcomes_are_validated(foia_request, questions, message):
    from django.core.exceptions import ValidationError

    from requests_app.models import Exemption
    from requests_app.services.responses import QuestionInput, response_record

    inputs = [
        QuestionInput(q[1], q[2], [Exemption.objects.get(code=c) for c in q[3:]]) for q in questions
    ]
    with pytest.raises(ValidationError, match=message):
        response_record(
            foi_request=foia_request,
            received_on=D(2022, 9, 15),
            kind="substantive",
            outcome="refused",
            questions=inputs,
        )
    assert not Response.objects.filter(request=foia_request).exists()


def test_events_are_corrected_and_deleted_through_the_api(alice, bob, foia_request):
    from requests_app.models import InternalReview

    api = client_for(alice)
    created = api.post(url(foia_request), refusal(exemptions=["s24(1)"]), format="json").json()
    one = f"{url(foia_request)}{created['id']}/"
    patched = api.patch(one, {"received_on": "2022-09-16", "reference": "R-1"}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["reference"] == "R-1"
    assert [c["code"] for c in patched.json()["citations"]] == ["foia-s24"]  # kept
    assert api.patch(one, {"kind": "fees_notice"}, format="json").status_code == 400
    foia_request.refresh_from_db()
    assert foia_request.answered_on == D(2022, 9, 16)

    review = api.post(url(foia_request, "reviews"), {"requested_on": "2022-09-20"}, format="json")
    review_url = f"{url(foia_request, 'reviews')}{review.json()['id']}/"
    decided = api.patch(
        review_url, {"decided_on": "2022-09-28", "outcome": "upheld"}, format="json"
    )
    assert decided.status_code == 200, decided.content
    foia_request.refresh_from_db()
    assert foia_request.regulator_complaint_deadline == D(2022, 11, 9)  # ICO: 6 weeks
    assert client_for(bob).delete(review_url).status_code == 404  # private to Alice
    assert api.delete(review_url).status_code == 204
    foia_request.refresh_from_db()
    assert foia_request.regulator_complaint_deadline is None
    assert InternalReview.history.filter(history_type="-").count() == 1
    assert api.delete(one).status_code == 204
    foia_request.refresh_from_db()
    assert foia_request.stage == "awaiting_response"
