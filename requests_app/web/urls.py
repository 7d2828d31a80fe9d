from django.urls import path

from requests_app import url_converters  # noqa: F401  (registers <id:...>)
from requests_app.web import feeds
from requests_app.web.views import (
    authorities,
    browse,
    calculator,
    campaign_new,
    campaigns,
    corrections,
    email_holding,
    email_replies,
    email_sending,
    exemptions,
    home,
    letters,
    request_page,
    requests,
    review_windows,
    stats,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("overview/", home.overview, name="overview"),
    path("requests/", browse.requests_list, name="requests"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<id:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<id:pk>/edit/", corrections.request_edit, name="request_edit"),
    path("requests/<id:pk>/email/<slug:kind>/", email_sending.email_send, name="email_send"),
    path(
        "requests/<id:pk>/emails/<id:email_pk>/retry/",
        email_sending.email_retry,
        name="email_retry",
    ),
    path(
        "requests/<id:pk>/emails/<id:email_pk>/confirm/",
        email_replies.proposal_confirm,
        name="email_proposal_confirm",
    ),
    path(
        "requests/<id:pk>/emails/<id:email_pk>/proposal/",
        email_replies.proposal_correct,
        name="email_proposal",
    ),
    path(
        "requests/<id:pk>/emails/<id:email_pk>/dismiss/",
        email_replies.proposal_dismiss,
        name="email_proposal_dismiss",
    ),
    path("requests/<id:pk>/<slug:slug>/", request_page.request_action, name="request_action"),
    path(
        "requests/<id:pk>/<slug:kind>/<id:event_pk>/edit/",
        corrections.event_edit,
        name="event_edit",
    ),
    path(
        "requests/<id:pk>/<slug:kind>/<id:event_pk>/delete/",
        corrections.event_delete,
        name="event_delete",
    ),
    path("requests/<id:pk>/letters/<slug:kind>/", letters.letter_page, name="letter_draft"),
    path("review-windows/", review_windows.review_windows, name="review_windows"),
    path("authorities/", authorities.authorities_list, name="authorities"),
    path("authorities/new/", authorities.authority_new, name="authority_new"),
    path("authorities/suggest/", requests.authority_suggest, name="authority_suggest"),
    path("authorities/<slug:slug>/", stats.authority, name="authority"),
    path("authorities/<slug:slug>/feed/", feeds.AuthorityFeed(), name="authority_feed"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_new.campaign_new, name="campaign_new"),
    path("campaigns/<slug:slug>/", campaigns.campaign, name="campaign"),
    path("campaigns/<slug:slug>/feed/", feeds.CampaignFeed(), name="campaign_feed"),
    path("campaigns/<slug:slug>/bulk/", campaigns.campaign_bulk, name="campaign_bulk"),
    path("campaigns/<slug:slug>/email/", email_sending.campaign_email, name="campaign_email"),
    path("exemptions/", exemptions.exemptions_list, name="exemptions"),
    path("exemptions/<slug:code>/", stats.exemption, name="exemption"),
    path("exemptions/<slug:code>/feed/", feeds.ExemptionFeed(), name="exemption_feed"),
    path("deadlines/", calculator.deadlines, name="deadlines"),
    path("staff/email/", email_holding.email_holding, name="email_holding"),
    path("staff/email/<id:pk>/file/", email_holding.email_assign_view, name="email_assign"),
    path("staff/email/<id:pk>/discard/", email_holding.email_discard_view, name="email_discard"),
    path(
        "staff/email/<id:pk>/attachments/<id:attachment_pk>/",
        email_holding.unmatched_attachment,
        name="email_unmatched_attachment",
    ),
]
