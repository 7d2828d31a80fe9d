"""``reminders/``: a user's reminder preferences and calendar-feed URL."""

from __future__ import annotations

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.strict import StrictInput
from requests_app.models import Reminder, ReminderKindChoices
from requests_app.selectors.reminders import preferences_for, recent_reminders
from requests_app.services.reminder_email import absolute
from requests_app.services.reminder_preferences import (
    calendar_feed_token_get_or_create,
    calendar_feed_token_rotate,
    notification_preferences_update,
)


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReminderKindChoices.choices)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    enabled = serializers.BooleanField()


class PreferencesSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)


class PreferencesUpdateSerializer(StrictInput, serializers.Serializer):
    preferences = serializers.DictField(
        child=serializers.BooleanField(),
        allow_empty=False,
        help_text='Kinds to turn on or off, e.g. {"response_overdue": false}.',
    )

    def validate_preferences(self, value: dict) -> dict:
        unknown = sorted(set(value) - set(ReminderKindChoices.values))
        if unknown:
            raise serializers.ValidationError(
                f"{', '.join(unknown)}: not a kind of reminder (one of "
                f"{', '.join(ReminderKindChoices.values)})"
            )
        return value


class ReminderSerializer(serializers.ModelSerializer):
    # A staff digest covers many requests: null for it.
    request_title = serializers.CharField(source="request.title", default=None, allow_null=True)
    authority = serializers.CharField(
        source="request.authority.name", default=None, allow_null=True
    )

    class Meta:
        model = Reminder
        fields = [
            "id",
            "kind",
            "request",
            "request_title",
            "authority",
            "deadline",
            "status",
            "attempts",
            "last_error",
            "cancelled_reason",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


class RecentRemindersView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=ReminderSerializer(many=True), summary="Your latest 50 reminders and their fate"
    )
    def get(self, request: Request) -> Response:
        rows = recent_reminders(request.user, limit=50)
        return Response(ReminderSerializer(rows, many=True).data)


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Secret: anyone with it can read your deadlines.")


class PreferencesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferencesSerializer, summary="Your reminder preferences")
    def get(self, request: Request) -> Response:
        return Response({"preferences": preferences_for(request.user)})

    @extend_schema(
        request=PreferencesUpdateSerializer,
        responses=PreferencesSerializer,
        summary="Turn kinds of reminder on or off",
    )
    def patch(self, request: Request) -> Response:
        serializer = PreferencesUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notification_preferences_update(
            user=request.user, changes=serializer.validated_data["preferences"]
        )
        return Response({"preferences": preferences_for(request.user)})


def feed_url(token: str) -> str:
    return absolute(reverse("reminders:calendar_feed", kwargs={"token": token}))


class CalendarFeedView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CalendarFeedSerializer, summary="Your secret calendar-feed URL")
    def get(self, request: Request) -> Response:
        token = calendar_feed_token_get_or_create(user=request.user)
        return Response({"url": feed_url(token.token)})

    @extend_schema(
        request=None,
        responses=CalendarFeedSerializer,
        summary="Replace the calendar-feed URL; the old one stops working",
    )
    def post(self, request: Request) -> Response:
        token = calendar_feed_token_rotate(user=request.user)
        return Response({"url": feed_url(token.token)})


urlpatterns = [
    path("reminders/", RecentRemindersView.as_view(), name="reminder-list"),
    path("reminders/preferences/", PreferencesView.as_view(), name="reminder-preferences"),
    path("reminders/calendar-feed/", CalendarFeedView.as_view(), name="reminder-calendar-feed"),
]
