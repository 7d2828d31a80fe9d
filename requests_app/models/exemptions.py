from django.db import models

from requests_app.models.choices import ExemptionKindChoices, RegimeChoices, in_choices


class Exemption(models.Model):
    """One entry of the statutory catalogue (loaded by a data migration from law.exemptions)."""

    code = models.SlugField(max_length=40, unique=True)
    regime = models.CharField(max_length=10, choices=RegimeChoices.choices, db_index=True)
    section = models.CharField(max_length=20, help_text='As printed: "24", "22A", "12(5)(e)".')
    title = models.CharField(max_length=200)
    absolute = models.BooleanField(
        help_text="Absolute exemptions need no public interest test; the rest are qualified."
    )
    kind = models.CharField(max_length=20, choices=ExemptionKindChoices.choices)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["regime", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "section"], name="exemption_regime_section_unique"
            ),
            models.CheckConstraint(
                condition=in_choices("regime", RegimeChoices), name="exemption_regime_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("kind", ExemptionKindChoices), name="exemption_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_regime_display()} {self.section} {self.title}"

    @property
    def qualified(self) -> bool:
        return not self.absolute
