"""Sign up, sign in and out, password reset."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests import factories

pytestmark = pytest.mark.django_db


def test_signup_page_has_labelled_fields(client):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("username", "email", "password1", "password2"):
        assert f'for="id_{name}"' in html
    assert 'class="skip-link" href="#main"' in html


def test_signup_creates_the_account_and_signs_in(client):
    page = client.post(
        "/accounts/signup/",
        {
            "username": "newcampaigner",
            "email": "new@example.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
    )
    assert page.status_code == 302 and page["Location"] == "/"
    user = get_user_model().objects.get(username="newcampaigner")
    assert user.email == "new@example.org"
    assert client.get("/").context["user"] == user


def test_signup_errors_are_shown_next_to_the_fields(client):
    factories.UserFactory(username="taken", email="taken@example.org")
    page = client.post(
        "/accounts/signup/",
        {"username": "other", "email": "taken@example.org", "password1": "x", "password2": "y"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html
    assert "An account with this email address already exists." in html
    assert "password fields didn’t match" in html
    assert 'id="id_email_error"' in html and 'aria-invalid="true"' in html
    assert not get_user_model().objects.filter(username="other").exists()


def test_login_and_logout(client):
    factories.UserFactory(username="alice")
    bad = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert bad.status_code == 200
    assert "enter a correct username and password" in bad.content.decode()
    good = client.post(
        "/accounts/login/", {"username": "alice", "password": "correct-horse-battery"}
    )
    assert good.status_code == 302
    assert client.get("/").context["user"].username == "alice"
    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_password_reset_sends_a_working_link(client):
    factories.UserFactory(username="bob", email="bob@example.org")
    page = client.post("/accounts/password_reset/", {"email": "bob@example.org"})
    assert page.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another-Long-pass-77", "new_password2": "another-Long-pass-77"},
    )
    assert done.status_code == 302
    assert client.login(username="bob", password="another-Long-pass-77")


def test_pages_needing_an_account_send_visitors_to_login(client):
    for url in ("/requests/new/", "/review-windows/"):
        page = client.get(url)
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/password_reset/", "Reset your password"),
        ("/accounts/password_reset/done/", "Check your email"),
        ("/accounts/reset/done/", "Password changed"),
    ],
)
def test_account_pages_answer(client, url, heading, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = client.get(url)
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.content.decode()


def test_expired_reset_link_says_so(client):
    page = client.get("/accounts/reset/MQ/set-password/", follow=True)
    assert "This link has expired" in page.content.decode()


def test_signed_in_users_skip_signup_and_login(client):
    client.force_login(factories.UserFactory())
    assert client.get("/accounts/signup/")["Location"] == "/"
    assert client.get("/accounts/login/")["Location"] == "/"
