"""The sample dataset, as plain data: people, authorities, a campaign, requests and letters.

It is built around a real letter (``shared/seeds/002``): Coventry City Council's response
FOI429836404 of 13 July 2022, refusing Prevent referral figures under FOIA s24(1) after a
public interest test and saying the third question is held by West Midlands Police. The other
letters are illustrative, written to show the mix of outcomes a Prevent campaign meets
(granted, partial, s24, s40, s12, not held, NCND). Dates are fixed (2022-2023) so the data,
and every deadline computed from it, is the same on every machine; ``manage.py
load_sample_data`` moves all but Coventry's around today (``live_age_wd``, sample_data/live.py)
so the demo has open windows, windows closing this week and a response due tomorrow.

``requests_app.services.sample_data`` loads it (``manage.py load_sample_data``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

D = datetime.date
LETTERS_DIR = Path(__file__).resolve().parent
COVENTRY_REFERENCE = "FOI429836404"


def coventry_letter() -> str:
    """The text of the real letter, vendored from ``shared/seeds/002_10e580f5a6844f19.txt``."""
    return (LETTERS_DIR / "coventry-foi429836404.txt").read_text(encoding="utf-8").strip()


# --- People --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    email: str
    first_name: str = ""
    last_name: str = ""
    is_staff: bool = False
    is_superuser: bool = False


CAMPAIGNER = DemoUser(
    "campaigner", "campaigner-demo-password", "campaigner@example.org", "Casey", "Campaigner"
)
STAFF = DemoUser("staff", "staff-demo-password", "staff@example.org", "Sam", "Staff")
ADMIN = DemoUser(
    "admin", "admin-demo-password", "admin@example.org", is_staff=True, is_superuser=True
)
DEMO_USERS = (CAMPAIGNER, STAFF, ADMIN)

ORGANISATION = {"slug": "prevent-watch", "name": "Prevent Watch"}
MEMBERSHIPS = (("campaigner", "member"), ("staff", "staff"))

# --- Public authorities --------------------------------------------------------------------

AUTHORITIES: tuple[dict[str, str], ...] = (
    {
        "slug": "coventry-city-council",
        "name": "Coventry City Council",
        "authority_type": "local_council",
        "nation": "england",
        "email": "infogov@coventry.gov.uk",
        "website": "https://www.coventry.gov.uk/",
    },
    {
        "slug": "stoke-on-trent-city-council",
        "name": "Stoke-on-Trent City Council",
        "authority_type": "local_council",
        "nation": "england",
        "website": "https://www.stoke.gov.uk/",
    },
    {
        "slug": "city-of-westminster",
        "name": "City of Westminster",
        "authority_type": "local_council",
        "nation": "england",
        "website": "https://www.westminster.gov.uk/",
    },
    {
        "slug": "birmingham-city-council",
        "name": "Birmingham City Council",
        "authority_type": "local_council",
        "nation": "england",
        "website": "https://www.birmingham.gov.uk/",
    },
    {
        "slug": "west-midlands-police",
        "name": "West Midlands Police",
        "authority_type": "police",
        "nation": "england",
        "website": "https://foi.west-midlands.police.uk/",
    },
    {
        "slug": "staffordshire-police",
        "name": "Staffordshire Police",
        "authority_type": "police",
        "nation": "england",
        "website": "https://www.staffordshire.police.uk/",
    },
    {
        "slug": "home-office",
        "name": "Home Office",
        "authority_type": "central_government",
        "nation": "uk_wide",
        "website": "https://www.gov.uk/government/organisations/home-office",
    },
    {
        "slug": "city-of-cardiff-council",
        "name": "City of Cardiff Council",
        "authority_type": "local_council",
        "nation": "wales",
        "website": "https://www.cardiff.gov.uk/",
    },
    {
        "slug": "south-wales-police",
        "name": "South Wales Police",
        "authority_type": "police",
        "nation": "wales",
        "website": "https://www.south-wales.police.uk/",
    },
    {
        "slug": "glasgow-city-council",
        "name": "Glasgow City Council",
        "authority_type": "local_council",
        "nation": "scotland",
        "website": "https://www.glasgow.gov.uk/",
    },
    {
        "slug": "police-scotland",
        "name": "Police Scotland",
        "authority_type": "police",
        "nation": "scotland",
        "website": "https://www.scotland.police.uk/",
    },
    {
        "slug": "city-of-edinburgh-council",
        "name": "City of Edinburgh Council",
        "authority_type": "local_council",
        "nation": "scotland",
        "website": "https://www.edinburgh.gov.uk/",
    },
)

# --- The campaign --------------------------------------------------------------------------

CAMPAIGN = {
    "slug": "prevent-referrals-2015-2021",
    "name": "Prevent referrals 2015-2021",
    "description": (
        "The same request sent to councils and police forces in England, Wales and Scotland, "
        "and to the Home Office: how many children were referred for 'radicalisation "
        "concerns' each year from 2015 to 2021, how many were also referred to the National "
        "Referral Mechanism, and how many were cautioned or arrested.\n\n"
        "Sample data: Coventry City Council's letter is a real response (FOI429836404); the "
        "other letters are illustrative."
    ),
}

CAMPAIGN_TITLE = "Prevent referrals of under-18s, 2015-2021"
CAMPAIGN_TEXT = (
    "Please provide the following information for the financial years 2015 to 2021 "
    "(beginning 01 April 2015 ending 31 March 2022) broken down by year:\n"
    "1. The number of people under the age of 18 referred to children's services in your "
    "area for 'radicalisation concerns'.\n"
    "2. Of these, how many were referred by the local authority as a First Responder to the "
    "National Referral Mechanism as potential victims of human trafficking and/or modern "
    "slavery.\n"
    "3. Of these, how many were cautioned or arrested for terrorism related offences."
)
# Tuesday 14 June 2022: under FOIA the 20th working day is 13 July 2022 (12 July, the Battle of
# the Boyne holiday in Northern Ireland, does not count: shared/foi-law.md "The four regimes").
CAMPAIGN_SENT_ON = D(2022, 6, 14)


# --- Requests and what happened to them ----------------------------------------------------


@dataclass(frozen=True)
class CitationSpec:
    code: str
    cited_as: str
    subsection: str = ""
    public_interest_test: bool = False
    ncnd: bool = False


@dataclass(frozen=True)
class ResponseSpec:
    received_on: datetime.date
    kind: str
    outcome: str = ""
    letter_text: str = ""
    citations: tuple[CitationSpec, ...] = ()
    clarification_received_on: datetime.date | None = None
    fee_amount: Decimal | None = None
    fee_paid_on: datetime.date | None = None


@dataclass(frozen=True)
class ReviewSpec:
    requested_on: datetime.date
    decided_on: datetime.date | None = None
    outcome: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ComplaintSpec:
    submitted_on: datetime.date
    regulator: str
    reference: str = ""
    decided_on: datetime.date | None = None
    outcome: str = ""


@dataclass(frozen=True)
class RequestSpec:
    authority: str  # slug
    title: str
    sent_on: datetime.date
    text: str = ""
    regime: str = ""  # blank: the authority's default regime
    authority_reference: str = ""
    in_campaign: bool = False
    visibility: str = "public"
    responses: tuple[ResponseSpec, ...] = ()
    reviews: tuple[ReviewSpec, ...] = ()
    complaints: tuple[ComplaintSpec, ...] = ()
    owner: str = "campaigner"
    # With ``load_sample_data`` (not the tests' fixed dates): the request's latest event is
    # placed this many working days before today (sample_data/live.py). None: fixed dates.
    live_age_wd: int | None = None


def _campaign(authority: str, **kwargs: Any) -> RequestSpec:
    kwargs.setdefault("sent_on", CAMPAIGN_SENT_ON)
    return RequestSpec(
        authority=authority, title=CAMPAIGN_TITLE, text=CAMPAIGN_TEXT, in_campaign=True, **kwargs
    )


def request_specs() -> tuple[RequestSpec, ...]:
    return (
        # The real letter: s24(1) after a public interest test; question 3 not held (WMP).
        _campaign(
            "coventry-city-council",
            authority_reference=COVENTRY_REFERENCE,
            responses=(
                ResponseSpec(
                    D(2022, 7, 13),
                    "substantive",
                    "refused",
                    coventry_letter(),
                    (
                        CitationSpec(
                            "foia-s24",
                            "Section 24(1) Safeguarding National Security",
                            "24(1)",
                            public_interest_test=True,
                        ),
                    ),
                ),
            ),
            reviews=(
                ReviewSpec(
                    D(2022, 8, 22),
                    D(2022, 9, 16),
                    "upheld",
                    "Argued that annual totals for a whole city cannot build a 'threat map'.",
                ),
            ),
            complaints=(ComplaintSpec(D(2022, 10, 10), "ico"),),
        ),
        # Question 3 redirected by Coventry to the police force that holds it.
        RequestSpec(
            authority="west-midlands-police",
            title="Prevent referrals: cautions and arrests, 2015-2021",
            live_age_wd=6,  # live: review window open
            text=(
                "Coventry City Council told me (FOI429836404) that you hold this information. "
                "For each financial year from 2015 to 2021, how many people under 18 referred "
                "for radicalisation concerns in Coventry were cautioned or arrested for "
                "terrorism related offences?"
            ),
            sent_on=D(2022, 7, 18),
            in_campaign=True,
            responses=(
                ResponseSpec(
                    D(2022, 8, 15),
                    "substantive",
                    "ncnd",
                    "West Midlands Police neither confirms nor denies that it holds the "
                    "information, relying on sections 23(5) and 24(2) of the Act.",
                    (
                        CitationSpec("foia-s23", "Section 23(5)", "23(5)", ncnd=True),
                        CitationSpec(
                            "foia-s24",
                            "Section 24(2)",
                            "24(2)",
                            public_interest_test=True,
                            ncnd=True,
                        ),
                    ),
                ),
            ),
        ),
        _campaign(
            "stoke-on-trent-city-council",
            live_age_wd=30,  # live: review window closes in 10 WD
            authority_reference="FOI-2022-0613",
            responses=(
                ResponseSpec(
                    D(2022, 7, 8),
                    "substantive",
                    "granted",
                    "The Council's Prevent Board provides the figures requested, by financial "
                    "year, in the attached table. Referrals are assessed through the Channel "
                    "panel with Staffordshire Police.",
                ),
            ),
        ),
        _campaign(
            "city-of-westminster",
            live_age_wd=25,  # live: 15 WD left to ask for a review
            responses=(
                ResponseSpec(
                    D(2022, 7, 12),
                    "substantive",
                    "partial",
                    "Annual totals are provided. Where a year's figure is fewer than five it is "
                    "withheld under section 40(2): with so few people, they could be "
                    "identified.",
                    (CitationSpec("foia-s40", "Section 40(2)", "40(2)"),),
                ),
            ),
        ),
        _campaign(
            "birmingham-city-council",
            live_age_wd=23,  # live: the review decision is 3 WD late
            responses=(
                ResponseSpec(
                    D(2022, 7, 13),
                    "substantive",
                    "refused",
                    "Answering would mean reading every children's services referral since "
                    "2015; we estimate this would exceed the appropriate limit of £450 "
                    "(18 hours at £25 an hour), so section 12(1) applies. You may wish to "
                    "narrow your request to a single year.",
                    (CitationSpec("foia-s12", "Section 12(1)", "12(1)"),),
                ),
            ),
            # Asked, never answered: the review is overdue.
            reviews=(ReviewSpec(D(2022, 8, 1)),),
        ),
        _campaign(
            "staffordshire-police",
            live_age_wd=37,  # live: review window closes this week
            responses=(
                ResponseSpec(
                    D(2022, 7, 11),
                    "substantive",
                    "refused",
                    "The information is exempt under section 24(1) (national security) and "
                    "section 31(1)(a) (law enforcement). Having weighed the public interest, we "
                    "consider it favours withholding the figures.",
                    (
                        CitationSpec(
                            "foia-s24", "Section 24(1)", "24(1)", public_interest_test=True
                        ),
                        CitationSpec(
                            "foia-s31", "Section 31(1)(a)", "31(1)(a)", public_interest_test=True
                        ),
                    ),
                ),
            ),
        ),
        # A public-interest-test extension (FOIA s10(3)), then a partial answer.
        _campaign(
            "home-office",
            live_age_wd=12,  # live: review window open
            responses=(
                ResponseSpec(
                    D(2022, 7, 12),
                    "extension_notice",
                    letter_text="We need more time to consider the public interest under "
                    "section 10(3); we aim to reply by 10 August 2022.",
                ),
                ResponseSpec(
                    D(2022, 8, 9),
                    "substantive",
                    "partial",
                    "National and regional figures are published in 'Individuals referred to "
                    "and supported through the Prevent Programme'. In 2015/16 there were 7,631 "
                    "referrals nationally, 36% of which left the process requiring no further "
                    "action; the West Midlands region made 768 referrals, 251 of them children "
                    "under 15. Published figures are exempt under section 21; the 2021/22 "
                    "figures are intended for publication and exempt under section 22(1).",
                    (
                        CitationSpec("foia-s21", "Section 21", "21"),
                        CitationSpec(
                            "foia-s22", "Section 22(1)", "22(1)", public_interest_test=True
                        ),
                    ),
                ),
            ),
        ),
        _campaign(
            "city-of-cardiff-council",
            live_age_wd=45,  # live: review window closed last week
            responses=(
                ResponseSpec(
                    D(2022, 7, 1),
                    "substantive",
                    "not_held",
                    "Cardiff Council does not record referrals to children's services by "
                    "'radicalisation concerns'; the information is not held (section 1(1)(a)).",
                ),
            ),
        ),
        # Never answered: very overdue.
        # Live: sent 19 working days ago, so its response is due tomorrow (20 WD, FOIA s10(1)).
        _campaign("south-wales-police", sent_on=D(2023, 3, 6), live_age_wd=19),
        # FOISA: 20 working days on the Scottish calendar, no extension.
        _campaign(
            "glasgow-city-council",
            live_age_wd=32,  # live: FOISA: 8 WD left to ask for a review
            responses=(
                ResponseSpec(
                    D(2022, 7, 11),
                    "substantive",
                    "partial",
                    "Totals for Glasgow are provided. Figures by year are withheld under "
                    "section 38(1)(b) of FOISA because individuals could be identified.",
                    (CitationSpec("foisa-s38", "Section 38(1)(b)", "38(1)(b)"),),
                ),
            ),
        ),
        _campaign(
            "police-scotland",
            live_age_wd=10,  # live: SIC complaint window open
            responses=(
                ResponseSpec(
                    D(2022, 7, 12),
                    "substantive",
                    "refused",
                    "The information is exempt under sections 31(1) (national security) and "
                    "35(1)(a) (law enforcement) of FOISA; the public interest favours "
                    "withholding it.",
                    (
                        CitationSpec(
                            "foisa-s31", "Section 31(1)", "31(1)", public_interest_test=True
                        ),
                        CitationSpec(
                            "foisa-s35", "Section 35(1)(a)", "35(1)(a)", public_interest_test=True
                        ),
                    ),
                ),
            ),
            reviews=(
                ReviewSpec(
                    D(2022, 8, 15),
                    D(2022, 9, 12),
                    "partially_overturned",
                    "Annual totals for Scotland released on review; local figures still withheld.",
                ),
            ),
        ),
        # Never answered: overdue (FOISA has no extension, so never "very overdue").
        # Live: sent 24 working days ago, so 4 working days overdue.
        _campaign("city-of-edinburgh-council", sent_on=D(2023, 5, 2), live_age_wd=24),
        # Outside the campaign: a clarification, a fees notice, a private request.
        RequestSpec(
            authority="city-of-westminster",
            title="Prevent parenting programme, 2016-2018",
            live_age_wd=3,  # live: answered this week
            text=(
                "How many Prevent parenting programmes did the Council commission in 2016, "
                "2017 and 2018, and how many parents attended each year?"
            ),
            sent_on=D(2023, 1, 9),
            responses=(
                ResponseSpec(
                    D(2023, 1, 20),
                    "clarification_request",
                    letter_text="Do you mean calendar or financial years?",
                    clarification_received_on=D(2023, 1, 24),
                ),
                ResponseSpec(
                    D(2023, 2, 17),
                    "substantive",
                    "granted",
                    "Nine programmes were commissioned in 2016, attended by 122 parents; "
                    "eleven in 2017 and ten in 2018 (figures attached).",
                ),
            ),
        ),
        RequestSpec(
            authority="stoke-on-trent-city-council",
            title="Prevent Delivery Plan and Channel panel minutes, 2016",
            live_age_wd=15,  # live: fee unpaid
            text="Please send me a copy of the 2016 Prevent Delivery Plan and the minutes of "
            "the Channel panel meetings held in 2016.",
            sent_on=D(2023, 2, 1),
            visibility="private",
            responses=(
                ResponseSpec(
                    D(2023, 2, 20),
                    "fees_notice",
                    letter_text="The minutes run to 180 printed pages; the fee for copying "
                    "and postage is £27.50, payable within three months.",
                    fee_amount=Decimal("27.50"),
                ),
            ),
        ),
        RequestSpec(
            authority="birmingham-city-council",
            title="Prevent referrals of under-18s, 2019-2020 (narrowed)",
            live_age_wd=8,  # live: answered
            text="Following your section 12 refusal, please provide question 1 for the "
            "financial year 2019-20 only.",
            sent_on=D(2022, 8, 2),
            visibility="private",
            owner="staff",
            responses=(
                ResponseSpec(
                    D(2022, 8, 30),
                    "substantive",
                    "granted",
                    "In 2019-20, children's services received the figures set out in the "
                    "attached table.",
                ),
            ),
        ),
    )


# --- Reminders already sent (history for the admin; never pending, so nothing is sent) -----


@dataclass(frozen=True)
class ReminderSpec:
    authority_reference: str
    kind: str
    deadline: datetime.date
    recipient: str
    status: str  # sent or failed only
    sent_at: datetime.datetime | None = None
    last_error: str = ""


_UTC = datetime.UTC
REMINDERS: tuple[ReminderSpec, ...] = (
    ReminderSpec(
        COVENTRY_REFERENCE,
        "response_due_3wd",
        D(2022, 7, 13),
        "campaigner",
        "sent",
        datetime.datetime(2022, 7, 8, 8, 5, tzinfo=_UTC),
    ),
    ReminderSpec(
        COVENTRY_REFERENCE,
        "review_window_10wd",
        D(2022, 9, 9),
        "campaigner",
        "sent",
        datetime.datetime(2022, 8, 26, 8, 5, tzinfo=_UTC),
    ),
    ReminderSpec(
        COVENTRY_REFERENCE,
        "review_window_3wd",
        D(2022, 9, 9),
        "staff",
        "failed",
        last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable (illustrative)",
    ),
)

# The staff member reads the daily digest and does not want per-request emails as well.
NOTIFICATION_PREFERENCES: tuple[tuple[str, str, bool], ...] = (
    ("staff", "response_due_3wd", False),
    ("staff", "response_due_1wd", False),
)
