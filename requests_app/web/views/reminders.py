"""Pages for reminders: preferences, one-click unsubscribe, and the secret calendar feed
(routes in `web/reminder_urls.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from requests_app.models import ReminderKindChoices
from requests_app.selectors.reminder_schedule import coming_reminders_for_owner
from requests_app.selectors.reminders import (
    calendar_feed_owner,
    failed_reminders_for,
    preferences_for,
    recent_reminders,
    staff_organisation_ids,
)
from requests_app.services.calendar_feed import calendar_feed as build_calendar_feed
from requests_app.services.reminder_preferences import (
    calendar_feed_token_get_or_create,
    calendar_feed_token_rotate,
    notification_preferences_update,
    notification_unsubscribe,
    unsubscribe_token_read,
)

COMING_SHOWN = 10


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "rotate-feed":
            calendar_feed_token_rotate(user=request.user)
            messages.success(
                request, "Your calendar feed has a new address; the old one stopped working."
            )
        else:
            # An unticked checkbox is not submitted at all, so every kind offered is set each
            # time; one not offered (the digest, to non-staff) keeps its setting.
            chosen = set(request.POST.getlist("kinds"))
            notification_preferences_update(
                user=request.user,
                changes={kind: kind in chosen for kind in _kinds_offered(request.user)},
            )
            lost = [
                c
                for c in coming_reminders_for_owner(request.user, timezone.localdate())
                if c.turned_off
            ]
            messages.success(
                request,
                "Your reminder settings are saved."
                + (
                    f" {len(lost)} reminder{pluralize(len(lost))} about your requests will not "
                    "be sent: they are listed under “Turned off”."
                    if lost
                    else ""
                ),
            )
        return redirect("reminders:preferences")
    token = calendar_feed_token_get_or_create(user=request.user)
    offered = _kinds_offered(request.user)
    coming = coming_reminders_for_owner(request.user, timezone.localdate())
    context = {
        "nav": "reminders",
        # What the user will no longer get because they turned its kind off (issue 13 item 4).
        "turned_off": [c for c in coming if c.turned_off],
        "coming": [c for c in coming if not c.turned_off][:COMING_SHOWN],
        "today": timezone.localdate(),
        "preferences": [p for p in preferences_for(request.user) if p["kind"] in offered],
        "recent": recent_reminders(request.user),
        "failed": failed_reminders_for(request.user, timezone.localdate()),
        # The host serving this page, which the subscriber can reach; SITE_URL is for emails,
        # which have no request (and is 127.0.0.1 by default).
        "feed_url": request.build_absolute_uri(
            reverse("reminders:calendar_feed", kwargs={"token": token.token})
        ),
    }
    return render(request, "reminders/preferences.html", context)


def _kinds_offered(user) -> list[str]:
    """Every kind, but the daily staff digest only to staff of an organisation: it is never
    sent to anyone else (services.reminders.planned_staff_digests)."""
    is_staff = bool(staff_organisation_ids(user.pk))
    return [
        k for k in ReminderKindChoices.values if is_staff or k != ReminderKindChoices.STAFF_DIGEST
    ]


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners follow GETs); POST turns the kind off."""
    try:
        _, kind = unsubscribe_token_read(token)
    except ValidationError:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=400)
    label = ReminderKindChoices(kind).label
    if request.method == "POST":
        notification_unsubscribe(token=token)
        return render(request, "reminders/unsubscribe.html", {"done": True, "label": label})
    return render(request, "reminders/unsubscribe.html", {"label": label, "token": token})


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    owner = calendar_feed_owner(token)
    if owner is None:
        raise Http404("No such calendar feed")
    response = HttpResponse(build_calendar_feed(owner), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="foi-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    # The URL is the secret: keep it out of other sites' logs.
    response["Referrer-Policy"] = "no-referrer"
    return response
