"""DRF permission classes; the rules themselves live in ``selectors/access.py``."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from requests_app.selectors.access import (
    can_manage_campaign,
    can_manage_catalogue,
    can_manage_request,
)


class IsSiteStaffOrReadOnly(BasePermission):
    message = "Only site staff can change authorities and the catalogue."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or can_manage_catalogue(request.user)


class CanManageRequestOrReadOnly(BasePermission):
    """Reading is decided by the queryset (private requests of others 404); writing by this."""

    message = "Only the request's owner or its organisation's staff can change it."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_manage_request(request.user, obj)


class CanManageCampaignOrReadOnly(BasePermission):
    message = "Only the campaign's owner or its organisation's staff can change it."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_manage_campaign(request.user, obj)
