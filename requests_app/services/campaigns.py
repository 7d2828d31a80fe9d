"""Campaigns: the same question sent to many authorities, logged in one go."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from requests_app.models import Campaign, FOIRequest, PublicAuthority
from requests_app.models.choices import VisibilityChoices
from requests_app.services.campaign_laws import AUTO, regime_for
from requests_app.services.requests import foi_request_create

EDITABLE_FIELDS = frozenset({"name", "slug", "description", "organisation"})
MAX_AUTHORITIES_PER_BATCH = 500


# No 0/o, 1/l/i: a suffix read aloud or copied by hand stays right.
SLUG_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SLUG_SUFFIX_LENGTH = 6


def _new_slug(base: str) -> str:
    """``<readable part>-<random suffix>``, whatever other campaigns exist.

    Slugs are unique across all campaigns, private ones included. Choosing "name" when free
    and "name-2" when taken (or saying "already taken") would tell anyone that somebody's
    private campaign holds that name; a random suffix on every new slug tells nothing.
    """
    readable = (slugify(base) or "campaign")[: 120 - SLUG_SUFFIX_LENGTH - 1]
    while True:  # 31**6 suffixes: a clash is a one-in-a-billion event
        slug = f"{readable}-{get_random_string(SLUG_SUFFIX_LENGTH, SLUG_SUFFIX_ALPHABET)}"
        if not Campaign.objects.filter(slug=slug).exists():
            return slug


def _validate(campaign: Campaign) -> None:
    if not (campaign.name or "").strip():
        raise ValidationError({"name": "is required"})


def campaign_create(
    *, owner, name: str, slug: str = "", description: str = "", organisation=None
) -> Campaign:
    """A new campaign, its slug made from ``slug`` (or the name) plus a random suffix."""
    campaign = Campaign(
        owner=owner,
        name=name,
        slug=_new_slug(slug or name),
        description=description,
        organisation=organisation,
    )
    _validate(campaign)
    with transaction.atomic():
        campaign.save()
    return campaign


def campaign_update(*, campaign: Campaign, **fields) -> Campaign:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "cannot be changed" for name in unknown})
    if fields.get("slug") not in (None, campaign.slug):
        fields["slug"] = _new_slug(fields["slug"])  # a new slug, chosen as for a new campaign
    for name, value in fields.items():
        setattr(campaign, name, value)
    _validate(campaign)
    with transaction.atomic():
        campaign.save()
    return campaign


def campaign_delete(*, campaign: Campaign) -> None:
    """The campaign goes; its requests stay, no longer grouped (the FK is SET_NULL)."""
    with transaction.atomic():
        campaign.delete()


def campaign_requests_create(
    *,
    campaign: Campaign,
    owner,
    authorities: Sequence[PublicAuthority],
    title: str,
    sent_on: datetime.date,
    received_on: datetime.date | None = None,
    text: str = "",
    visibility: str = VisibilityChoices.PRIVATE,
    law: str = AUTO,
) -> list[FOIRequest]:
    """Log the campaign's question to each authority: all the requests, or none.

    With ``law="auto"`` each request takes its authority's regime (FOISA for Scottish
    councils), so one batch can mix regimes and each gets its own calendar; see
    ``campaign_laws.regime_for`` for the others.
    """

    if not authorities:
        raise ValidationError({"authorities": "name at least one authority"})
    if len(authorities) > MAX_AUTHORITIES_PER_BATCH:
        raise ValidationError(
            {"authorities": f"at most {MAX_AUTHORITIES_PER_BATCH} authorities per batch"}
        )
    seen: set[int] = set()
    for authority in authorities:
        if authority.pk in seen:
            raise ValidationError({"authorities": f"{authority.slug} is listed twice"})
        seen.add(authority.pk)
    with transaction.atomic():
        return [
            foi_request_create(
                owner=owner,
                authority=authority,
                title=title,
                text=text,
                sent_on=sent_on,
                received_on=received_on,
                regime=regime_for(authority, law),
                campaign=campaign,
                organisation=campaign.organisation,
                visibility=visibility,
            )
            for authority in authorities
        ]
