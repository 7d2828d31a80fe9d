"""Password guessing: sign-in lockout per username and per address (django-axes), and
password-reset emails limited per address and per client."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from tests import factories

LOGIN = "/accounts/login/"
RESET = "/accounts/password_reset/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return factories.UserFactory(username="alice", password="correct-horse-battery")


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_lock_the_account_with_a_clear_message(client, alice):
    statuses = [sign_in(client, "alice", f"guess-{n}").status_code for n in range(40)]
    # The default allowance is 10 failures; then every attempt is refused without checking.
    assert statuses[:9] == [200] * 9
    assert set(statuses[10:]) == {429}
    right = sign_in(client, "alice", "correct-horse-battery")
    assert right.status_code == 429
    assert not signed_in(client)
    page = right.content.decode()
    assert "<h1>Too many sign-in attempts</h1>" in page
    assert "paused for 15 minutes" in page
    assert int(right["Retry-After"]) == 15 * 60


def test_after_the_cool_off_the_right_password_works_again(client, alice):
    for n in range(10):
        sign_in(client, "alice", f"guess-{n}")
    assert sign_in(client, "alice", "correct-horse-battery").status_code == 429
    with time_machine.travel(datetime.timedelta(minutes=16)):
        assert sign_in(client, "alice", "correct-horse-battery").status_code == 302
        assert signed_in(client)


def test_the_username_is_locked_whatever_address_tries_it(client, alice):
    for n in range(10):
        sign_in(client, "alice", f"guess-{n}", address=f"198.51.100.{n}")
    assert sign_in(client, "alice", "correct-horse-battery", address="192.0.2.1").status_code == 429


def test_the_address_is_locked_whatever_username_it_tries(client, alice):
    for n in range(10):
        sign_in(client, f"user{n}", "guess")
    # From that address even the right password for another account is refused...
    assert sign_in(client, "alice", "correct-horse-battery").status_code == 429
    # ...while alice, elsewhere, signs in.
    assert sign_in(client, "alice", "correct-horse-battery", address="192.0.2.1").status_code == 302


def test_a_forged_forwarded_for_does_not_make_a_new_address(client, alice):
    for n in range(10):
        sign_in(client, f"user{n}", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    forged = sign_in(client, "alice", "correct-horse-battery", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert forged.status_code == 429


def test_the_admin_sign_in_is_locked_too(client, alice):
    for n in range(10):
        client.post("/admin/login/", {"username": "alice", "password": f"guess-{n}"})
    assert sign_in(client, "alice", "correct-horse-battery").status_code == 429


def test_a_success_resets_the_count(client, alice):
    for n in range(9):
        sign_in(client, "alice", f"guess-{n}")
    assert sign_in(client, "alice", "correct-horse-battery").status_code == 302
    client.logout()
    for n in range(9):
        assert sign_in(client, "alice", f"guess-{n}").status_code == 200


def reset(client, email, address="203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_reset_emails_are_limited_per_address(client, alice):
    alice.email = "alice@example.org"
    alice.save()
    assert [
        reset(client, "alice@example.org", f"198.51.100.{n}").status_code for n in range(3)
    ] == [302] * 3
    refused = reset(client, "Alice@Example.org", "192.0.2.1")
    assert refused.status_code == 429
    assert "Several reset emails have already been sent to this address" in refused.content.decode()
    assert len(mail.outbox) == 3
    # An address with no account is counted the same way: the refusal reveals nothing.
    for _ in range(3):
        reset(client, "nobody@example.org", "192.0.2.2")
    assert reset(client, "nobody@example.org", "192.0.2.3").status_code == 429


def test_reset_emails_are_limited_per_client(client, db):
    for n in range(10):
        factories.UserFactory(username=f"user{n}", email=f"user{n}@example.org")
    statuses = [reset(client, f"user{n}@example.org").status_code for n in range(10)]
    assert statuses == [302] * 10
    refused = reset(client, "someone@example.org")
    assert refused.status_code == 429
    assert "Too many password reset requests have come from your connection" in (
        refused.content.decode()
    )
    assert len(mail.outbox) == 10
    # Another client is not held up.
    assert reset(client, "someone@example.org", "192.0.2.1").status_code == 302
