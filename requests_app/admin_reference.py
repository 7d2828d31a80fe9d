"""The admin's reference data (authorities, exemptions, holidays) and people (organisations,
memberships, campaigns)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models, transaction
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from requests_app.admin_access import (
    HidesPrivateInDeletes,
    PrivateCampaignsHiddenAdmin,
)
from requests_app.admin_services import (
    ServiceErrorsAsMessages,
)
from requests_app.models import (
    Campaign,
    Exemption,
    HolidayRecompute,
    Membership,
    Organisation,
    ProclaimedHoliday,
    PublicAuthority,
)
from requests_app.services.authorities import STAFF_FIELDS as AUTHORITY_FIELDS
from requests_app.services.authorities import (
    authority_approve,
    authority_create,
    authority_update,
)
from requests_app.services.search_documents import search_documents_refresh_exemption


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


# --- Reference data ------------------------------------------------------------------------


@admin.register(PublicAuthority)
class PublicAuthorityAdmin(HidesPrivateInDeletes, ServiceErrorsAsMessages, SimpleHistoryAdmin):
    list_display = (
        "name",
        "authority_type",
        "detailed_type",
        "nation",
        "region",
        "active",
        "approved",
        "email",
    )
    list_filter = ("approved", "active", "authority_type", "nation", "region", "default_regime")
    search_fields = ("name", "short_name", "alternative_names", "slug", "email", "gss_code")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    raw_id_fields = ("replaced_by",)
    readonly_fields = ("suggested_by",)
    actions = ["approve"]

    @admin.action(description="Approve the selected suggestions (list them for everyone)")
    def approve(self, request, queryset):
        count = authority_approve(authorities=queryset.filter(approved=False))
        self.message_user(request, f"{count} authorit{'y' if count == 1 else 'ies'} approved.")

    # Through the authority services: a new type (a council that is in fact a school) moves
    # the latest date of its requests (SI 2004/3364), which only the service recomputes.
    def save_model(self, request, obj, form, change):
        if not change:
            fields = {name: getattr(obj, name) for name in AUTHORITY_FIELDS}
            created = authority_create(**fields)
            obj.pk, obj._state.adding = created.pk, False
            return
        # The form already wrote its values onto ``obj``: the service compares them with the
        # stored row, so it is given the row as stored and the changed values.
        stored = PublicAuthority.objects.get(pk=obj.pk)
        stored._history_user = request.user  # type: ignore[attr-defined]
        changed = {n: getattr(obj, n) for n in form.changed_data if n in AUTHORITY_FIELDS}
        authority_update(authority=stored, **changed)


@admin.register(Exemption)
class ExemptionAdmin(HidesPrivateInDeletes, admin.ModelAdmin):
    list_display = ("code", "regime", "section", "title", "absolute", "kind")
    list_filter = ("regime", "absolute", "kind")
    search_fields = ("code", "section", "title")
    ordering = ("regime", "id")

    def has_delete_permission(self, request, obj=None):
        # The catalogue is the law (loaded by a migration); citations point at it.
        return False

    def save_model(self, request, obj, form, change):
        # Requests citing it are found by its code, section and title: their search
        # documents change with it, in the admin's transaction.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change:
                search_documents_refresh_exemption(obj)


@admin.register(ProclaimedHoliday)
class ProclaimedHolidayAdmin(ServiceErrorsAsMessages, admin.ModelAdmin):
    """A day proclaimed at short notice, or a package day that was not a bank holiday
    (kind "Not a bank holiday"); saving or deleting it recomputes the deadlines it moves."""

    list_display = ("date", "name", "nation", "kind")
    list_filter = ("kind", "nation")
    search_fields = ("name",)
    date_hierarchy = "date"

    # Through the holiday services, which queue the recomputation of the deadlines it moves.
    def save_model(self, request, obj, form, change):
        from requests_app.services.holidays import proclaimed_holiday_save

        proclaimed_holiday_save(holiday=obj)

    def delete_model(self, request, obj):
        from requests_app.services.holidays import proclaimed_holiday_remove

        proclaimed_holiday_remove(holiday=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(HolidayRecompute)
class HolidayRecomputeAdmin(admin.ModelAdmin):
    """The recomputes holiday corrections owe: read-only, so staff can see one still pending
    after a broker outage (the reconciliation runs it every few minutes)."""

    list_display = ("date", "nation", "created_at", "done_at", "attempts", "last_error")
    list_filter = (("done_at", admin.EmptyFieldListFilter), "nation")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- People --------------------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "member_count", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description="Members", ordering="_member_count")
    def member_count(self, obj) -> int:
        return obj._member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__email", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "organisation")


@admin.register(Campaign)
class CampaignAdmin(PrivateCampaignsHiddenAdmin, SimpleHistoryAdmin):
    list_display = ("name", "owner", "organisation", "request_count", "created_at")
    list_filter = ("organisation",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("owner", "organisation")
    list_select_related = ("owner", "organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_request_count=Count("foi_requests"))

    @admin.display(description="Requests", ordering="_request_count")
    def request_count(self, obj) -> int:
        return obj._request_count
