"""Campaigns: the same question sent to many authorities, logged in one go."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from requests_app.models import Campaign, FOIRequest, PublicAuthority
from requests_app.models.choices import VisibilityChoices
from requests_app.services.campaign_laws import AUTO, regime_for
from requests_app.services.requests import foi_request_create

EDITABLE_FIELDS = frozenset({"name", "slug", "description", "organisation"})
MAX_AUTHORITIES_PER_BATCH = 500


def _free_slug(base: str, exclude_pk: int | None = None) -> str:
    base = (slugify(base) or "campaign")[:110]
    others = Campaign.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _validate(campaign: Campaign) -> None:
    if not (campaign.name or "").strip():
        raise ValidationError({"name": "is required"})
    if Campaign.objects.filter(slug=campaign.slug).exclude(pk=campaign.pk).exists():
        raise ValidationError({"slug": f"{campaign.slug!r} is already taken"})


def campaign_create(
    *, owner, name: str, slug: str = "", description: str = "", organisation=None
) -> Campaign:
    """A new campaign; without a slug, one is made from the name ("-2" if taken)."""
    campaign = Campaign(
        owner=owner,
        name=name,
        slug=slug or _free_slug(name),
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
