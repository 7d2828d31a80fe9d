"""Site staff keep the list of public authorities."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from requests_app.models import PublicAuthority
from requests_app.models.choices import AuthorityTypeChoices, NationChoices, RegimeChoices
from requests_app.services.deadlines_bulk import deadlines_recompute_bulk
from requests_app.services.summaries import summaries_refresh_authorities
from requests_app.services.validation import in_choices

EDITABLE_FIELDS = frozenset(
    {"name", "slug", "authority_type", "nation", "default_regime", "email", "website"}
)
# What the directory import sets, which site staff may correct too (the admin).
DIRECTORY_FIELDS = frozenset(
    {
        "short_name",
        "alternative_names",
        "detailed_type",
        "region",
        "register_code",
        "gss_code",
        "govuk_slug",
        "wdtk_id",
        "wdtk_url_name",
        "active",
        "ended_on",
        "replaced_by",
        "approved",
    }
)
STAFF_FIELDS = EDITABLE_FIELDS | DIRECTORY_FIELDS


def _validate(authority: PublicAuthority) -> None:
    if not (authority.name or "").strip():
        raise ValidationError({"name": "is required"})
    in_choices("authority_type", authority.authority_type, AuthorityTypeChoices)
    in_choices("nation", authority.nation, NationChoices)
    if authority.default_regime:
        in_choices("default_regime", authority.default_regime, RegimeChoices)
    clash = PublicAuthority.objects.filter(slug=authority.slug).exclude(pk=authority.pk)
    if clash.exists():
        raise ValidationError({"slug": f"{authority.slug!r} is already taken"})


def authority_create(**fields) -> PublicAuthority:
    unknown = sorted(set(fields) - STAFF_FIELDS)
    if unknown:
        raise ValidationError({name: "is not an authority field" for name in unknown})
    authority = PublicAuthority(**fields)
    _validate(authority)
    with transaction.atomic():
        authority.save()
    return authority


def authority_update(*, authority: PublicAuthority, **fields) -> PublicAuthority:
    """Edit an authority. Its requests keep the regime they were made under: a request's
    regime is the law it was answered under, fixed when it was made."""
    unknown = sorted(set(fields) - STAFF_FIELDS)
    if unknown:
        raise ValidationError({name: "cannot be changed" for name in unknown})
    type_changed = (
        fields.get("authority_type", authority.authority_type) != authority.authority_type
    )
    nation_changed = fields.get("nation", authority.nation) != authority.nation
    for name, value in fields.items():
        setattr(authority, name, value)
    _validate(authority)
    with transaction.atomic():
        authority.save()
        if type_changed:
            # Schools have a later latest date (SI 2004/3364), so their requests move.
            deadlines_recompute_bulk(authority.foi_requests.all())
        if type_changed or nation_changed:
            summaries_refresh_authorities([authority.pk])
    return authority


def authority_delete(*, authority: PublicAuthority) -> None:
    count = authority.foi_requests.count()
    if count:
        raise ValidationError(
            {"slug": f"{authority.name} has {count} request(s) and cannot be deleted"}
        )
    with transaction.atomic():
        authority.delete()


def authority_suggest(
    *, user, name: str, authority_type: str, nation: str, email: str = "", website: str = ""
) -> PublicAuthority:
    """A body a signed-in user could not find: theirs to use at once, listed for everyone
    else once site staff approve it (``authority_approve``)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "is required"})
    same = PublicAuthority.objects.usable_by(user).filter(name__iexact=name).first()
    if same is not None:
        raise ValidationError({"name": f"{same.name} is already in the directory"})
    base = slugify(name)[:110] or "authority"
    slug, n = base, 1
    while PublicAuthority.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    authority = PublicAuthority(
        name=name,
        slug=slug,
        authority_type=authority_type,
        nation=nation,
        email=email,
        website=website,
        approved=False,
        suggested_by=user,
    )
    _validate(authority)
    with transaction.atomic():
        authority.save()
    return authority


def authority_approve(*, authorities: Iterable[PublicAuthority]) -> int:
    """List suggested bodies for everyone; one saved (and history) row each."""
    count = 0
    with transaction.atomic():
        for authority in authorities:
            if not authority.approved:
                authority.approved = True
                authority.save(update_fields=["approved"])
                count += 1
    return count
