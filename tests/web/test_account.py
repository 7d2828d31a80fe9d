"""The account page (issue 13 item 4): links to reminder settings and the calendar feed, a
password change in the site's own pages, and API tokens made and revoked in the web."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_the_account_page_links_reminders_feed_password_and_the_menu_links_to_it(
    campaigner_client,
):
    html = campaigner_client.get("/accounts/").content.decode()
    assert 'href="/reminders/preferences/"' in html
    assert 'href="/reminders/preferences/#calendar-feed"' in html
    assert 'href="/accounts/password_change/"' in html
    # Every page's header: the account, reminder settings and the calendar feed.
    home = campaigner_client.get("/deadlines/").content.decode()
    assert 'href="/accounts/"' in home
    assert ">Reminders</a>" in home
    assert ">Calendar feed</a>" in home


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_token_is_created_shown_once_then_revoked(campaigner_client, campaigner):
    assert "You have no API token" in campaigner_client.get("/accounts/").content.decode()

    made = campaigner_client.post("/accounts/", {"action": "create-token"})
    key = Token.objects.get(user=campaigner).key
    assert made.status_code == 200
    assert f'value="{key}"' in made.content.decode()
    assert "no-store" in made["Cache-Control"]
    # It works on the API ...
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/requests/").status_code == 200
    # ... and is never shown again: only its last four characters.
    again = campaigner_client.get("/accounts/").content.decode()
    assert key not in again and f"…{key[-4:]}" in again

    replaced = campaigner_client.post("/accounts/", {"action": "create-token"})
    new_key = Token.objects.get(user=campaigner).key
    assert new_key != key and new_key in replaced.content.decode()

    revoked = campaigner_client.post("/accounts/", {"action": "revoke-token"}, follow=True)
    assert "Your API token is revoked" in revoked.content.decode()
    assert not Token.objects.filter(user=campaigner).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert api.get("/api/v1/requests/").status_code == 401


def test_an_unknown_action_is_refused(campaigner_client):
    assert campaigner_client.post("/accounts/", {"action": "nonsense"}).status_code == 400


def test_password_change_is_in_the_sites_style_and_works(campaigner_client, campaigner):
    campaigner.set_password("old-Passphrase-42")
    campaigner.save()
    campaigner_client.force_login(campaigner)
    page = campaigner_client.get("/accounts/password_change/")
    html = page.content.decode()
    assert page.templates[0].name == "registration/password_change_form.html"
    assert 'class="site-header"' in html and "admin" not in page.templates[0].name
    wrong = campaigner_client.post(
        "/accounts/password_change/",
        {
            "old_password": "not-it",
            "new_password1": "new-Passphrase-43",
            "new_password2": "new-Passphrase-43",
        },
    )
    assert wrong.status_code == 200
    assert "error-summary" in wrong.content.decode()
    done = campaigner_client.post(
        "/accounts/password_change/",
        {
            "old_password": "old-Passphrase-42",
            "new_password1": "new-Passphrase-43",
            "new_password2": "new-Passphrase-43",
        },
        follow=True,
    )
    assert "Password changed" in done.content.decode()
    campaigner.refresh_from_db()
    assert campaigner.check_password("new-Passphrase-43")
