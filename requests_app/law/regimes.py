"""The four UK information-access regimes and the vocabulary shared by the whole product."""

from __future__ import annotations

import datetime
from enum import StrEnum

# All four regimes gave their rights of access from the same day: FOIA s87(3), the EIR 2004
# (reg 1), FOISA and the EISR 2004 all commenced on 1 January 2005. A request, letter or
# review dated before it cannot be one made under any of them.
RIGHT_OF_ACCESS_BEGAN = datetime.date(2005, 1, 1)


class Regime(StrEnum):
    FOIA = "foia"
    EIR = "eir"
    FOISA = "foisa"
    EISR = "eisr"

    @property
    def label(self) -> str:
        return REGIME_LABELS[self]

    @property
    def is_scottish(self) -> bool:
        return self in (Regime.FOISA, Regime.EISR)

    @property
    def regulator(self) -> Regulator:
        return Regulator.SIC if self.is_scottish else Regulator.ICO


class Regulator(StrEnum):
    ICO = "ico"
    SIC = "sic"


class Nation(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"
    UK_WIDE = "uk_wide"


REGIME_LABELS: dict[Regime, str] = {
    Regime.FOIA: "Freedom of Information Act 2000",
    Regime.EIR: "Environmental Information Regulations 2004",
    Regime.FOISA: "Freedom of Information (Scotland) Act 2002",
    Regime.EISR: "Environmental Information (Scotland) Regulations 2004",
}

REGULATOR_LABELS: dict[Regulator, str] = {
    Regulator.ICO: "Information Commissioner's Office",
    Regulator.SIC: "Scottish Information Commissioner",
}


def default_regime_for(nation: str) -> Regime:
    """Scottish public authorities answer under FOISA; everyone else under FOIA."""
    return Regime.FOISA if nation == Nation.SCOTLAND else Regime.FOIA
