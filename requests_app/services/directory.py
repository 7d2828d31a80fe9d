"""Load a directory of public authorities (``manage.py import_authorities``).

Idempotent: a body is found again by its register code, GSS code, WhatDoTheyKnow URL name,
slug or (if only one has it) its name, and only the fields that differ are written, so a
second run writes nothing. Nothing is ever deleted, and a found body keeps its slug (its
pages and its requests' links stay where they were) and anything staff filled in that the
register leaves blank. An abolished council stays, inactive, pointing at its successor.
The whole import is one transaction: a file that fails half-way changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from requests_app.directory.readers import DirectoryEntry
from requests_app.law.regimes import default_regime_for
from requests_app.models import FOIRequest, PublicAuthority
from requests_app.services.deadlines_bulk import deadlines_recompute_bulk
from requests_app.services.summaries import summaries_refresh_authorities

BATCH = 500
# Unique keys the import finds a body by, in order of trust.
KEYS = ("register_code", "gss_code", "wdtk_url_name", "slug")
# Copied from the register; a blank value there never erases a stored one.
COPIED = (
    "name",
    "short_name",
    "alternative_names",
    "detailed_type",
    "region",
    "register_code",
    "gss_code",
    "govuk_slug",
    "wdtk_id",
    "wdtk_url_name",
    "website",
    "authority_type",
    "nation",
)
# The register's word on whether a body still exists is final.
ALWAYS = ("active", "ended_on")


@dataclass
class DirectoryImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _values(entry: DirectoryEntry) -> dict:
    values = {name: getattr(entry, name) for name in COPIED + ALWAYS}
    values["alternative_names"] = "\n".join(entry.alternative_names)
    return values


class _Index:
    """Every stored authority by each of its keys, kept up to date as the import goes."""

    def __init__(self, authorities: list[PublicAuthority]):
        self.by_key: dict[str, dict[str, PublicAuthority]] = {key: {} for key in KEYS}
        self.by_name: dict[str, list[PublicAuthority]] = {}
        for authority in authorities:
            self.add(authority)

    def add(self, authority: PublicAuthority) -> None:
        for key in KEYS:
            value = getattr(authority, key)
            if value:
                self.by_key[key].setdefault(value, authority)
        self.by_name.setdefault(authority.name.casefold(), []).append(authority)

    def find(self, entry: DirectoryEntry, claimed: set[int]) -> PublicAuthority | None:
        for key in KEYS:
            value = getattr(entry, key)
            found = self.by_key[key].get(value) if value else None
            if found is not None and id(found) not in claimed:
                return found
        same_name = [a for a in self.by_name.get(entry.name.casefold(), []) if id(a) not in claimed]
        return same_name[0] if len(same_name) == 1 else None

    def owner(self, key: str, value: str) -> PublicAuthority | None:
        return self.by_key[key].get(value) if value else None

    def free_slug(self, slug: str, code: str) -> str:
        candidate, n = slug, 1
        if candidate in self.by_key["slug"] and code:
            candidate = f"{slug}-{code.lower()}"[:120]
        while candidate in self.by_key["slug"]:
            n += 1
            candidate = f"{slug[:115]}-{n}"
        return candidate


def _apply(authority: PublicAuthority, values: dict, index: _Index, blanks_only: bool) -> list[str]:
    """Set the register's values on a stored body; the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if name in COPIED and value in ("", None):
            continue
        if blanks_only and getattr(authority, name) not in ("", None):
            continue
        if name in KEYS:
            holder = index.owner(name, value)
            if holder is not None and holder is not authority:
                continue  # another body holds this key: never steal it
        if getattr(authority, name) != value:
            changed.append(name)
    if "nation" in changed and authority.default_regime == default_regime_for(authority.nation):
        authority.default_regime = default_regime_for(values["nation"]).value
        changed.append("default_regime")
    for name in changed:
        if name != "default_regime":
            setattr(authority, name, values[name])
    if not authority.approved:
        # A user's suggestion that turns out to be in the register is listed for everyone.
        authority.approved = True
        changed.append("approved")
    return changed


def directory_import(entries: Iterable[DirectoryEntry]) -> DirectoryImportResult:
    result = DirectoryImportResult()
    entries = list(entries)
    with transaction.atomic():
        index = _Index(list(PublicAuthority.objects.select_for_update().order_by("id")))
        claimed: set[int] = set()
        new: list[PublicAuthority] = []
        to_update: dict[int, PublicAuthority] = {}
        changed_fields: set[str] = set()
        retyped: list[int] = []
        by_code: dict[str, PublicAuthority] = {}
        for entry in entries:
            values = _values(entry)
            authority = index.find(entry, claimed)
            if authority is None:
                authority = PublicAuthority(
                    slug=index.free_slug(entry.slug, entry.register_code),
                    default_regime=default_regime_for(entry.nation).value,
                    **values,
                )
                new.append(authority)
                index.add(authority)
            else:
                old_type = authority.authority_type
                changed = _apply(authority, values, index, entry.fills_blanks_only)
                if changed:
                    to_update[id(authority)] = authority
                    changed_fields.update(changed)
                    index.add(authority)
                if authority.authority_type != old_type:
                    retyped.append(authority.pk)
            claimed.add(id(authority))
            if entry.register_code:
                by_code[entry.register_code] = authority
        created = bulk_create_with_history(new, PublicAuthority, batch_size=BATCH)
        result.created = len(created)
        # Successors once every body has an id: an abolished council may come first.
        fresh = {id(a) for a in new}
        linked_fresh = []
        for entry in entries:
            old = by_code.get(entry.register_code)
            successor = by_code.get(entry.replaced_by_code)
            if old is None or successor is None or old.replaced_by_id == successor.pk:
                continue
            old.replaced_by = successor
            if id(old) in fresh:
                linked_fresh.append(old)
            else:
                to_update[id(old)] = old
                changed_fields.add("replaced_by")
        if linked_fresh:
            # Their creation's history row shows no successor yet: a second records the link.
            bulk_update_with_history(linked_fresh, PublicAuthority, ["replaced_by"], BATCH)
        if to_update:
            bulk_update_with_history(
                list(to_update.values()), PublicAuthority, sorted(changed_fields), BATCH
            )
        if changed_fields & {"authority_type", "nation"}:
            summaries_refresh_authorities(a.pk for a in to_update.values())
        if retyped:
            # Schools have a later latest date (SI 2004/3364): their requests move.
            deadlines_recompute_bulk(FOIRequest.objects.filter(authority_id__in=retyped))
        result.updated = len(to_update)
        result.unchanged = len(entries) - result.created - result.updated
    return result
