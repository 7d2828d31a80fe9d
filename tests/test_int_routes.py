"""An id past 64 bits in any URL is a 404, never a 500.

No row can have such an id, and SQLite raises ``OverflowError`` binding one (a 500). Every
route's integer parts go through the ``id`` converter (``requests_app/url_converters.py``),
which matches at most a signed 64-bit integer, so such a URL matches no route.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from requests_app.models import EmailMessage
from requests_app.services.email_inbound import email_file
from requests_app.url_converters import MAX_ID, IdConverter
from tests import factories
from tests.api.conftest import answer
from tests.email.messages import coventry_reply

PAST_64_BITS = str(2**64)
# Words that fill the other parts of a route: kinds of email, letter, event and action the
# views know, so a view gets as far as its ids instead of stopping at an unknown word.
WORDS = {
    "kind": ["request", "review-request", "reviews", "responses", "complaints"],
    "slug": ["review", "response", "x"],
}
_PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _text(pattern) -> str | None:
    """A pattern as route text; a regular expression (DRF's routers) with its groups as
    ``<name>``. None for a format-suffix variant (``.json``)."""
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    regex = pattern.regex.pattern
    if "format" in pattern.regex.groupindex:
        return None
    return _GROUP.sub(r"<\g<name>>", regex.lstrip("^").rstrip("$")).replace("\\", "")


def _is_id(converter: str | None, name: str) -> bool:
    return converter in ("int", "id") or name == "pk" or name.endswith("_pk")


def _id_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every route with an id in it, as route text (``requests/<id:pk>/``)."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        text = _text(entry.pattern)
        if text is None:
            continue
        if isinstance(entry, URLResolver):
            found += _id_routes(entry, prefix + text)
        elif any(_is_id(m["converter"], m["name"]) for m in _PART.finditer(prefix + text)):
            found.append(prefix + text)
    return found


def _paths(route: str, real: dict[str, int]) -> list[tuple[str, bool]]:
    """The route with each id either past 64 bits or a real row's (``real``, by the part's
    name; at least one past 64 bits) and every other part each of ``WORDS``; with whether
    an id of the converter's (not a DRF router's) is past 64 bits."""
    todo: list[tuple[str, bool, bool]] = [(route, False, False)]
    done = []
    while todo:
        path, past, converter_past = todo.pop()
        match = _PART.search(path)
        if match is None:
            if past:
                done.append(("/" + path, converter_past))
            continue
        name, converter = match["name"], match["converter"]
        if _is_id(converter, name):
            fills = [
                (PAST_64_BITS, True, converter_past or converter is not None),
                (str(real[name]), past, converter_past),
            ]
        else:
            fills = [(word, past, converter_past) for word in WORDS.get(name, ["x"])]
        todo += [(path[: match.start()] + fill + path[match.end() :], *f) for fill, *f in fills]
    return done


ROUTES = _id_routes()


def test_the_routes_with_ids_are_found():
    assert "requests/<id:pk>/" in ROUTES
    assert "api/v1/requests/<id:request_pk>/messages/<id:message_pk>/confirm/" in ROUTES
    assert len(ROUTES) >= 20


def test_no_route_uses_the_unbounded_int_converter():
    def walk(resolver):
        for entry in resolver.url_patterns:
            converters = getattr(entry.pattern, "converters", {})
            for name, converter in converters.items():
                assert not (
                    isinstance(converter, IntConverter) and not isinstance(converter, IdConverter)
                ), f"{entry.pattern}: <int:{name}> answers a 500 past 64 bits; use <id:{name}>"
            if isinstance(entry, URLResolver):
                walk(entry)

    walk(get_resolver())


def test_the_id_converter_stops_at_64_bits():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == 2**63 - 1
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))
    assert re.fullmatch(converter.regex, "1" * 19)
    assert not re.fullmatch(converter.regex, "1" * 20)


@pytest.fixture
def real(db, settings) -> dict[str, int]:
    """A request with a letter and emails both ways, so that one id of a route can be a real
    row's while another is past 64 bits (a lookup by the second then runs)."""
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    foi_request = factories.FOIRequestFactory(visibility="public")
    reply = email_file(coventry_reply(foi_request.reply_to_address), source="pipe")
    sent = EmailMessage.objects.create(
        foi_request=foi_request,
        direction="out",
        kind="request",
        status="failed",
        message_id="request-1@foi.example.org",
        raw=b"Subject: Request\r\n\r\nPlease.\r\n",
    )
    response = answer(foi_request, foi_request.received_on, "granted")
    return {
        "pk": foi_request.pk,
        "request_pk": foi_request.pk,
        "event_pk": response.pk,
        "email_pk": sent.pk,
        "message_pk": reply.pk,
        "attachment_pk": reply.attachments.get().pk,
    }


@pytest.mark.parametrize("route", ROUTES)
def test_an_id_past_64_bits_is_never_a_server_error(route, real):
    client = Client(raise_request_exception=False)
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    answers = {
        (f"{method.__name__.upper()} {path}", unmatched): method(path).status_code
        for path, unmatched in _paths(route, real)
        for method in (client.get, client.post)
    }
    assert [call for (call, _), status in answers.items() if status >= 500] == []
    # An id of the converter's past 64 bits matches no route: a 404, whatever the method.
    assert [
        call for (call, unmatched), status in answers.items() if unmatched and status != 404
    ] == []
