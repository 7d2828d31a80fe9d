"""Settings for the FOI tracker: one module, every value read from the environment through
the typed helpers of ``foitracker/env.py``, which fail loudly (ImproperlyConfigured) on a
value they cannot parse: a typo in production is a crash at start-up rather than a silently
wrong setting.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from foitracker.env import (
    cache_config,
    env_bool,
    env_broker,
    env_database,
    env_imap_folder,
    env_imap_url,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY, or DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "requests_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "requests_app.security_headers.PermissionsPolicyMiddleware",
    # Before anything reads the URL or a form: a NUL (%00) is a 400/404, never a 500.
    "requests_app.input_guards.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page's write that waited for a concurrent delete of its request: a 404, not a 500.
    "requests_app.web.gone.GoneMeanwhileMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a locked-out sign-in into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles, fonts and requests from this site
# only, and no inline script or style anywhere (pages keep their JavaScript in static files);
# images may also be data: URIs. The API docs pages relax style-src (requests_app/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "foitracker.urls"
WSGI_APPLICATION = "foitracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{DATA_DIR / 'foitracker.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Password guessing (django-axes): after LOGIN_FAILURE_LIMIT failed sign-ins for one username,
# or from one address (client_ip, see NUM_PROXIES), that username or address is refused for
# LOGIN_COOLOFF_MINUTES, with a page saying so; a success resets its counts. Failures are
# kept in the database, so every web process sees them.
AUTHENTICATION_BACKENDS = [
    "requests_app.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "requests_app.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "requests_app.web.views.lockout.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed sign-in listed in the admin
# Password-reset emails: at most this many per hour for one email address, and from one client.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("PASSWORD_RESET_LIMIT_PER_CLIENT", 10)

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Email: a real SMTP server when EMAIL_HOST is set, otherwise the console, so `make run`
# shows what would be sent without needing a mail server.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "FOI Tracker <reminders@foitracker.localhost>")

# Replies from authorities: each request's reply address is
# <INBOUND_EMAIL_PREFIX>+<token>@<INBOUND_EMAIL_DOMAIN> (README "Receiving email"). With no
# domain (the default outside DEBUG) requests have no reply address and cannot be emailed.
INBOUND_EMAIL_DOMAIN = env_str("INBOUND_EMAIL_DOMAIN", "foi.localhost" if DEBUG else "").lower()
INBOUND_EMAIL_PREFIX = env_str("INBOUND_EMAIL_PREFIX", "foi").lower()
if INBOUND_EMAIL_PREFIX and not INBOUND_EMAIL_PREFIX.replace("-", "").replace(".", "").isalnum():
    raise ImproperlyConfigured(
        f"INBOUND_EMAIL_PREFIX must be letters, digits, '-' or '.', got {INBOUND_EMAIL_PREFIX!r}"
    )
if not INBOUND_EMAIL_PREFIX:
    raise ImproperlyConfigured("INBOUND_EMAIL_PREFIX must not be empty")
# A message stored but not filed (the filing failed) is filed again by beat's sweep once it
# is this old, at most this many times; then it waits in the admin for staff.
INBOUND_EMAIL_REFILE_AFTER = env_int("INBOUND_EMAIL_REFILE_AFTER", 5 * 60)
INBOUND_EMAIL_MAX_ATTEMPTS = env_int("INBOUND_EMAIL_MAX_ATTEMPTS", 5)

# Celery: Redis in production and CI; kombu's filesystem transport by default so that
# `make run` needs no broker server at all.
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = env_broker("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # The exchange bindings: kombu's default is ./control, in whatever directory the
        # process started (the repository, for `make run`).
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# One queue name per deployment (or test run) sharing a Redis database.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Each entry expires before its next run, so a backlog after an outage never runs a stale
# sweep twice in a row (every run is idempotent anyway, but the queue stays short).
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "reminders-sweep-hourly": {
        "task": "requests_app.tasks.reminders_sweep",
        "schedule": crontab(minute=5),
        "options": {"expires": 50 * 60},
    },
    "reminders-staff-digest-daily": {
        "task": "requests_app.tasks.reminders_staff_digest",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 3 * 60 * 60},
    },
    # Holiday corrections owe a recompute in an outbox row: run any whose task was never
    # queued (broker down at the time) or was lost.
    "holiday-recomputes-reconcile": {
        "task": "requests_app.tasks.reconcile_holiday_recomputes",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # Incoming messages stored but not filed (their filing failed): try them again.
    "inbound-emails-sweep": {
        "task": "requests_app.tasks.inbound_emails_sweep",
        "schedule": crontab(minute="*/10"),
        "options": {"expires": 9 * 60},
    },
    # Emails to authorities whose send task was lost, or whose worker died mid-send.
    "outgoing-emails-sweep": {
        "task": "requests_app.tasks.outgoing_emails_sweep",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # next_deadline is "the earliest deadline still ahead": move it on just after midnight.
    "deadlines-refresh-passed-daily": {
        "task": "requests_app.tasks.refresh_passed_deadlines",
        "schedule": crontab(hour=0, minute=10),
        "options": {"expires": 6 * 60 * 60},
    },
}

# Replies by IMAP (requests_app/services/email_imap.py; README "Receiving replies by
# email"): polled every INBOUND_IMAP_POLL_SECONDS when INBOUND_IMAP_URL is set, each filed
# message moved to the processed folder; one that fails INBOUND_IMAP_MAX_ATTEMPTS times goes
# to the error folder instead. Unset (the default, and `make run`): no polling.
INBOUND_IMAP = env_imap_url("INBOUND_IMAP_URL")
INBOUND_IMAP_PROCESSED_FOLDER = env_imap_folder(
    "INBOUND_IMAP_PROCESSED_FOLDER", env_str("INBOUND_IMAP_PROCESSED_FOLDER", "Processed")
)
INBOUND_IMAP_ERROR_FOLDER = env_imap_folder(
    "INBOUND_IMAP_ERROR_FOLDER", env_str("INBOUND_IMAP_ERROR_FOLDER", "Failed")
)
INBOUND_IMAP_POLL_SECONDS = env_int("INBOUND_IMAP_POLL_SECONDS", 60)
INBOUND_IMAP_MAX_ATTEMPTS = env_int("INBOUND_IMAP_MAX_ATTEMPTS", 5)
INBOUND_IMAP_BATCH = env_int("INBOUND_IMAP_BATCH", 100)
INBOUND_IMAP_TIMEOUT = env_int("INBOUND_IMAP_TIMEOUT", 30)
# A private CA's certificate (PEM) to trust besides the system's, for imaps/starttls.
INBOUND_IMAP_CA_FILE = env_str("INBOUND_IMAP_CA_FILE")
for _name in ("POLL_SECONDS", "MAX_ATTEMPTS", "BATCH", "TIMEOUT"):
    if globals()[f"INBOUND_IMAP_{_name}"] < 1:
        raise ImproperlyConfigured(f"INBOUND_IMAP_{_name} must be 1 or more")
if INBOUND_IMAP is not None:
    CELERY_BEAT_SCHEDULE["inbound-imap-poll"] = {
        "task": "requests_app.tasks.inbound_imap_poll",
        "schedule": float(INBOUND_IMAP_POLL_SECONDS),
        # A poll not started before the next one is due is dropped: the next covers it.
        "options": {"expires": INBOUND_IMAP_POLL_SECONDS},
    }

# Replies by a hosted provider's inbound webhook (requests_app/email_webhook.py, anymail):
# on only with INBOUND_WEBHOOK_SECRET, "user:password" that every call must send as basic
# auth (put it in the URL you give the provider). Mailgun signs its calls as well: its key.
INBOUND_WEBHOOK_SECRET = env_str("INBOUND_WEBHOOK_SECRET")
if INBOUND_WEBHOOK_SECRET and ":" not in INBOUND_WEBHOOK_SECRET:
    raise ImproperlyConfigured("INBOUND_WEBHOOK_SECRET must be user:password")
ANYMAIL = {
    name: value
    for name, value in (
        ("WEBHOOK_SECRET", INBOUND_WEBHOOK_SECRET),
        ("MAILGUN_WEBHOOK_SIGNING_KEY", env_str("INBOUND_WEBHOOK_MAILGUN_SIGNING_KEY")),
    )
    if value  # unset, not empty: anymail then says which setting a provider lacks
}

# Seconds an owed holiday recompute is left to its own task before the reconciliation runs it.
HOLIDAY_RECOMPUTE_GRACE = env_int("HOLIDAY_RECOMPUTE_GRACE", 120)

# Reminders (requests_app/services/reminders.py). Times in seconds.
REMINDER_CATCH_UP_DAYS = env_int("REMINDER_CATCH_UP_DAYS", 7)
REMINDER_DIGEST_HOUR = env_int("REMINDER_DIGEST_HOUR", 7)
# Longer than EMAIL_TIMEOUT many times over: a row in "sending" this long lost its worker.
REMINDER_SENDING_TIMEOUT = env_int("REMINDER_SENDING_TIMEOUT", 15 * 60)
# A pending row queued this long ago lost its message (e.g. Redis restarted): queue it again.
REMINDER_REQUEUE_AFTER = env_int("REMINDER_REQUEUE_AFTER", 60 * 60)
REMINDER_RETRY_BACKOFF = env_int("REMINDER_RETRY_BACKOFF", 60)
REMINDER_RETRY_BACKOFF_MAX = env_int("REMINDER_RETRY_BACKOFF_MAX", 60 * 60)
REMINDER_MAX_RETRIES = env_int("REMINDER_MAX_RETRIES", 8)

# Emails to authorities (requests_app/services/email_sending.py, email_delivery.py): the same
# exactly-once protocol as reminders. Times in seconds.
EMAIL_SEND_SENDING_TIMEOUT = env_int("EMAIL_SEND_SENDING_TIMEOUT", 15 * 60)
# A queued row whose task has not claimed it this long is queued again by the sweep.
EMAIL_SEND_REQUEUE_AFTER = env_int("EMAIL_SEND_REQUEUE_AFTER", 10 * 60)
EMAIL_SEND_RETRY_BACKOFF = env_int("EMAIL_SEND_RETRY_BACKOFF", 60)
EMAIL_SEND_RETRY_BACKOFF_MAX = env_int("EMAIL_SEND_RETRY_BACKOFF_MAX", 60 * 60)
EMAIL_SEND_MAX_RETRIES = env_int("EMAIL_SEND_MAX_RETRIES", 8)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "requests_app.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "requests_app.api.errors.api_exception_handler",
    # Token first: a bad or missing token is then a 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["requests_app.api.filters.StrictFilterBackend"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "requests_app.api.negotiation.StrictContentNegotiation",
    # DRF's three, refusing NUL characters and JSON nested past any real body.
    "DEFAULT_PARSER_CLASSES": [
        "requests_app.api.parsers.JSONParser",
        "requests_app.api.parsers.FormParser",
        "requests_app.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "requests_app.api.keyset.KeysetPagination",
    "PAGE_SIZE": 50,
    # Per IP, anonymous clients only; the rate is read per request (ANON_THROTTLE_RATE).
    "DEFAULT_THROTTLE_CLASSES": ["requests_app.api.throttling.AnonymousThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("ANON_THROTTLE_RATE", "120/minute")},
}

# How many proxies of ours stand in front of the app. Each appends to X-Forwarded-For, so the
# client is that many entries from the right; 0 ignores the header (it is the client's to
# forge). Throttling, sign-in lockout and password-reset limits all key on that address.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, got {NUM_PROXIES}")

SPECTACULAR_SETTINGS = {
    "TITLE": "FOI Tracker API",
    "DESCRIPTION": "Track UK Freedom of Information requests, deadlines and refusal statistics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # <id:...> (requests_app/url_converters.py): an integer, as Django's <int:...> is.
    "PATH_CONVERTER_OVERRIDES": {"id": int},
    # Swagger UI and ReDoc from the drf-spectacular-sidecar package's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Separate request/response components, so read-only fields are not asked for in input.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "requests_app.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RegimeEnum": "requests_app.models.choices.RegimeChoices",
        "OutcomeEnum": "requests_app.models.choices.OutcomeChoices",
        "ReviewOutcomeEnum": "requests_app.models.choices.ReviewOutcomeChoices",
        "ComplaintOutcomeEnum": "requests_app.models.choices.ComplaintOutcomeChoices",
        "ReminderKindEnum": "requests_app.models.reminders.ReminderKindChoices",
        "ReminderStatusEnum": "requests_app.models.reminders.ReminderStatusChoices",
        "RequestStatusEnum": "requests_app.models.choices.StatusChoices",
        "QuestionStatusEnum": "requests_app.api.letters.QUESTION_STATUSES",
        "OutgoingEmailKindEnum": "requests_app.api.email_sending.SEND_KIND_VALUES",
        "OutgoingEmailStatusEnum": "requests_app.api.email_sending.SEND_STATUS_VALUES",
        "ResponseKindEnum": "requests_app.models.choices.ResponseKindChoices",
    },
}

# Statistics are cached under a fingerprint of the data; this bounds staleness from writes
# that leave no fingerprint (raw SQL) and is the Cache-Control max-age given to clients.
STATS_CACHE_SECONDS = env_int("STATS_CACHE_SECONDS", 600)
# Public pages (home, authority, exemption, exemptions list, campaign) show their last
# computed figures, dated, and a Celery task computes new ones after a write
# (services/page_figures.py). Up to this many requests the figures cost tens of ms and are
# computed inside the page instead, exact at once. A queued refresh not finished after
# PAGE_FIGURES_CLAIM_SECONDS is taken as lost: the next visit queues another.
PAGE_FIGURES_INLINE_MAX_REQUESTS = env_int("PAGE_FIGURES_INLINE_MAX_REQUESTS", 20_000)
PAGE_FIGURES_CLAIM_SECONDS = env_int("PAGE_FIGURES_CLAIM_SECONDS", 300)


CACHE_TIMEOUT_MS = env_int("CACHE_TIMEOUT_MS", 500)
# /healthz gives each check (database, broker, cache) this long before calling it down.
HEALTHZ_TIMEOUT_MS = env_int("HEALTHZ_TIMEOUT_MS", 2000)
CACHES = cache_config(env_str("CACHE_URL"), CACHE_TIMEOUT_MS / 1000)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Container and load-balancer health probes speak plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

SEEDS_DIR = Path(env_str("SEEDS_DIR", str(BASE_DIR.parent / "shared" / "seeds")))
