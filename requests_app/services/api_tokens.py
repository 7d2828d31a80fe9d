"""API tokens from the web (the account page): one per user, as DRF's ``authtoken`` keeps them."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token


def api_token_create(*, user) -> Token:
    """A new token for ``user``; any previous one stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def api_token_revoke(*, user) -> bool:
    """Delete the user's token; False if they had none."""
    with transaction.atomic():
        deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
