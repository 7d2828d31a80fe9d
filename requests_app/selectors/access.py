"""Who may see and who may manage what: the visibility rules of the whole product.

- Anyone (even anonymous) sees public requests.
- A campaigner sees and manages the requests they own, public or private.
- Organisation *staff* see and manage every request of their organisation; plain members
  see only their own and the public ones.
- Site staff (``is_staff``) manage authorities and the catalogue, but get no look at anyone's
  private requests: a private request never appears to anybody else.

Views ask these functions; they never filter on ownership themselves.
"""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce

from requests_app.models import Campaign, FOIRequest, Membership, Organisation
from requests_app.models.choices import MembershipRoleChoices, VisibilityChoices
from requests_app.models.requests import FOIRequestQuerySet


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated


def staff_organisations(user) -> QuerySet:
    """The ids of the organisations ``user`` is staff of, as a subquery (no join, no DISTINCT)."""
    return Membership.objects.filter(user=user, role=MembershipRoleChoices.STAFF).values(
        "organisation_id"
    )


def _managed_q(user) -> Q:
    return Q(owner=user) | Q(organisation_id__in=staff_organisations(user))


def requests_visible_to(user) -> FOIRequestQuerySet:
    """Public requests, plus the user's own and their organisations' (as staff)."""
    public = Q(visibility=VisibilityChoices.PUBLIC)
    if not _authenticated(user):
        return FOIRequest.objects.filter(public)
    return FOIRequest.objects.filter(public | _managed_q(user))


def managed_by_annotation(user) -> Expression:
    """A boolean column: may ``user`` manage this request row (see ``can_manage_request``)."""
    if not _authenticated(user):
        return Value(False, output_field=BooleanField())
    # Coalesced: "organisation_id IN (...)" is NULL for a row with no organisation, which
    # would make the whole OR NULL (not false) for a row of someone else.
    return Coalesce(
        ExpressionWrapper(_managed_q(user), output_field=BooleanField()),
        Value(False),
        output_field=BooleanField(),
    )


def requests_managed_by(user) -> FOIRequestQuerySet:
    if not _authenticated(user):
        return FOIRequest.objects.none()
    return FOIRequest.objects.filter(_managed_q(user))


def can_manage_request(user, foi_request: FOIRequest) -> bool:
    if not _authenticated(user):
        return False
    annotated = getattr(foi_request, "managed", None)
    if annotated is not None:  # read with requests_for(): already decided in SQL
        return bool(annotated)
    if foi_request.owner_id == user.pk:
        return True
    return (
        foi_request.organisation_id is not None
        and Membership.objects.filter(
            user=user,
            organisation_id=foi_request.organisation_id,
            role=MembershipRoleChoices.STAFF,
        ).exists()
    )


def organisations_of(user) -> QuerySet[Organisation]:
    """Organisations a user may file requests and campaigns under: any they belong to."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """A campaign shows once it has a public request; before that, only to its managers.

    Its name alone can reveal what a campaigner is working on, so a campaign of private
    requests stays as private as they are.
    """
    has_public = Exists(
        FOIRequest.objects.filter(campaign=OuterRef("pk"), visibility=VisibilityChoices.PUBLIC)
    )
    if not _authenticated(user):
        return Campaign.objects.filter(has_public)
    return Campaign.objects.filter(
        has_public | Q(owner=user) | Q(organisation_id__in=staff_organisations(user))
    )


def campaigns_managed_by(user) -> QuerySet[Campaign]:
    if not _authenticated(user):
        return Campaign.objects.none()
    return Campaign.objects.filter(Q(owner=user) | Q(organisation_id__in=staff_organisations(user)))


def can_manage_campaign(user, campaign: Campaign) -> bool:
    return campaigns_managed_by(user).filter(pk=campaign.pk).exists()


def can_manage_catalogue(user) -> bool:
    """Authorities and the exemption catalogue are site data, kept by site staff."""
    return _authenticated(user) and bool(user.is_staff)


def can_file_unmatched_email(user) -> bool:
    """Incoming email no request matched waits for site staff to read and file by hand."""
    return _authenticated(user) and bool(user.is_staff)
