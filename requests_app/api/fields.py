"""Relation fields limited to what the requesting user may use.

An unknown slug and a slug the user may not use get the same 400 ("does not exist"), so the
API never confirms that someone else's private campaign exists.
"""

from __future__ import annotations

from rest_framework import serializers

from requests_app.selectors.access import campaigns_managed_by, organisations_of


class _UserScopedSlugField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def scoped(self, user):
        raise NotImplementedError

    def get_queryset(self):
        request = self.context.get("request")
        return self.scoped(getattr(request, "user", None))


class ManagedCampaignField(_UserScopedSlugField):
    def scoped(self, user):
        return campaigns_managed_by(user)


class MemberOrganisationField(_UserScopedSlugField):
    def scoped(self, user):
        return organisations_of(user)
