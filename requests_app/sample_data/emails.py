"""A reply that lost its way: sent to the tracker's domain without a request's token, so it
waits on the staff holding page (and the page has something to show)."""

from __future__ import annotations

from email.message import EmailMessage as StdlibMessage

from django.conf import settings

UNMATCHED_MESSAGE_ID = "sample-unmatched-1@coventry.gov.uk"


def unmatched_reply() -> bytes:
    message = StdlibMessage()
    message["From"] = "Information Governance <infogov@coventry.gov.uk>"
    message["To"] = f"foi-requests@{settings.INBOUND_EMAIL_DOMAIN or 'foi.localhost'}"
    message["Subject"] = "Your request for information: school transport contracts"
    message["Date"] = "Tue, 14 Mar 2023 10:12:00 +0000"
    message["Message-ID"] = f"<{UNMATCHED_MESSAGE_ID}>"
    message.set_content(
        "Dear Sir/Madam\n\n"
        "Freedom of Information Act 2000\n\n"
        "Thank you for your request about school transport contracts. The Council does not "
        "hold information about contracts let by academies; you may wish to ask the academy "
        "trusts directly.\n\n"
        "If you are unhappy with this response you may ask for an internal review within 40 "
        "days.\n\n"
        "Yours faithfully\n\nInformation Governance Team\nCoventry City Council\n"
    )
    return message.as_bytes()
