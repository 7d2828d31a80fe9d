"""Site staff keep the list of public authorities."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.models import PublicAuthority
from requests_app.models.choices import AuthorityTypeChoices, NationChoices, RegimeChoices
from requests_app.services.deadlines import deadlines_recompute_bulk
from requests_app.services.validation import in_choices

EDITABLE_FIELDS = frozenset(
    {"name", "slug", "authority_type", "nation", "default_regime", "email", "website"}
)


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
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
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
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "cannot be changed" for name in unknown})
    type_changed = (
        fields.get("authority_type", authority.authority_type) != authority.authority_type
    )
    for name, value in fields.items():
        setattr(authority, name, value)
    _validate(authority)
    with transaction.atomic():
        authority.save()
        if type_changed:
            # Schools have a later latest date (SI 2004/3364), so their requests move.
            deadlines_recompute_bulk(authority.foi_requests.all())
    return authority


def authority_delete(*, authority: PublicAuthority) -> None:
    count = authority.foi_requests.count()
    if count:
        raise ValidationError(
            {"slug": f"{authority.name} has {count} request(s) and cannot be deleted"}
        )
    with transaction.atomic():
        authority.delete()
