"""Server-rendered pages for campaigners, organisation staff and the public.

Views here only parse input, call a service or selector, and render: the rules live in
``requests_app.law``, ``requests_app.services`` and ``requests_app.selectors``.
"""
