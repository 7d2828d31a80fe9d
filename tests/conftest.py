import os

import pytest

from tests import factories


@pytest.fixture
def require_services() -> bool:
    """True in CI: a test needing PostgreSQL, Redis or a browser must fail there, not skip."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.fixture
def user(db):
    return factories.UserFactory(username="campaigner")


@pytest.fixture
def authority(db):
    return factories.AuthorityFactory(
        name="Coventry City Council", slug="coventry-city-council", nation="england"
    )


@pytest.fixture
def coventry(db):
    return factories.AuthorityFactory(
        name="Coventry City Council", slug="coventry-city-council", nation="england"
    )


@pytest.fixture
def glasgow(db):
    return factories.AuthorityFactory(
        name="Glasgow City Council", slug="glasgow-city-council", nation="scotland"
    )


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The default PBKDF2 hasher costs ~0.4 s per user on these two cores; hashing strength is
    # not under test, so use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
