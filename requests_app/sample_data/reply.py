"""A reply by email waiting for its requester: South Wales Police answer the campaigner's
request, the letter arrives at the request's reply address and is filed through
``email_file``, so the request page shows the response it proposes, pending "Confirm and
record" (issue 14).

The reply is dated 19 working days after the request was sent: today in the live demo (the
request is placed 19 working days ago, so it arrives the day before it was due), 31 March 2023
with the fixed dates. Its Message-ID is fixed, so a second load files nothing.
"""

from __future__ import annotations

import datetime
from email.message import EmailMessage as StdlibMessage
from email.utils import format_datetime

from django.conf import settings

from requests_app.models import EmailMessage, FOIRequest
from requests_app.sample_data.dataset import CAMPAIGN_TITLE, CAMPAIGNER
from requests_app.services.calendars import calendar_for_regime
from requests_app.services.email_inbound import email_file

REPLY_MESSAGE_ID = "sample-reply-1@south-wales.police.uk"
REPLY_AUTHORITY = "south-wales-police"
REPLY_REFERENCE = "FOI 0412/23"
REPLY_AFTER_WD = 19


def reply_letter(day: datetime.date) -> str:
    return (
        f"{day.day} {day:%B %Y}\n\n"
        f"Our reference: {REPLY_REFERENCE}\n\n"
        "Dear Casey Campaigner\n\n"
        "Freedom of Information Act 2000\n\n"
        "Thank you for your request about Prevent referrals of under-18s between 2015 and "
        "2021.\n\n"
        "South Wales Police can confirm that it holds this information. The total number of "
        "referrals made by the force in each year is provided below.\n\n"
        "2015: 41\n2016: 57\n2017: 63\n2018: 48\n2019: 52\n2020: 36\n2021: 44\n\n"
        "Figures broken down by age and by local authority area are withheld under section "
        "40(2) of the Act (personal information): the numbers are small enough that the "
        "children concerned could be identified.\n\n"
        "If you are dissatisfied with this response you may ask for an internal review within "
        "40 working days.\n\n"
        "Yours sincerely\n\nFreedom of Information Unit\nSouth Wales Police\n"
    )


def reply_to(foi_request: FOIRequest, day: datetime.date) -> bytes:
    # With no inbound domain configured the request has no reply address; matching then
    # accepts a reply token at any domain, so the demo's still matches.
    domain = settings.INBOUND_EMAIL_DOMAIN or "foi.localhost"
    address = foi_request.reply_to_address or (
        f"{settings.INBOUND_EMAIL_PREFIX}+{foi_request.reply_token}@{domain}"
    )
    message = StdlibMessage()
    message["From"] = "Freedom of Information Unit <foi@south-wales.police.uk>"
    message["To"] = address
    message["Subject"] = f"{REPLY_REFERENCE}: {foi_request.title}"
    message["Date"] = format_datetime(
        datetime.datetime.combine(day, datetime.time(10, 24), tzinfo=datetime.UTC)
    )
    message["Message-ID"] = f"<{REPLY_MESSAGE_ID}>"
    message.set_content(reply_letter(day))
    return message.as_bytes()


def sample_reply_file() -> bool:
    """File the sample reply unless it is filed already; True when filed now."""
    if EmailMessage.objects.filter(message_id=REPLY_MESSAGE_ID).exists():
        return False
    foi_request = FOIRequest.objects.get(
        owner__username=CAMPAIGNER.username,
        authority__slug=REPLY_AUTHORITY,
        title=CAMPAIGN_TITLE,
    )
    calendar = calendar_for_regime(foi_request.regime)
    day = calendar.add_working_days(foi_request.sent_on, REPLY_AFTER_WD)
    email_file(reply_to(foi_request, day), source="pipe")
    return True
