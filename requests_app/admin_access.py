"""The admin keeps the promise of ``selectors/access.py``: a private request never appears
to anybody but its owner and its organisation's staff.

Site staff (``is_staff``) run the catalogue, the authorities and the reminder pipeline from
the admin; in every admin list, form, search, autocomplete, filter and history page they see
the requests ``requests_visible_to`` gives them (public ones, their own, their
organisations' as staff) and what hangs off those: responses and their letters, citations,
reviews and their notes, complaints, reminders, campaigns. Superusers see everything: they
can grant themselves any membership or permission anyway, so hiding rows from them would
promise nothing.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from requests_app.selectors.access import campaigns_visible_to, requests_visible_to


def sees_everything(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class _HidesRowsAdmin:
    """Base: ``visible(request)`` narrows every queryset; history pages obey it too."""

    def visible(self, request) -> Q:
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if sees_everything(request):
            return queryset
        return queryset.filter(self.visible(request))

    def _require_visible(self, request, object_id) -> None:
        if sees_everything(request):
            return
        model = self.model  # type: ignore[attr-defined]
        try:
            pk = model._meta.pk.to_python(object_id)
        except Exception:
            raise Http404 from None
        if not self.get_queryset(request).filter(pk=pk).exists():
            # simple_history would otherwise rebuild the object from its history rows.
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]


class PrivateRequestsHiddenAdmin(_HidesRowsAdmin):
    """For FOIRequest and everything that belongs to one: ``request_path`` leads to it."""

    request_path = "request"  # "" for FOIRequest itself

    def visible(self, request) -> Q:
        lookup = f"{self.request_path}__in" if self.request_path else "pk__in"
        return Q(**{lookup: requests_visible_to(request.user).values("pk")})


class PrivateCampaignsHiddenAdmin(_HidesRowsAdmin):
    def visible(self, request) -> Q:
        return Q(pk__in=campaigns_visible_to(request.user).values("pk"))


class RemindersHiddenAdmin(PrivateRequestsHiddenAdmin):
    """A reminder about a request follows it; a digest (no request) is its recipient's."""

    def visible(self, request) -> Q:
        return super().visible(request) | Q(request__isnull=True, recipient=request.user)
