"""Read directories of public authorities into ``DirectoryEntry`` records. Pure Python.

Three shapes are recognised by their header:

- mySociety's register of UK councils (``local-authority-code``, ``official-name``...,
  CC BY 4.0), shipped in ``data/uk_local_authorities_current.csv``;
- this project's own list of the other bodies campaigners write to (``slug``, ``name``,
  ``authority_type``...), shipped in ``data/national_bodies.csv``;
- WhatDoTheyKnow's published all-authorities CSV (``Name``, ``Short name``, ``URL name``,
  ``Tags``, ``Home page``...), which a deployment may load for its tens of thousands of bodies.
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNCILS_FILE = DATA_DIR / "uk_local_authorities_current.csv"
BODIES_FILE = DATA_DIR / "national_bodies.csv"
SHIPPED_FILES = (COUNCILS_FILE, BODIES_FILE)

# The finer types of the shipped bodies (``detailed_type``), for pickers such as "every
# police force" (territorial forces, not their commissioners).
TERRITORIAL_POLICE_FORCE = "Territorial police force"
NATIONAL_POLICE_FORCE = "National police force"
POLICE_AND_CRIME_COMMISSIONER = "Police and crime commissioner"
MINISTERIAL_DEPARTMENT = "Ministerial department"

NATIONS = {
    "england": "england",
    "wales": "wales",
    "scotland": "scotland",
    "northern ireland": "northern_ireland",
}
AUTHORITY_TYPES = frozenset(
    {
        "local_council",
        "police",
        "nhs",
        "school",
        "university",
        "central_government",
        "devolved_government",
        "other",
    }
)
ALL_NATIONS = frozenset({*NATIONS.values(), "uk_wide"})

# Known errors in the mySociety register, by GSS code: Derbyshire County Council is listed in
# the West Midlands, but Derbyshire is in the East Midlands (it belongs to the East Midlands
# Combined County Authority, EMCA, in the same row). Left as published, "every West Midlands
# council" would write to it.
REGION_CORRECTIONS = {"E10000007": "East Midlands"}


class DirectoryError(ValueError):
    """A file this module cannot read, naming the line and the reason."""


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    slug: str
    authority_type: str
    nation: str
    short_name: str = ""
    alternative_names: tuple[str, ...] = ()
    detailed_type: str = ""
    region: str = ""
    register_code: str = ""
    gss_code: str = ""
    govuk_slug: str = ""
    wdtk_id: int | None = None
    wdtk_url_name: str = ""
    website: str = ""
    active: bool = True
    ended_on: datetime.date | None = None
    replaced_by_code: str = ""  # register code of the successor of an abolished council
    # True for a source less precise than the registers (WhatDoTheyKnow's tags): on a body
    # already stored it only fills blanks.
    fills_blanks_only: bool = False


def slugify(text: str, max_length: int = 120) -> str:
    """ASCII, lower case, hyphens; the same as Django's slugify for these names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("&", " and ")
    ascii_text = re.sub(r"[^\w\s-]", "", ascii_text.lower())
    return re.sub(r"[-\s_]+", "-", ascii_text).strip("-_")[:max_length].strip("-")


def _clean_names(names: Iterable[str], *taken: str) -> tuple[str, ...]:
    """Distinct alternative names, case-insensitively, leaving out the main names and any
    carrying the replacement character of a mis-encoded byte."""
    seen = {t.casefold() for t in taken if t}
    kept = []
    for raw in names:
        name = " ".join(raw.split())
        if not name or "\ufffd" in name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        kept.append(name)
    return tuple(kept)


def _int(value: str) -> int | None:
    value = value.strip()
    return int(float(value)) if value else None


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value.strip()) if value.strip() else None


# --- mySociety's register of councils ------------------------------------------------------


def _council(row: dict[str, str]) -> DirectoryEntry:
    name = row["official-name"].strip()
    short = row.get("nice-name", "").strip()
    nation = NATIONS.get(row["nation"].strip().lower())
    if nation is None:
        raise DirectoryError(f"nation {row['nation']!r} is not a UK nation")
    return DirectoryEntry(
        name=name,
        slug=slugify(name),
        # Every kind of council (London borough, district, county, unitary, combined
        # authority...) is a local council here; the register's own type is kept.
        authority_type="local_council",
        nation=nation,
        short_name=short,
        alternative_names=_clean_names(row.get("alt-names", "").split(","), name, short),
        detailed_type=row.get("local-authority-type-name", "").strip(),
        region=REGION_CORRECTIONS.get(
            row.get("gss-code", "").strip(), row.get("region", "").strip()
        ),
        register_code=row["local-authority-code"].strip(),
        gss_code=row.get("gss-code", "").strip(),
        govuk_slug=row.get("gov-uk-slug", "").strip(),
        wdtk_id=_int(row.get("wdtk-id", "")),
        active=row.get("current-authority", "").strip() == "True",
        ended_on=_date(row.get("end-date", "")),
        # Cumbria went to two councils ("CBD,WAF"): the first is recorded as its successor.
        replaced_by_code=row.get("replaced-by", "").split(",")[0].strip(),
    )


