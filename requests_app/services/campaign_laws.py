"""Which law each body of a campaign is asked under."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from requests_app.law.regimes import Regime
from requests_app.models import PublicAuthority
from requests_app.models.choices import RegimeChoices
from requests_app.services.requests import regime_applies_to_authority

# The law a campaign asks under: each body's own (FOISA in Scotland, FOIA elsewhere), the
# environmental regulations of each body's nation, or one Act for every body.
AUTO = "auto"
ENVIRONMENTAL = "environmental"
LAW_CHOICES = [
    (AUTO, "Usual: FOISA in Scotland, FOIA elsewhere"),
    (ENVIRONMENTAL, "Environmental: EISR in Scotland, EIR elsewhere"),
    *RegimeChoices.choices,
]


def regime_for(authority: PublicAuthority, law: str) -> str:
    """The regime ``authority`` is asked under; a ``ValidationError`` if it cannot be."""
    own = Regime(authority.default_regime)
    if law == AUTO:
        return own.value
    if law == ENVIRONMENTAL:
        return (Regime.EISR if own.is_scottish else Regime.EIR).value
    if law not in RegimeChoices.values:
        raise ValidationError({"law": f"must be one of: {', '.join(c for c, _ in LAW_CHOICES)}"})
    regime_applies_to_authority(law, authority)
    return law
