"""Hostile or broken mail never crashes filing: it is stored and filed with what can be read."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests_app.mail import parse_email
from requests_app.models import EmailMessage
from requests_app.services.email_inbound import email_file

HEADERS = [
    b"From",
    b"To",
    b"Cc",
    b"Subject",
    b"Message-ID",
    b"In-Reply-To",
    b"References",
    b"Date",
    b"Content-Type",
    b"Content-Transfer-Encoding",
    b"Auto-Submitted",
    b"Delivered-To",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(HEADERS), st.binary(max_size=80)), max_size=12),
    st.binary(max_size=400),
)
def test_any_bytes_parse_without_raising(headers, body):
    raw = b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n" + body
    parsed = parse_email(raw)
    assert parsed.message_id  # always an id, derived when need be
    assert len(parsed.message_id) <= 500


def _nested(depth: int) -> bytes:
    head = b"Message-ID: <deep@x>\r\nSubject: deep\r\n"
    parts = b""
    for level in range(depth):
        parts += (
            f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'.encode()
        )
    parts += b"Content-Type: text/plain\r\n\r\ninnermost\r\n"
    for level in reversed(range(depth)):
        parts += f"--b{level}--\r\n".encode()
    return head + parts


def _many_parts(count: int) -> bytes:
    head = b'Message-ID: <many@x>\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
    part = b'--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.bin"\r\n\r\nxx\r\n'  # noqa: E501
    return head + part * count + b"--B--\r\n"


CASES = {
    "no headers at all": b"just some text, no header, no blank line",
    "empty": b"\r\n\r\n",
    "garbage header names": b"\x00\xff: \xfe\r\n:::\r\nSubject \r\n\r\nbody",
    "broken encoded words": b"Message-ID: <e@x>\r\nSubject: =?utf-8?B?!!!notbase64?=\r\nFrom: =?x-unknown?Q?a?= <a@b>\r\n\r\nhi",  # noqa: E501
    "8-bit headers": b"Message-ID: <8bit@x>\r\nSubject: caf\xe9 \xff\xfe\r\nFrom: J\xf6rg <j@x.de>\r\n\r\nbody",  # noqa: E501
    "unknown charset": b'Message-ID: <cs@x>\r\nContent-Type: text/plain; charset="x-klingon"\r\n\r\nQapla\xe9',  # noqa: E501
    "broken base64": b"Message-ID: <b64@x>\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!@@@###",  # noqa: E501
    "address list nonsense": b'Message-ID: <addr@x>\r\nTo: <<<@@>>>, ,,, "unterminated\r\nFrom: @\r\n\r\nhi',  # noqa: E501
    "huge message id": b"Message-ID: <" + b"a" * 5000 + b"@x>\r\n\r\nhi",
    "nul bytes": b"Message-ID: <nul@x>\r\nSubject: a\x00b\r\n\r\nbody\x00with nul",
    "bad date": b"Message-ID: <date@x>\r\nDate: Mon, 99 Foo 99999 99:99:99 +9999\r\n\r\nhi",
    "boundary never closed": b'Message-ID: <open@x>\r\nContent-Type: multipart/mixed; boundary="Z"\r\n\r\n--Z\r\nContent-Type: text/plain\r\n\r\nhello',  # noqa: E501
    "nested 60 deep": _nested(60),
    "500 attachments": _many_parts(500),
    "a large body": b"Message-ID: <big@x>\r\n\r\n" + b"word " * 600_000,
}


@pytest.mark.django_db
@pytest.mark.parametrize("raw", CASES.values(), ids=CASES.keys())
def test_hostile_messages_are_filed_never_crash(raw):
    message = email_file(raw, source="pipe")
    assert message.filed_now
    assert bytes(message.raw) == raw
    assert "\x00" not in message.subject + message.body_text
    assert EmailMessage.objects.count() == 1
    assert message.attachments.count() <= 50


@pytest.mark.django_db
def test_a_huge_message_id_is_replaced_by_a_stable_one():
    raw = CASES["huge message id"]
    first = email_file(raw, source="pipe")
    assert first.message_id.endswith("@derived.invalid")
    assert email_file(raw, source="pipe").pk == first.pk
