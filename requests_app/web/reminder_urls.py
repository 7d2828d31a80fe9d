"""Routes of the reminder pages (`web/views/reminders.py`), under the `reminders` namespace."""

from django.urls import path

from requests_app.web.views import reminders

app_name = "reminders"

urlpatterns = [
    path("reminders/preferences/", reminders.preferences, name="preferences"),
    path("reminders/unsubscribe/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
    path("calendar/<str:token>.ics", reminders.calendar_feed, name="calendar_feed"),
]
