from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from requests_app.law.regimes import default_regime_for
from requests_app.models.choices import (
    AuthorityTypeChoices,
    NationChoices,
    RegimeChoices,
    in_choices,
)


class PublicAuthorityQuerySet(models.QuerySet):
    def listed(self) -> "PublicAuthorityQuerySet":
        """What everyone sees: approved bodies (a suggestion shows once staff approve it)."""
        return self.filter(approved=True)

    def usable_by(self, user) -> "PublicAuthorityQuerySet":
        """Approved bodies, plus those ``user`` suggested, which they may use at once."""
        if user is None or not user.is_authenticated:
            return self.listed()
        return self.filter(Q(approved=True) | Q(suggested_by=user))


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

    # The directory (manage.py import_authorities): what the registers say about the body.
    short_name = models.CharField(max_length=255, blank=True)
    alternative_names = models.TextField(
        blank=True, help_text="Other names it is known by, one per line (searched)."
    )
    detailed_type = models.CharField(
        max_length=80,
        blank=True,
        db_index=True,
        help_text="The register's finer type: “Metropolitan district”, “Territorial police "
        "force”, “Ministerial department”…",
    )
    region = models.CharField(max_length=40, blank=True, db_index=True)
    register_code = models.CharField(
        max_length=10, blank=True, help_text="mySociety's local authority code, e.g. COV."
    )
    gss_code = models.CharField(max_length=9, blank=True, verbose_name="GSS code")
    govuk_slug = models.CharField(max_length=100, blank=True, verbose_name="gov.uk slug")
    wdtk_id = models.PositiveIntegerField(null=True, blank=True, verbose_name="WhatDoTheyKnow id")
    wdtk_url_name = models.CharField(
        max_length=120, blank=True, verbose_name="WhatDoTheyKnow URL name"
    )
    active = models.BooleanField(
        default=True, db_index=True, help_text="Off for an abolished body (kept for its requests)."
    )
    ended_on = models.DateField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text="The body that took over from an abolished one.",
    )

    # Suggested by a user: theirs to use at once, listed for others once staff approve it.
    approved = models.BooleanField(default=True, db_index=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggested_authorities",
    )
    history = HistoricalRecords()

    objects = PublicAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "public authorities"
        # Lists (API, directory, pickers) show bodies by name, page by page: read in this
        # order rather than sorting 25,000 rows for each page (docs/benchmarks.md).
        indexes = [models.Index(fields=["name", "id"], name="authority_name_order_idx")]
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
            # The import finds a body again by these keys, so each names one body.
            models.UniqueConstraint(
                fields=["register_code"],
                condition=~Q(register_code=""),
                name="authority_register_code_unique",
            ),
            models.UniqueConstraint(
                fields=["gss_code"], condition=~Q(gss_code=""), name="authority_gss_code_unique"
            ),
            models.UniqueConstraint(
                fields=["wdtk_url_name"],
                condition=~Q(wdtk_url_name=""),
                name="authority_wdtk_url_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.default_regime:
            self.default_regime = default_regime_for(self.nation).value
        super().save(*args, **kwargs)
