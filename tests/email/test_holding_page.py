"""The staff holding page: unmatched email, read and filed by hand."""

import pytest

from requests_app.models import EmailMessage
from requests_app.services.email_inbound import email_file
from tests.email.messages import coventry_reply
from tests.factories import AuthorityFactory, FOIRequestFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/staff/email/"


@pytest.fixture
def world(settings):
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    coventry = AuthorityFactory(
        name="Coventry City Council", email="infogov@coventry.gov.uk", default_regime="foia"
    )
    public = FOIRequestFactory(authority=coventry, title="Prevent referrals", visibility="public")
    private = FOIRequestFactory(authority=coventry, title="Secret", visibility="private")
    lost = email_file(coventry_reply("foi-requests@foi.example.org"), source="pipe")
    return {"public": public, "private": private, "lost": lost, "staff": UserFactory(is_staff=True)}


def test_only_site_staff_see_the_page(client, world):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    assert "Unmatched email" not in client.get("/").content.decode()
    client.force_login(world["staff"])
    page = client.get(URL)
    assert page.status_code == 200
    assert 'href="/staff/email/"' in client.get("/").content.decode()


def test_staff_read_the_message_and_see_the_requests_it_may_belong_to(client, world):
    client.force_login(world["staff"])
    html = client.get(URL).content.decode()
    assert "RE: Freedom of Information request - Prevent referrals" in html
    assert "infogov@coventry.gov.uk" in html
    assert "FOI429836404 response.pdf" in html
    assert "Please find attached our response" in html
    # The public request to the sender's authority is suggested; the private one never shows.
    assert f"{world['public'].pk}: Prevent referrals" in html
    assert "Secret" not in html
    attachment = world["lost"].attachments.get()
    download = client.get(f"{URL}{world['lost'].pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")


def test_filing_it_by_number_analyses_and_proposes_it(client, world):
    client.force_login(world["staff"])
    lost, public = world["lost"], world["public"]
    answer = client.post(f"{URL}{lost.pk}/file/", {f"m{lost.pk}-request_number": public.pk})
    assert answer.status_code == 302
    lost.refresh_from_db()
    assert (lost.foi_request, lost.match_method) == (public, "manual")
    assert lost.proposal_state == "pending" and lost.analysis["outcome"] == "refused"
    page = client.get(URL).content.decode()
    assert "is filed against request" in page
    assert "Nothing is waiting" in page


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "Enter the number of the request this message belongs to"),
        ("abc", "Enter a request number, like 123"),
        ("999999", "There is no request number 999999 that you can see"),
        ("private", "that you can see"),  # exists, but is not the staff member's to see
    ],
)
def test_a_bad_choice_is_a_form_error_and_files_nothing(client, world, value, error):
    client.force_login(world["staff"])
    lost = world["lost"]
    if value == "private":
        value = str(world["private"].pk)
    answer = client.post(f"{URL}{lost.pk}/file/", {f"m{lost.pk}-request_number": value})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "There is a problem" in html and error in html
    assert 'aria-invalid="true"' in html
    assert EmailMessage.objects.get(pk=lost.pk).foi_request is None


def test_a_message_filed_meanwhile_is_not_filed_twice(client, world):
    client.force_login(world["staff"])
    lost, public = world["lost"], world["public"]
    client.post(f"{URL}{lost.pk}/file/", {f"m{lost.pk}-request_number": public.pk})
    again = client.post(
        f"{URL}{lost.pk}/file/", {f"m{lost.pk}-request_number": public.pk}, follow=True
    )
    assert "already filed" in again.content.decode()


def test_the_page_costs_the_same_queries_however_many_messages(
    client, world, django_assert_num_queries
):
    for n in range(4):
        email_file(
            coventry_reply("x@foi.example.org", message_id=f"<lost-{n}@coventry.gov.uk>"),
            source="pipe",
        )
    client.force_login(world["staff"])
    # Session, user, the page count, the messages, their attachments, the suggestions.
    with django_assert_num_queries(6):
        page = client.get(URL)
    assert page.content.decode().count('class="email-message"') == 5


def test_staff_discard_spam_but_never_a_filed_message(client, world):
    lost, public = world["lost"], world["public"]
    client.force_login(UserFactory())
    assert client.post(f"{URL}{lost.pk}/discard/").status_code == 403
    client.force_login(world["staff"])
    page = client.post(f"{URL}{lost.pk}/discard/", follow=True).content.decode()
    assert "is discarded" in page and "Nothing is waiting" in page
    assert not EmailMessage.objects.filter(pk=lost.pk).exists()
    filed = email_file(coventry_reply(public.reply_to_address, message_id="<f@x>"), source="pipe")
    page = client.post(f"{URL}{filed.pk}/discard/", follow=True).content.decode()
    assert "already filed" in page
    assert EmailMessage.objects.filter(pk=filed.pk).exists()
