"""Django's user admin, except that deleting a user names none of the private requests that
block it (a request PROTECTs its owner) or go with it: ``admin_access.HidesPrivateInDeletes``.
Imported by ``requests_app/admin.py``; ``django.contrib.auth`` registered its admin first."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from requests_app.admin_access import HidesPrivateInDeletes

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(HidesPrivateInDeletes, DjangoUserAdmin):
    pass
