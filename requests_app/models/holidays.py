from django.db import models

from requests_app.models.choices import NationChoices, in_choices


class ProclaimedHoliday(models.Model):
    """A bank holiday proclaimed after the `holidays` package was released.

    One-off days are announced at short notice (19 September 2022 was announced ten days
    ahead): staff add them here and every open request they affect is recomputed.
    """

    date = models.DateField()
    name = models.CharField(max_length=120)
    nation = models.CharField(
        max_length=20,
        choices=NationChoices.choices,
        default=NationChoices.UK_WIDE,
        help_text="UK-wide, or the one part of the UK where the day is a bank holiday.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "nation"], name="proclaimed_holiday_unique"),
            models.CheckConstraint(
                condition=in_choices("nation", NationChoices),
                name="proclaimed_holiday_nation_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} {self.name} ({self.get_nation_display()})"
