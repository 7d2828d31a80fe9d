import os

import pytest

from tests import factories


def pytest_collection_modifyitems(items):
    """Every test on committed data (``transaction=True``, ``live_server``,
    ``transactional_db``) runs with ``serialized_rollback``.

    Mixing the two kinds broke whichever order put a plain transactional test first: its
    closing flush emits ``post_migrate``, which recreates the content types and permissions
    under new ids, and the next serialized test's setup then reloads the saved rows over them
    (IntegrityError on django_content_type's unique app_label/model). With every one
    serialized, no flush emits ``post_migrate`` and each such test starts from the same
    snapshot, whichever files a run selects and in whatever order.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        committed = kwargs.get("transaction") or {"live_server", "transactional_db"} & set(
            getattr(item, "fixturenames", ())
        )
        if committed and not kwargs.get("serialized_rollback"):
            kwargs.update(transaction=True, serialized_rollback=True)
            args = marker.args if marker else ()
            # Prepended: the item's own first marker is the one pytest-django reads.
            item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)


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


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request):
    """Reload the rows data migrations ship (the exemption catalogue, the 2006 holiday
    correction) for tests on committed data.

    Every transactional test (live server, real worker) ends with a flush that empties every
    table. ``serialized_rollback`` should restore them, but in a full run it did not (CI: the
    browser journeys after the first one found no catalogue), so restore them here, from the
    same functions the migrations run.
    """
    marker = request.node.get_closest_marker("django_db")
    uses_live_server = "live_server" in request.fixturenames
    if not uses_live_server and not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    from requests_app.models import Exemption, ProclaimedHoliday

    if not Exemption.objects.exists():
        importlib.import_module(
            "requests_app.migrations.0002_load_exemption_catalogue"
        ).load_catalogue(apps, None)
    if not ProclaimedHoliday.objects.exists():
        importlib.import_module(
            "requests_app.migrations.0010_st_andrews_day_2006_was_not_a_bank_holiday"
        ).add(apps, None)
