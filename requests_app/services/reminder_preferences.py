"""A user's reminder preferences, one-click unsubscribe tokens and calendar-feed secret."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.models import CalendarFeedToken, NotificationPreference
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models.reminders import new_feed_token

UNSUBSCRIBE_SALT = "requests_app.reminders.unsubscribe"


def unsubscribe_token(user_id: int, kind: str) -> str:
    """Signed, so only we can mint one; no expiry, as an old email's link must still work."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind = int(payload["u"]), str(payload["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError({"token": "is not a valid unsubscribe link"}) from None
    if kind not in Kind.values:
        raise ValidationError({"token": "names an unknown kind of reminder"})
    return user_id, kind


def notification_preferences_update(*, user, changes: Mapping[str, bool]) -> dict[str, bool]:
    """Turn kinds of reminder on or off; returns the changes applied."""
    if not isinstance(changes, Mapping) or not changes:
        raise ValidationError({"preferences": "give at least one kind and true or false"})
    for kind, enabled in changes.items():
        if kind not in Kind.values:
            raise ValidationError({kind: "is not a kind of reminder"})
        if not isinstance(enabled, bool):
            raise ValidationError({kind: "must be true or false"})
    with transaction.atomic():
        for kind, enabled in changes.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"enabled": enabled}
            )
    return dict(changes)


def notification_unsubscribe(*, token: str) -> tuple[object, str]:
    """The one-click unsubscribe: turns one kind off for the token's user."""
    user_id, kind = unsubscribe_token_read(token)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise ValidationError({"token": "belongs to an account that no longer exists"})
    notification_preferences_update(user=user, changes={kind: False})
    return user, kind


def calendar_feed_token_get_or_create(*, user) -> CalendarFeedToken:
    with transaction.atomic():
        token, _ = CalendarFeedToken.objects.get_or_create(user=user)
    return token


def calendar_feed_token_rotate(*, user) -> CalendarFeedToken:
    """A new secret URL; calendars subscribed to the old one stop updating."""
    with transaction.atomic():
        token, created = CalendarFeedToken.objects.select_for_update().get_or_create(user=user)
        if not created:
            token.token = new_feed_token()
            token.save(update_fields=["token", "created_at"])
    return token
