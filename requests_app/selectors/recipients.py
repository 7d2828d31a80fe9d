"""Choosing a campaign's recipients: the directory filtered by region, nation and type."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from requests_app.models import PublicAuthority


def askable_authorities(user) -> QuerySet[PublicAuthority]:
    """Bodies ``user`` may write to: current (not abolished) and listed, or suggested by them."""
    return PublicAuthority.objects.usable_by(user).filter(active=True)


def recipient_options(user) -> dict[str, list[str]]:
    """The regions and detailed types present in the directory, for the filter menus."""
    bodies = askable_authorities(user)
    return {
        "regions": list(
            bodies.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
        ),
        "detailed_types": list(
            bodies.exclude(detailed_type="")
            .values_list("detailed_type", flat=True)
            .distinct()
            .order_by("detailed_type")
        ),
    }


def find_recipients(
    user,
    *,
    region: str = "",
    nation: str = "",
    authority_type: str = "",
    detailed_type: str = "",
    name: str = "",
) -> QuerySet[PublicAuthority]:
    """ "Every council in the West Midlands", "every police force", "every Scottish council"."""
    bodies = askable_authorities(user)
    if region:
        bodies = bodies.filter(region=region)
    if nation:
        bodies = bodies.filter(nation=nation)
    if authority_type:
        bodies = bodies.filter(authority_type=authority_type)
    if detailed_type:
        bodies = bodies.filter(detailed_type=detailed_type)
    if name:
        bodies = bodies.filter(
            Q(name__icontains=name)
            | Q(short_name__icontains=name)
            | Q(alternative_names__icontains=name)
        )
    return bodies.order_by("name", "id")


def chosen_recipients(user, ids: Iterable[int]) -> list[PublicAuthority]:
    """The ticked bodies, by name; ids the user may not write to are dropped."""
    return list(askable_authorities(user).filter(pk__in=list(ids)).order_by("name", "id"))
