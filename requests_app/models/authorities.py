from django.db import models
from simple_history.models import HistoricalRecords

from requests_app.law.regimes import default_regime_for
from requests_app.models.choices import (
    AuthorityTypeChoices,
    NationChoices,
    RegimeChoices,
    in_choices,
)


class PublicAuthority(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True)
    authority_type = models.CharField(
        max_length=30, choices=AuthorityTypeChoices.choices, db_index=True
    )
    nation = models.CharField(max_length=20, choices=NationChoices.choices, db_index=True)
    default_regime = models.CharField(
        max_length=10,
        choices=RegimeChoices.choices,
        blank=True,
        help_text="Left blank, it follows the nation: FOISA in Scotland, FOIA elsewhere.",
    )
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "public authorities"
        constraints = [
            models.CheckConstraint(
                condition=in_choices("authority_type", AuthorityTypeChoices),
                name="authority_type_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("nation", NationChoices), name="authority_nation_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("default_regime", RegimeChoices),
                name="authority_default_regime_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.default_regime:
            self.default_regime = default_regime_for(self.nation).value
        super().save(*args, **kwargs)
