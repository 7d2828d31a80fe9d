from django.db import models

from requests_app.models.choices import NationChoices, in_choices


class HolidayKindChoices(models.TextChoices):
    ADDED = "added", "Bank holiday (proclaimed after the package was released)"
    REMOVED = "removed", "Not a bank holiday (the package lists it wrongly)"


class ProclaimedHoliday(models.Model):
    """A correction to the `holidays` package's bank holidays: a day proclaimed after the
    package was released, or a day the package lists that was not a bank holiday.

    One-off days are announced at short notice (19 September 2022 was announced ten days
    ahead), and the package has listed days wrongly (Thursday 30 November 2006: St Andrew's
    Day became a Scottish bank holiday only in 2007). Staff add either kind here and every
    request it moves is recomputed.
    """

    date = models.DateField()
    name = models.CharField(max_length=120)
    nation = models.CharField(
        max_length=20,
        choices=NationChoices.choices,
        default=NationChoices.UK_WIDE,
        help_text="UK-wide, or the one part of the UK where the day is (or is not) a holiday.",
    )
    kind = models.CharField(
        max_length=10,
        choices=HolidayKindChoices.choices,
        default=HolidayKindChoices.ADDED,
        help_text="Add a proclaimed day, or remove a day the holidays package lists wrongly.",
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
            models.CheckConstraint(
                condition=in_choices("kind", HolidayKindChoices),
                name="proclaimed_holiday_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        removed = " (not a bank holiday)" if self.is_removal else ""
        return f"{self.date:%d %b %Y} {self.name} ({self.get_nation_display()}){removed}"

    @property
    def is_removal(self) -> bool:
        return self.kind == HolidayKindChoices.REMOVED


class HolidayRecompute(models.Model):
    """A recomputation a holiday correction owes (a transactional outbox row).

    Written in the same transaction as the correction, so it cannot be lost with the broker
    down: the task queued at commit marks it done, and a beat-driven reconciliation runs any
    left undone (the broker was unreachable, or a worker died mid-way).
    """

    date = models.DateField()
    nation = models.CharField(max_length=20, choices=NationChoices.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The reconciliation's scan: the few rows not yet done, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True),
                name="holiday_recompute_undone_idx",
            )
        ]

    def __str__(self) -> str:
        state = "done" if self.done_at else "pending"
        return f"Recompute for {self.date:%d %b %Y} ({self.get_nation_display()}): {state}"
