"""Constraints the database itself enforces, defaults, and the change history.

Invalid values are written with ``QuerySet.update`` so they bypass model validation and reach
the database: the CHECK and UNIQUE constraints must reject them on their own.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction

from requests_app.models import (
    Exemption,
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    Membership,
    PublicAuthority,
    RegulatorComplaint,
    Response,
)
from tests import factories

pytestmark = pytest.mark.django_db


def rejected(model, pk, **values) -> bool:
    """True if the database refuses to store ``values`` on row ``pk``."""
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**values)
    except IntegrityError:
        return True
    return False


# --- Unique slugs and natural keys ---------------------------------------------------------


@pytest.mark.parametrize(
    "factory",
    [factories.AuthorityFactory, factories.CampaignFactory, factories.OrganisationFactory],
    ids=["authority", "campaign", "organisation"],
)
def test_slugs_are_unique(factory):
    factory(slug="coventry")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="coventry")


def test_one_citation_per_exemption_per_response():
    response = factories.ResponseFactory(outcome="refused")
    s24 = Exemption.objects.get(code="foia-s24")
    ExemptionCitation.objects.create(response=response, exemption=s24, cited_as="Section 24(1)")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExemptionCitation.objects.create(response=response, exemption=s24, cited_as="s24(2)")
    # The same exemption on another response is fine.
    other = factories.ResponseFactory(outcome="refused")
    ExemptionCitation.objects.create(response=other, exemption=s24, cited_as="Section 24(1)")
    assert ExemptionCitation.objects.filter(exemption=s24).count() == 2


def test_one_membership_per_user_per_organisation():
    membership = factories.MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            organisation=membership.organisation, user=membership.user, role="staff"
        )


def test_one_catalogue_entry_per_section_of_a_regime():
    with pytest.raises(IntegrityError), transaction.atomic():
        Exemption.objects.create(
            code="foia-s24-copy",
            regime="foia",
            section="24",
            title="National security",
            absolute=False,
            kind="exemption",
        )


# --- Enum columns: CHECK constraints -------------------------------------------------------


@pytest.fixture
def rows():
    foi_request = factories.FOIRequestFactory()
    response = factories.ResponseFactory(request=foi_request, outcome="refused")
    review = factories.InternalReviewFactory(request=foi_request)
    complaint = RegulatorComplaint.objects.create(
        request=foi_request, regulator="ico", submitted_on=datetime.date(2022, 10, 3)
    )
    membership = factories.MembershipFactory()
    return {
        PublicAuthority: foi_request.authority.pk,
        FOIRequest: foi_request.pk,
        Response: response.pk,
        InternalReview: review.pk,
        RegulatorComplaint: complaint.pk,
        Membership: membership.pk,
        Exemption: Exemption.objects.get(code="foia-s24").pk,
    }


@pytest.mark.parametrize(
    ("model", "field", "valid"),
    [
        (PublicAuthority, "authority_type", "police"),
        (PublicAuthority, "nation", "scotland"),
        (PublicAuthority, "default_regime", "foisa"),
        (FOIRequest, "regime", "eir"),
        (FOIRequest, "visibility", "private"),
        (FOIRequest, "stage", "answered"),
        (FOIRequest, "initial_outcome", "partial"),
        (Response, "kind", "substantive"),
        (Response, "outcome", "not_held"),
        (InternalReview, "outcome", "overturned"),
        (RegulatorComplaint, "regulator", "sic"),
        (RegulatorComplaint, "outcome", "upheld"),
        (Membership, "role", "staff"),
        (Exemption, "regime", "eisr"),
        (Exemption, "kind", "procedural"),
    ],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_enum_columns_reject_values_outside_their_choices(rows, model, field, valid):
    pk = rows[model]
    # A review outcome needs its decision date (review_outcome_needs_decision_date).
    needs_date = (model, field) == (InternalReview, "outcome")
    extra = {"decided_on": datetime.date(2022, 11, 1)} if needs_date else {}
    # Control: a valid value is accepted, so the refusal below is about the value alone.
    assert not rejected(model, pk, **{field: valid}, **extra)
    assert rejected(model, pk, **{field: "bogus"}, **extra)
    assert rejected(model, pk, **{field: valid.upper()}, **extra)


def test_outcome_only_on_substantive_responses(rows):
    pk = rows[Response]
    assert rejected(Response, pk, kind="acknowledgement")  # still outcome="refused"
    assert not rejected(Response, pk, kind="acknowledgement", outcome="")
    assert rejected(Response, pk, kind="substantive", outcome="")


def test_dates_cannot_run_backwards(rows):
    foi_request = FOIRequest.objects.get(pk=rows[FOIRequest])
    day_before = foi_request.sent_on - datetime.timedelta(days=1)
    assert rejected(FOIRequest, foi_request.pk, received_on=day_before)
    review = InternalReview.objects.get(pk=rows[InternalReview])
    assert rejected(
        InternalReview, review.pk, decided_on=review.requested_on - datetime.timedelta(days=1)
    )
    # An outcome without a decision date is a half-recorded decision.
    assert rejected(InternalReview, review.pk, outcome="upheld", decided_on=None)


# --- Defaults -------------------------------------------------------------------------------


def test_received_on_defaults_to_sent_on(user, authority):
    foi_request = FOIRequest.objects.create(
        owner=user,
        authority=authority,
        regime="foia",
        title="Prevent referrals",
        sent_on=datetime.date(2022, 6, 14),
    )
    foi_request.refresh_from_db()
    assert foi_request.received_on == datetime.date(2022, 6, 14)
    assert foi_request.visibility == "private"
    assert foi_request.stage == "awaiting_response"


def test_an_explicit_received_on_is_kept(user, authority):
    foi_request = FOIRequest.objects.create(
        owner=user,
        authority=authority,
        regime="foia",
        title="Prevent referrals",
        sent_on=datetime.date(2022, 6, 10),  # a Friday; posted, arrived on Monday
        received_on=datetime.date(2022, 6, 13),
    )
    foi_request.refresh_from_db()
    assert foi_request.received_on == datetime.date(2022, 6, 13)


@pytest.mark.parametrize(
    ("nation", "regime"),
    [
        ("scotland", "foisa"),
        ("england", "foia"),
        ("wales", "foia"),
        ("northern_ireland", "foia"),
        ("uk_wide", "foia"),
    ],
)
def test_authority_default_regime_follows_nation(nation, regime):
    # foi-law.md "The four regimes": FOISA covers Scottish public authorities, FOIA the rest.
    authority = factories.AuthorityFactory(nation=nation)
    authority.refresh_from_db()
    assert authority.default_regime == regime


def test_an_explicit_default_regime_is_kept():
    authority = factories.AuthorityFactory(nation="scotland", default_regime="eisr")
    authority.refresh_from_db()
    assert authority.default_regime == "eisr"


# --- History --------------------------------------------------------------------------------


def _citation():
    response = factories.ResponseFactory(outcome="refused")
    return ExemptionCitation.objects.create(
        response=response, exemption=Exemption.objects.get(code="foia-s24"), cited_as="s24(1)"
    )


def _complaint():
    return RegulatorComplaint.objects.create(
        request=factories.FOIRequestFactory(),
        regulator="ico",
        submitted_on=datetime.date(2022, 10, 3),
    )


@pytest.mark.parametrize(
    ("make", "field", "new_value"),
    [
        (factories.FOIRequestFactory, "authority_reference", "FOI429836404"),
        (lambda: factories.ResponseFactory(outcome="refused"), "outcome", "partial"),
        (_citation, "public_interest_test", True),
        (factories.InternalReviewFactory, "notes", "Asked for a fresh look at s24(1)."),
        (_complaint, "reference", "IC-123456-A1B2"),
        (factories.CampaignFactory, "description", "Prevent referrals"),
        (factories.AuthorityFactory, "email", "foi@example.gov.uk"),
    ],
    ids=["request", "response", "citation", "review", "complaint", "campaign", "authority"],
)
def test_every_change_is_kept_in_history(make, field, new_value):
    obj = make()
    old_value = getattr(obj, field)
    setattr(obj, field, new_value)
    obj.save()
    pk = obj.pk
    obj.delete()

    history = type(obj).history.filter(id=pk).order_by("history_id")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert [getattr(h, field) for h in history] == [old_value, new_value, new_value]


def test_history_survives_the_cascade_of_a_deleted_request():
    citation = _citation()
    foi_request = citation.response.request
    response_pk, citation_pk = citation.response.pk, citation.pk
    foi_request.delete()
    assert Response.history.filter(id=response_pk, history_type="-").exists()
    assert ExemptionCitation.history.filter(id=citation_pk, history_type="-").exists()
