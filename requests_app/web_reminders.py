"""Pages for reminders: preferences, one-click unsubscribe, and the secret calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from requests_app.models import CalendarFeedToken, ReminderKindChoices
from requests_app.selectors.reminders import (
    failed_reminders_for,
    preferences_for,
    recent_reminders,
)
from requests_app.services.calendar_feed import calendar_feed as build_calendar_feed
from requests_app.services.reminder_email import absolute
from requests_app.services.reminder_preferences import (
    calendar_feed_token_get_or_create,
    calendar_feed_token_rotate,
    notification_preferences_update,
    notification_unsubscribe,
    unsubscribe_token_read,
)

app_name = "reminders"


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
            # An unticked checkbox is not submitted at all, so every kind is set each time.
            chosen = set(request.POST.getlist("kinds"))
            notification_preferences_update(
                user=request.user,
                changes={kind: kind in chosen for kind in ReminderKindChoices.values},
            )
            messages.success(request, "Your reminder settings are saved.")
        return redirect("reminders:preferences")
    token = calendar_feed_token_get_or_create(user=request.user)
    context = {
        "preferences": preferences_for(request.user),
        "recent": recent_reminders(request.user),
        "failed": failed_reminders_for(request.user, timezone.localdate()),
        "feed_url": absolute(reverse("reminders:calendar_feed", kwargs={"token": token.token})),
    }
    return render(request, "reminders/preferences.html", context)


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
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar feed")
    response = HttpResponse(
        build_calendar_feed(feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="foi-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    # The URL is the secret: keep it out of other sites' logs.
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns = [
    path("reminders/preferences/", preferences, name="preferences"),
    path("reminders/unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
