"""The catalogue of exemptions, exceptions and procedural grounds of the four regimes.

Source: ``shared/foi-law.md``, section "Refusals". Every entry listed there is here, and a
data migration loads this list into the ``Exemption`` table.

Codes are stable slugs: the regime, then ``s`` and the section for Acts (``foia-s24``) or
``r`` and the regulation path for Regulations (``eir-r12-5-e``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from requests_app.law.regimes import Regime


class ExemptionKind(StrEnum):
    EXEMPTION = "exemption"
    EXCEPTION = "exception"
    PROCEDURAL = "procedural"


@dataclass(frozen=True)
class CatalogueEntry:
    regime: Regime
    section: str  # as printed in the legislation: "24", "22A", "12(5)(e)"
    title: str
    absolute: bool
    kind: ExemptionKind
    note: str = ""

    @property
    def code(self) -> str:
        return exemption_code(self.regime, self.section)


def exemption_code(regime: Regime | str, section: str) -> str:
    """``("foia", "24") -> "foia-s24"``; ``("eir", "12(5)(e)") -> "eir-r12-5-e"``."""
    regime = Regime(regime)
    prefix = "r" if regime in (Regime.EIR, Regime.EISR) else "s"
    parts = [p for p in re.split(r"[()]+", section.lower()) if p]
    return f"{regime.value}-{prefix}{'-'.join(parts)}"


_E = ExemptionKind.EXEMPTION
_X = ExemptionKind.EXCEPTION
_P = ExemptionKind.PROCEDURAL

_FOIA: list[tuple[str, str, bool, ExemptionKind, str]] = [
    (
        "12",
        "Cost of compliance exceeds appropriate limit",
        False,
        _P,
        "£450 local / £600 central government, at £25 an hour",
    ),
    ("14", "Vexatious or repeated requests", False, _P, "s14(1) vexatious, s14(2) repeated"),
    ("21", "Information accessible to applicant by other means", True, _E, ""),
    ("22", "Information intended for future publication", False, _E, ""),
    ("22A", "Research", False, _E, ""),
    (
        "23",
        "Information supplied by, or relating to, bodies dealing with security matters",
        True,
        _E,
        "",
    ),
    ("24", "National security", False, _E, ""),
    ("26", "Defence", False, _E, ""),
    ("27", "International relations", False, _E, ""),
    ("28", "Relations within the United Kingdom", False, _E, ""),
    ("29", "The economy", False, _E, ""),
    ("30", "Investigations and proceedings conducted by public authorities", False, _E, ""),
    ("31", "Law enforcement", False, _E, ""),
    ("32", "Court records", True, _E, ""),
    ("33", "Audit functions", False, _E, ""),
    ("34", "Parliamentary privilege", True, _E, ""),
    ("35", "Formulation of government policy", False, _E, ""),
    (
        "36",
        "Prejudice to effective conduct of public affairs",
        False,
        _E,
        "absolute only for information held by the Houses of Parliament",
    ),
    ("37", "Communications with His Majesty and honours", False, _E, "37(1)(a)-(ab) are absolute"),
    ("38", "Health and safety", False, _E, ""),
    ("39", "Environmental information", False, _E, ""),
    ("40", "Personal information", True, _E, "40(1) absolute; 40(2) largely absolute"),
    ("41", "Information provided in confidence", True, _E, ""),
    ("42", "Legal professional privilege", False, _E, ""),
    ("43", "Commercial interests", False, _E, ""),
    ("44", "Prohibitions on disclosure", True, _E, ""),
]

# EIR reg 12 and 13, mirrored by EISR reg 10 and 11: all subject to the public interest test.
_EIR_SHAPE: list[tuple[str, str]] = [
    ("4)(a", "Information not held"),
    ("4)(b", "Manifestly unreasonable request"),
    ("4)(c", "Request formulated in too general a manner"),
    ("4)(d", "Material in the course of completion, unfinished documents or incomplete data"),
    ("4)(e", "Internal communications"),
    ("5)(a", "International relations, defence, national security or public safety"),
    ("5)(b", "Course of justice and inquiries"),
    ("5)(c", "Intellectual property rights"),
    ("5)(d", "Confidentiality of proceedings"),
    ("5)(e", "Confidentiality of commercial or industrial information"),
    ("5)(f", "Interests of the person who provided the information"),
    ("5)(g", "Protection of the environment"),
]


def _regulations(regime: Regime, exceptions_reg: str, personal_reg: str):
    entries = [
        CatalogueEntry(regime, f"{exceptions_reg}({para})", title, False, _X)
        for para, title in _EIR_SHAPE
    ]
    entries.append(CatalogueEntry(regime, personal_reg, "Personal data", False, _X))
    return entries


_FOISA: list[tuple[str, str, bool, ExemptionKind, str]] = [
    ("12", "Excessive cost of compliance", False, _P, ""),
    ("14", "Vexatious or repeated requests", False, _P, ""),
    ("17", "Information not held", False, _P, "a notice that the information is not held"),
    ("25", "Information otherwise accessible", True, _E, ""),
    ("26", "Prohibitions on disclosure", True, _E, ""),
    ("27", "Information intended for future publication", False, _E, ""),
    ("28", "Relations within the United Kingdom", False, _E, ""),
    ("29", "Formulation of Scottish Administration policy", False, _E, ""),
    ("30", "Prejudice to effective conduct of public affairs", False, _E, ""),
    ("31", "National security and defence", False, _E, ""),
    ("32", "International relations", False, _E, ""),
    ("33", "Commercial interests and the economy", False, _E, ""),
    ("34", "Investigations by Scottish public authorities and proceedings", False, _E, ""),
    ("35", "Law enforcement", False, _E, ""),
    ("36", "Confidentiality", False, _E, "36(2) is absolute"),
    ("37", "Court records", True, _E, ""),
    ("38", "Personal information", True, _E, "38(1)(a), (c) and (d) are absolute"),
    ("39", "Health, safety and the environment", False, _E, ""),
    ("40", "Audit functions", False, _E, ""),
    ("41", "Communications with His Majesty and honours", False, _E, ""),
]

CATALOGUE: tuple[CatalogueEntry, ...] = tuple(
    [CatalogueEntry(Regime.FOIA, s, t, a, k, n) for s, t, a, k, n in _FOIA]
    + _regulations(Regime.EIR, "12", "13")
    + [CatalogueEntry(Regime.FOISA, s, t, a, k, n) for s, t, a, k, n in _FOISA]
    + _regulations(Regime.EISR, "10", "11")
)

BY_CODE: dict[str, CatalogueEntry] = {entry.code: entry for entry in CATALOGUE}
