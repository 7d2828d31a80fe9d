from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from requests_app import url_converters  # noqa: F401  (registers <id:...>)
from requests_app.api import reminders
from requests_app.api.authorities import AuthorityViewSet
from requests_app.api.campaigns import CampaignViewSet
from requests_app.api.deadlines import DeadlineCalculatorView
from requests_app.api.email_messages import MessageAttachmentView, RequestMessagesView
from requests_app.api.email_proposals import MessageConfirmView
from requests_app.api.email_sending import (
    CampaignSendView,
    OutgoingEmailListView,
    OutgoingEmailRetryView,
    OutgoingEmailView,
    RequestSendView,
)
from requests_app.api.events import ComplaintViewSet, ResponseViewSet, ReviewViewSet
from requests_app.api.exemptions import ExemptionViewSet
from requests_app.api.letter_drafts import ComplaintLetterView, ReviewRequestLetterView
from requests_app.api.letters import LetterAnalyseView
from requests_app.api.requests import FOIRequestViewSet
from requests_app.api.review_windows import ReviewWindowListView
from requests_app.api.stats import ExemptionStatsView, RefusalStatsView

app_name = "api"

router = DefaultRouter()
router.register("authorities", AuthorityViewSet, basename="authority")
router.register("exemptions", ExemptionViewSet, basename="exemption")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("requests", FOIRequestViewSet, basename="request")

# The events of one request, under it: requests/{request_pk}/responses/...
events = DefaultRouter(trailing_slash=True)
events.include_root_view = False
events.register("responses", ResponseViewSet, basename="response")
events.register("reviews", ReviewViewSet, basename="review")
events.register("complaints", ComplaintViewSet, basename="complaint")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files (SPECTACULAR_SETTINGS),
    # so the docs work offline; the split view serves Swagger UI's start-up script as a file.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path(
        "redoc/",
        # ReDoc styles itself with injected <style> elements and searches in a worker made
        # from a blob: only this page allows them. Its "API docs by Redocly" logo, fetched
        # from Redocly's CDN, stays blocked (ReDoc hides it): our pages call no third party.
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    path("deadlines/", DeadlineCalculatorView.as_view(), name="deadline-calculator"),
    *reminders.urlpatterns,
    path("requests/<id:request_pk>/", include(events.urls)),
    path(
        "requests/<id:request_pk>/messages/",
        RequestMessagesView.as_view(),
        name="request-messages",
    ),
    path(
        "requests/<id:request_pk>/messages/<id:message_pk>/confirm/",
        MessageConfirmView.as_view(),
        name="request-message-confirm",
    ),
    path(
        "requests/<id:request_pk>/messages/<id:message_pk>/attachments/<id:attachment_pk>/",
        MessageAttachmentView.as_view(),
        name="request-message-attachment",
    ),
    path(
        "requests/<id:request_pk>/letters/review-request/",
        ReviewRequestLetterView.as_view(),
        name="letter-review-request",
    ),
    path(
        "requests/<id:request_pk>/letters/complaint/",
        ComplaintLetterView.as_view(),
        name="letter-complaint",
    ),
    path("requests/<id:request_pk>/send/", RequestSendView.as_view(), name="request-send"),
    path(
        "requests/<id:request_pk>/emails/",
        OutgoingEmailListView.as_view(),
        name="outgoing-emails",
    ),
    path(
        "requests/<id:request_pk>/emails/<id:email_pk>/",
        OutgoingEmailView.as_view(),
        name="outgoing-email",
    ),
    path(
        "requests/<id:request_pk>/emails/<id:email_pk>/retry/",
        OutgoingEmailRetryView.as_view(),
        name="outgoing-email-retry",
    ),
    path("campaigns/<slug:slug>/send/", CampaignSendView.as_view(), name="campaign-send"),
    path("letters/analyse/", LetterAnalyseView.as_view(), name="letter-analyse"),
    path("review-windows/", ReviewWindowListView.as_view(), name="review-windows"),
    path("stats/exemptions/", ExemptionStatsView.as_view(), name="stats-exemptions"),
    path("stats/refusals/", RefusalStatsView.as_view(), name="stats-refusals"),
    path("", include(router.urls)),
]