# --- This project's list of other bodies ---------------------------------------------------


def _body(row: dict[str, str]) -> DirectoryEntry:
    name = row["name"].strip()
    short = row.get("short_name", "").strip()
    if row["authority_type"] not in AUTHORITY_TYPES:
        raise DirectoryError(f"authority_type {row['authority_type']!r} is not known")
    if row["nation"] not in ALL_NATIONS:
        raise DirectoryError(f"nation {row['nation']!r} is not known")
    return DirectoryEntry(
        name=name,
        slug=row.get("slug", "").strip() or slugify(name),
        authority_type=row["authority_type"],
        nation=row["nation"],
        short_name=short,
        alternative_names=_clean_names(row.get("alternative_names", "").split("|"), name),
        detailed_type=row.get("detailed_type", "").strip(),
        region=row.get("region", "").strip(),
        website=row.get("website", "").strip(),
        wdtk_url_name=row.get("wdtk_url_name", "").strip(),
    )


# --- WhatDoTheyKnow's all-authorities CSV --------------------------------------------------

# Tag -> (authority type, finer type); the first tag found in this order decides.
WDTK_TYPES: tuple[tuple[str, str, str], ...] = (
    ("police", "police", "Police"),
    ("pcc", "police", POLICE_AND_CRIME_COMMISSIONER),
    ("ministerial_department", "central_government", MINISTERIAL_DEPARTMENT),
    ("department", "central_government", "Government department"),
    ("central_government", "central_government", "Central government"),
    ("devolved", "devolved_government", "Devolved government"),
    ("local_council", "local_council", "Local council"),
    ("parish_council", "local_council", "Parish or town council"),
    ("school", "school", "School"),
    ("academy", "school", "Academy"),
    ("university", "university", "University"),
    ("nhs", "nhs", "NHS body"),
    ("health", "nhs", "NHS body"),
)
WDTK_NATIONS = {
    "scotland": "scotland",
    "scottish": "scotland",
    "wales": "wales",
    "welsh": "wales",
    "northern_ireland": "northern_ireland",
    "ni": "northern_ireland",
}


def _wdtk(row: dict[str, str]) -> DirectoryEntry:
    name = row["Name"].strip()
    url_name = row["URL name"].strip()
    tags = {tag.split(":")[0].lower() for tag in row.get("Tags", "").split()}
    authority_type, detailed = "other", ""
    for tag, kind, finer in WDTK_TYPES:
        if tag in tags:
            authority_type, detailed = kind, finer
            break
    nation = next((WDTK_NATIONS[t] for t in sorted(tags) if t in WDTK_NATIONS), None)
    if nation is None:
        # No place in the tags: a government department is UK-wide, a local body English
        # (the regime is the same: only Scottish bodies answer under FOISA).
        nation = "uk_wide" if authority_type == "central_government" else "england"
    short = row.get("Short name", "").strip()
    website = row.get("Home page", "").strip()
    return DirectoryEntry(
        name=name,
        slug=slugify(url_name or name),
        authority_type=authority_type,
        nation=nation,
        short_name=short,
        alternative_names=_clean_names([short], name),
        detailed_type=detailed,
        wdtk_url_name=url_name,
        website=website if website.startswith(("http://", "https://")) else "",
        active="defunct" not in tags,
        fills_blanks_only=True,
    )


SHAPES = (
    ("local-authority-code", "official-name", _council),
    ("URL name", "Name", _wdtk),
    ("slug", "authority_type", _body),
)


def read_entries(lines: Iterable[str]) -> Iterator[DirectoryEntry]:
    """Entries from CSV text, its shape recognised by the header; DirectoryError names the
    line of a row that cannot be read."""
    reader = csv.DictReader(lines)
    header = set(reader.fieldnames or ())
    parse = next((p for first, second, p in SHAPES if {first, second} <= header), None)
    if parse is None:
        raise DirectoryError(
            "unrecognised header: expected mySociety's register (local-authority-code, "
            "official-name...), WhatDoTheyKnow's (Name, URL name, Tags...) or this "
            "project's (slug, name, authority_type, nation...)"
        )
    for row in reader:
        try:
            entry = parse(row)
        except (KeyError, ValueError, AttributeError) as error:
            raise DirectoryError(f"line {reader.line_num}: {error}") from error
        if not entry.name:
            raise DirectoryError(f"line {reader.line_num}: the name is empty")
        yield entry


def read_file(path: str | Path) -> list[DirectoryEntry]:
    # Some alternative names carry mis-encoded bytes: replaced, then left out.
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        return list(read_entries(handle))


def read_shipped() -> list[DirectoryEntry]:
    return [entry for path in SHIPPED_FILES for entry in read_file(path)]
