"""Reads over the authority directory: search, the /authorities/ list and its menus."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from requests_app.models import PublicAuthority
from requests_app.models.choices import VisibilityChoices


def authority_search(queryset: QuerySet[PublicAuthority], text: str) -> QuerySet[PublicAuthority]:
    """Every word in the name, short name, an alternative name or the slug ("DWP", "Caerdydd",
    "west midlands police" all find their body)."""
    for word in text.split()[:10]:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(short_name__icontains=word)
            | Q(alternative_names__icontains=word)
            | Q(slug__icontains=word)
        )
    return queryset


def authority_directory(
    user,
    *,
    search: str = "",
    authority_type: str = "",
    nation: str = "",
    region: str = "",
    include_inactive: bool = False,
) -> QuerySet[PublicAuthority]:
    """The directory as the user may see it (approved bodies and their own suggestions),
    filtered, by name, each with its number of public requests: one query per page."""
    queryset: QuerySet[PublicAuthority] = PublicAuthority.objects.usable_by(user)
    if not include_inactive:
        queryset = queryset.filter(active=True)
    if authority_type:
        queryset = queryset.filter(authority_type=authority_type)
    if nation:
        queryset = queryset.filter(nation=nation)
    if region:
        queryset = queryset.filter(region=region)
    if search:
        queryset = authority_search(queryset, search)
    return queryset.annotate(
        public_requests=Count(
            "foi_requests", filter=Q(foi_requests__visibility=VisibilityChoices.PUBLIC)
        )
    ).order_by("name", "id")


def authority_regions() -> list[str]:
    """The regions in the directory, for the filter menu: one query."""
    return list(
        PublicAuthority.objects.listed()
        .exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )
