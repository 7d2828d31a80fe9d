"""The ``id`` path converter: ``<id:pk>`` for every id in a URL, instead of Django's ``int``.

An id past a signed 64-bit integer can name no row (primary keys are BIGINT at most), and
SQLite raises ``OverflowError`` binding one: a 500. Such a URL matches no route, so it is a
404 like any other unknown address (``tests/test_int_routes.py`` checks every route).
Registered here, once, by the URLconfs that use it importing this module.
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import IntConverter

MAX_ID = 2**63 - 1


class IdConverter(IntConverter):
    regex = "[0-9]{1,19}"  # no longer than MAX_ID; to_python refuses the rest

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("past a 64-bit id")  # the route does not match: a 404
        return number


register_converter(IdConverter, "id")
