"""Every page of the site, for the phone-width and accessibility check (test_every_page.py).

ADD YOUR PAGE HERE when you add one: a ``Page`` with a short name, its URL and who looks at it
("" for a visitor who is not signed in, or a sample-data login: "campaigner", "staff",
"admin"). The world is ``manage.py load_sample_data`` placed around the frozen day, so the
request pages have live deadlines. A URL may name sample rows with ``{placeholders}``, filled
by ``PLACEHOLDERS`` below (add one if you need it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    user: str = ""
    # Screenshot the whole page; off for the API reference, tens of thousands of pixels long.
    full_page: bool = True
    # axe rules not checked on this page, only for markup that is not ours, with the reason.
    axe_ignore: tuple[str, ...] = ()


_THIRD_PARTY_UI = ("color-contrast", "nested-interactive")

PAGES: list[Page] = [
    # Visitors
    Page("overview", "/"),
    Page("overview-page", "/overview/"),
    Page("requests", "/requests/"),
    Page("requests-search", "/requests/?q=Prevent"),
    Page("campaigns", "/campaigns/"),
    Page("authorities-search", "/authorities/?q=police"),
    Page("request-public", "/requests/{coventry}/"),
    Page("authorities-filtered", "/authorities/?authority_type=police&nation=england&q=police"),
    Page("authority", "/authorities/coventry-city-council/"),
    Page("campaign", "/campaigns/prevent-referrals-2015-2021/"),
    Page("exemption", "/exemptions/foia-s24/"),
    Page("exemption-foisa", "/exemptions/foisa-s38/"),
    Page("deadlines", "/deadlines/"),
    Page("deadlines-result", "/deadlines/?regime=foia&received_on=16/12/2022"),
    Page("signup", "/accounts/signup/"),
    Page("login", "/accounts/login/"),
    Page("password-reset", "/accounts/password_reset/"),
    Page("password-reset-done", "/accounts/password_reset/done/"),
    Page("unsubscribe", "/reminders/unsubscribe/{unsubscribe_token}/"),
    # Swagger UI and ReDoc draw their own markup and colours (drf-spectacular-sidecar's copies):
    # their badges' contrast and Swagger UI's buttons inside buttons are theirs to fix.
    Page("api-docs", "/api/v1/docs/", full_page=False, axe_ignore=_THIRD_PARTY_UI),
    Page("api-redoc", "/api/v1/redoc/", full_page=False, axe_ignore=_THIRD_PARTY_UI),
    # A campaigner
    Page("my-requests", "/", "campaigner"),
    Page("new-request", "/requests/new/", "campaigner"),
    Page("new-campaign", "/campaigns/new/", "campaigner"),
    Page("campaign-owner", "/campaigns/prevent-referrals-2015-2021/", "campaigner"),
    Page("request-refused", "/requests/{coventry}/", "campaigner"),
    Page("letter-complaint", "/requests/{coventry}/letters/complaint/", "campaigner"),
    # South Wales Police's emailed reply waits there, its proposal pending (sample_data/reply.py).
    Page("request-awaiting", "/requests/{awaiting}/", "campaigner"),
    Page("email-proposal-correct", "/requests/{awaiting}/emails/{reply}/proposal/", "campaigner"),
    Page("request-fees", "/requests/{fees}/", "campaigner"),
    Page("request-foisa", "/requests/{glasgow}/", "campaigner"),
    Page("request-edit", "/requests/{coventry}/edit/", "campaigner"),
    Page(
        "response-correct", "/requests/{coventry}/responses/{coventry_response}/edit/", "campaigner"
    ),
    Page(
        "response-delete",
        "/requests/{coventry}/responses/{coventry_response}/delete/",
        "campaigner",
    ),
    Page("letter-review-request", "/requests/{coventry}/letters/review-request/", "campaigner"),
    Page("email-send-request", "/requests/{awaiting}/email/request/", "campaigner"),
    Page("email-send-chaser", "/requests/{awaiting}/email/chaser/", "campaigner"),
    Page("email-send-review", "/requests/{coventry}/email/review-request/", "campaigner"),
    Page("campaign-email", "/campaigns/prevent-referrals-2015-2021/email/", "campaigner"),
    Page("review-windows", "/review-windows/", "campaigner"),
    Page("reminder-settings", "/reminders/preferences/", "campaigner"),
    Page("account", "/accounts/", "campaigner"),
    Page("password-change", "/accounts/password_change/", "campaigner"),
    Page("password-change-done", "/accounts/password_change/done/", "campaigner"),
    # Site staff
    Page("email-holding", "/staff/email/", "admin"),
    # Organisation staff
    Page("my-requests-staff", "/", "staff"),
    Page("review-windows-staff", "/review-windows/", "staff"),
    Page("reminder-settings-staff", "/reminders/preferences/", "staff"),
]


def _request(**lookup: Any) -> Callable[[], int]:
    def pk() -> int:
        from requests_app.models import FOIRequest

        return FOIRequest.objects.filter(**lookup).values_list("pk", flat=True).get()

    return pk


def _coventry_response() -> int:
    from requests_app.models import Response

    return (
        Response.objects.filter(request__authority_reference="FOI429836404", kind="substantive")
        .values_list("pk", flat=True)
        .first()
    )


def _reply() -> int:
    from requests_app.models import EmailMessage

    return EmailMessage.objects.values_list("pk", flat=True).get(
        foi_request__authority__slug="south-wales-police", direction="in"
    )


def _unsubscribe_token() -> str:
    from django.contrib.auth import get_user_model

    from requests_app.services.reminder_preferences import unsubscribe_token

    user = get_user_model().objects.get(username="campaigner")
    return unsubscribe_token(user.pk, "response_due_3wd")


PLACEHOLDERS: dict[str, Callable[[], object]] = {
    "coventry": _request(authority_reference="FOI429836404"),
    "awaiting": _request(authority__slug="south-wales-police"),
    "fees": _request(stage="fees_pending"),
    "glasgow": _request(authority__slug="glasgow-city-council"),
    "coventry_response": _coventry_response,
    "reply": _reply,
    "unsubscribe_token": _unsubscribe_token,
}


def resolve(url: str) -> str:
    names = {name for name in PLACEHOLDERS if "{" + name + "}" in url}
    return url.format(**{name: PLACEHOLDERS[name]() for name in names})
