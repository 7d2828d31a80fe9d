"""How admin writes go through the services: a domain rule broken in the admin is a message,
not a server error (``ServiceErrorsAsMessages``); rows that move a request's deadlines
recompute them after save and delete (``RecomputesDeadlinesAdmin``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from requests_app.admin_access import (
    PrivateRequestsHiddenAdmin,
)
from requests_app.models import (
    FOIRequest,
)
from requests_app.services.deadlines import deadlines_recompute
from requests_app.services.summaries import request_summary_refresh

DEADLINE_FIELDS = (
    "stage",
    "response_due",
    "response_due_latest",
    "fee_lapses_on",
    "answered_on",
    "initial_outcome",
    "review_request_deadline",
    "review_response_due",
    "review_response_due_latest",
    "regulator_complaint_deadline",
    "next_deadline",
)


def recompute_deadlines(foi_request: FOIRequest) -> None:
    """Bring the stored deadline chain up to date after an admin edit."""
    foi_request.refresh_from_db()
    with transaction.atomic():
        deadlines_recompute(foi_request)
        request_summary_refresh(foi_request)


def adopt(form_instance: models.Model, saved: models.Model) -> None:
    """Point the admin's instance at the row a service created, so inlines attach to it."""
    form_instance.pk = saved.pk
    form_instance.refresh_from_db()
    form_instance._deadlines_fresh = True  # type: ignore[attr-defined]


class ServiceErrorsAsMessages:
    """Services validate the whole domain rule (a FOISA request has no extension, a review
    needs a response...). Their ``ValidationError`` rolls the admin's transaction back and
    comes back as an error message naming the field, not as a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for name, messages_ in errors.items():
                label = f"{name}: " if name and name != NON_FIELD_ERRORS else ""
                for message in messages_:
                    self.message_user(request, f"Not saved. {label}{message}", messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())


class RecomputesDeadlinesAdmin(
    PrivateRequestsHiddenAdmin, ServiceErrorsAsMessages, SimpleHistoryAdmin
):
    """For models whose rows move a request's deadlines: recompute after save and delete."""

    def request_of(self, obj) -> FOIRequest:
        return obj.request

    def save_related(self, request, form, formsets, change):
        # After inlines are saved, so citations and responses added on the same page count.
        super().save_related(request, form, formsets, change)
        fresh = getattr(form.instance, "_deadlines_fresh", False)
        if fresh and not any(formset.has_changed() for formset in formsets):
            return  # the service already recomputed them: one save, one history row
        recompute_deadlines(self.request_of(form.instance))

    def delete_model(self, request, obj):
        foi_request = self.request_of(obj)
        super().delete_model(request, obj)
        recompute_deadlines(foi_request)

    def delete_queryset(self, request, queryset):
        foi_requests = {self.request_of(obj).pk: self.request_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for foi_request in foi_requests.values():
            recompute_deadlines(foi_request)
