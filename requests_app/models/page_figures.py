"""The last figures computed for each public page (home, an authority, an exemption, the
exemptions list, a campaign), so a page never computes statistics inside a request.

At a million requests the figures cost 0.4-2.4 s to compute; a page reads them from here
(one row by its key) and shows when they were computed. When the data has moved on since
(``data_version`` is the statistics' fingerprint, ``stats_version.py``), the page still
answers with these figures while a Celery task computes new ones; ``claimed_at`` makes a
burst of visits after a burst of writes queue one recompute. Everything here is derived and
may be deleted at any time: the next visit computes it again.
"""

from django.db import models


class PageFigures(models.Model):
    # "overview", "authority:<slug>", "exemption:<code>", "exemptions:<regime>",
    # "campaign:<id>": only for objects that exist (the view looked them up first).
    key = models.CharField(max_length=200, unique=True)
    figures = models.JSONField(null=True)  # null: never computed yet
    data_version = models.TextField(blank=True)  # the fingerprint the figures were read at
    computed_for = models.DateField(null=True)  # "today" in the figures (past deadline)
    computed_at = models.DateTimeField(null=True)
    # A refresh was queued at this time and has not finished; another is queued only once
    # this is older than PAGE_FIGURES_CLAIM_SECONDS (a lost task).
    claimed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name_plural = "page figures"

    def __str__(self) -> str:
        return self.key
