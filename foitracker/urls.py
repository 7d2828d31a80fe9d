from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from requests_app.email_webhook import inbound_webhook_urlpatterns
from requests_app.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("requests_app.api.urls")),
    path("healthz", healthz, name="healthz"),
    # Hosted mail providers' inbound webhooks (README "Receiving replies by email").
    path("anymail/", include((inbound_webhook_urlpatterns(), "anymail"))),
    # Browsers ask for /favicon.ico on pages that name no icon (the API's JSON, files).
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
    path("accounts/", include("requests_app.web.account_urls")),
    path("", include("requests_app.web.urls")),
    path("", include("requests_app.web.reminder_urls", namespace="reminders")),
]

# JSON, not the site's HTML page, for API URLs that match no route (requests_app/api/errors.py).
handler404 = "requests_app.api.errors.not_found"
handler400 = "requests_app.api.errors.bad_request"
