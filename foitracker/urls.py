from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("requests_app.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("requests_app.web.account_urls")),
    path("", include("requests_app.web.urls")),
    path("", include("requests_app.web_reminders", namespace="reminders")),
]
