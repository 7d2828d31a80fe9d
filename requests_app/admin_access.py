"""The admin keeps the promise of ``selectors/access.py``: a private request never appears
to anybody but its owner and its organisation's staff.

Site staff (``is_staff``) run the catalogue, the authorities and the reminder pipeline from
the admin; in every admin list, form, search, autocomplete, filter and history page they see
the requests ``requests_visible_to`` gives them (public ones, their own, their
organisations' as staff) and what hangs off those: responses and their letters, citations,
reviews and their notes, complaints, reminders, campaigns. Superusers see everything: they
can grant themselves any membership or permission anyway, so hiding rows from them would
promise nothing.

Delete confirmations too: Django lists every object a delete would take with it, and every
object that blocks it (an authority's or a user's requests are PROTECTed), by name. Anything
of a request the user may not see is listed as ``PRIVATE``, without its title or a link; the
delete is refused or done exactly as before.
"""

from __future__ import annotations

import functools

from django.contrib.admin.utils import NestedObjects, get_deleted_objects, quote
from django.db import models, router
from django.db.models import Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from requests_app.models import Campaign, FOIRequest
from requests_app.selectors.access import campaigns_visible_to, requests_visible_to

PRIVATE = "(private; not shown)"


def sees_everything(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


@functools.cache
def request_path(model) -> str | None:
    """The lookup from ``model`` to the request it belongs to ("" for FOIRequest), or None."""
    if model is FOIRequest:
        return ""
    links = [f for f in model._meta.get_fields() if f.many_to_one and f.concrete]
    for field in links:
        if field.related_model is FOIRequest:
            return field.name
    for field in links:
        for onward in field.related_model._meta.get_fields():
            if onward.many_to_one and onward.concrete and onward.related_model is FOIRequest:
                return f"{field.name}__{onward.name}"
    return None


def private_rule(model, user) -> Q | None:
    """Which rows of ``model`` ``user`` may see, for a model that can be private, else None."""
    if model is Campaign:
        return Q(pk__in=campaigns_visible_to(user).values("pk"))
    path = request_path(model)
    if path is None:
        return None
    visible = requests_visible_to(user).values("pk")
    if not path:
        return Q(pk__in=visible)
    return Q(**{f"{path}__in": visible}) | Q(**{f"{path}__isnull": True})


def _hidden(user, objects) -> set[tuple[type[models.Model], object]]:
    """(model, pk) of each of ``objects`` that is private to others (a request, anything of
    one, a campaign). Queries: one per such model among them."""
    by_model: dict[type[models.Model], set] = {}
    for obj in objects:
        by_model.setdefault(type(obj), set()).add(obj.pk)
    hidden = set()
    for model, pks in by_model.items():
        rule = private_rule(model, user)
        if rule is None:
            continue
        shown = set(
            model._default_manager.filter(pk__in=pks).filter(rule).values_list("pk", flat=True)
        )
        hidden |= {(model, pk) for pk in pks - shown}
    return hidden


def deleted_objects_for(objs, request, admin_site):
    """Django's ``get_deleted_objects`` (its code, but for ``PRIVATE``): the nested list of
    what goes, the counts per model, the permissions lacking, and what blocks the delete."""
    if sees_everything(request):
        return get_deleted_objects(objs, request, admin_site)
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    everything = [obj for found in collector.model_objs.values() for obj in found]
    hidden = _hidden(request.user, [*everything, *collector.protected])
    perms_needed = set()

    def format_callback(obj):
        model, opts = type(obj), obj._meta
        registered = admin_site.is_registered(model)
        if registered and not admin_site.get_model_admin(model).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        if (model, obj.pk) in hidden:
            return f"{capfirst(opts.verbose_name)}: {PRIVATE}"
        plain = f"{capfirst(opts.verbose_name)}: {obj}"
        if not registered:
            return plain
        try:
            link = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=(quote(obj.pk),),
            )
        except NoReverseMatch:
            return plain
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), link, obj)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {
        model._meta.verbose_name_plural: len(found) for model, found in collector.model_objs.items()
    }
    return to_delete, model_count, perms_needed, protected


class HidesPrivateInDeletes:
    """Mix into every ModelAdmin whose delete can reach a request's objects
    (tests/test_admin_access.py finds them)."""

    def get_deleted_objects(self, objs, request):
        return deleted_objects_for(objs, request, self.admin_site)  # type: ignore[attr-defined]


class _HidesRowsAdmin(HidesPrivateInDeletes):
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
