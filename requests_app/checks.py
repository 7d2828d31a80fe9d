"""Deployment checks (``manage.py check --deploy``) for settings the app relies on."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[Warning]:
    """Throttle counts and sign-in failures must be shared by every web process."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each process, so every gunicorn worker keeps its own "
            "throttle counts and a client gets WEB_CONCURRENCY times its allowance.",
            hint="Set CACHE_URL=redis://host:6379/1 (docker-compose.yml does).",
            id="requests_app.W001",
        )
    ]
