"""Reading raw email: pure Python (the standard library's ``email`` and nh3), no Django.

``parse_email(raw)`` never raises: hostile or broken input gives a ``ParsedEmail`` with what
could be read and ``problems`` saying what could not. ``classify`` tells a bounce or an
automatic reply from a reply; ``html`` sanitises HTML for display and turns it into text.
"""

from requests_app.mail.classify import classify
from requests_app.mail.parse import ParsedAttachment, ParsedEmail, parse_email

__all__ = ["ParsedAttachment", "ParsedEmail", "classify", "parse_email"]
