"""pazar settings: everything comes from the environment; SQLite and inline jobs by default."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
import orjson
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean from the environment: 1/true/yes/on are true."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read an integer from the environment."""
    value = os.environ.get(name)
    return int(value) if value else default


DEFAULT_SECRET_KEY = "django-insecure-pazar-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
TESTING = "pytest" in sys.modules or env_bool("PAZAR_TESTING", False)

if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("DEBUG=0 needs SECRET_KEY set to a long random value.")

# The API's public address in links that go out to customers (the default of TRADEIN_LINK_BASE_URL).
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL)
if not DEBUG and any(host in PUBLIC_BASE_URL for host in ("://127.0.0.1", "://localhost", "://[::1]")):
    raise ImproperlyConfigured(
        f"DEBUG=0 needs PUBLIC_BASE_URL set to the API's public https address: TRADEIN_LINK_BASE_URL "
        f"(the links in trade-in emails) would point customers at {PUBLIC_BASE_URL}."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_CREDENTIALS = True

INSTALLED_APPS = [
    "modeltranslation",
    # django.contrib.admin with the project's site (pazar/admin_site.py: branding, email login, index).
    "pazar.admin_apps.PazarAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "constance",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pazar.core",
    "pazar.catalog",
    "pazar.accounts",
    "pazar.addresses",
    "pazar.notifications",
    "pazar.loyalty",
    "pazar.orders",
    "pazar.offers",
    "pazar.preferences",
    "pazar.support",
    "pazar.conversations",
    "pazar.wishlists",
    "pazar.benchdata",
]

MIDDLEWARE = [
    # Request id, JSON request log and metrics around everything, static files included.
    "pazar.core.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server, compressed, hashed names cached for a year (whitenoise).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pazar.core.middleware.UnsetHeadersMiddleware",
    "pazar.core.middleware.OptionalTrailingSlashMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "pazar.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session signed in with a second factor (the admin).
    "django_otp.middleware.OTPMiddleware",
    # After a write, the writer's reads go to the primary for a while (pazar/core/replicas.py).
    "pazar.core.replicas.ReplicaPinMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Paths answer with and without their trailing slash (see OptionalTrailingSlashMiddleware):
# a redirect would drop the body of a POST.
APPEND_SLASH = False

ROOT_URLCONF = "pazar.urls"
WSGI_APPLICATION = "pazar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# --- Database ---------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters bound by the server (ids travel as one array), and a statement run a few
        # times on a connection is prepared there (psycopg's prepare_threshold): PostgreSQL parses
        # the hot queries once per connection instead of once per request. Set
        # DATABASE_PREPARED_STATEMENTS=0 behind a pooler that cannot hold prepared statements
        # (PgBouncer before 1.21 in transaction mode).
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
        # Planned for the values at hand every time, never once for all (PostgreSQL's generic plan):
        # on skewed data a generic plan of "a shopper's newest conversations" walks the whole date
        # index, where a plan for the shopper at hand reads a few entries.
        options = DATABASES["default"]["OPTIONS"]
        options["options"] = f"{options.get('options', '')} -c plan_cache_mode=force_custom_plan".strip()
        # ...except the statements pazar writes once to pick rows by an indexed key, which one plan
        # serves for any values (pazar/core/postgresql/base.py). It switches the session's mode:
        # set DATABASE_GENERIC_PLANS=0 behind a pooler in transaction mode (PgBouncer), whose
        # sessions are shared, so that every statement keeps the custom mode.
        if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
            "DATABASE_GENERIC_PLANS", True
        ):
            DATABASES["default"]["ENGINE"] = "pazar.core.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Read replicas (comma-separated URLs; empty: one database). Only the views marked
# `@replica_reads` read them, and not for a caller who wrote in the last
# DATABASE_REPLICA_PIN_SECONDS (pazar/core/replicas.py). Each is `replica1`, `replica2`, ... with
# the primary's engine and options (prepared statements, plan modes) and a short connect timeout.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10)
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", DATABASE_REPLICA_PIN_SECONDS)
DATABASE_REPLICA_RETRY_SECONDS = env_int("DATABASE_REPLICA_RETRY_SECONDS", 5)
DATABASE_REPLICA_CONNECT_TIMEOUT = env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 1)
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = dj_database_url.parse(_url)
    if not DATABASES["default"]["ENGINE"].startswith(("django.db.backends.postgresql", "pazar.core.postgresql")) or (
        "postgresql" not in _replica["ENGINE"]
    ):
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs PostgreSQL for DATABASE_URL and every replica.")
    _options = {**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {})}
    _options["connect_timeout"] = DATABASE_REPLICA_CONNECT_TIMEOUT
    _alias = f"replica{_number}"
    DATABASES[_alias] = {
        **DATABASES["default"],
        **{key: _replica[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT") if key in _replica},
        "OPTIONS": _options,
        # Tests run against the primary alone: the replica alias is the same database.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(_alias)
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["pazar.core.replicas.ReplicaRouter"]

# --- Cache, sessions, background jobs: Redis when REDIS_URL is set, local otherwise --------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as an empty cache while Redis is unreachable (see pazar/core/cache.py).
            "BACKEND": "pazar.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "pazar"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions are kept in the database and cached in Redis: they outlive a Redis restart.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pazar"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
if TESTING:
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "pazar"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    "loyalty-sync-due": {"task": "pazar.loyalty.tasks.loyalty_sync_due_task", "schedule": 60.0},
    # password resets requested while the broker was unreachable (accounts/lifecycle/services.py)
    "password-reset-deferred": {"task": "pazar.accounts.tasks.password_reset_deferred_sweep_task", "schedule": 30.0},
}

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["pazar.accounts.backends.EmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    # Against what the shopper knows: the generated username is a hidden value they never chose.
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The storefront (Project Zero) reads these names.
SESSION_COOKIE_NAME = "osessionid"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "csrftoken"
CSRF_HEADER_NAME = "HTTP_X_CSRFTOKEN"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "pazar.core.views.csrf_failure"

# Client addresses: X-Forwarded-For is believed only from these proxies (IPs or CIDRs).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Failed logins (NIST SP 800-63B 5.2.2, docs/security.md). Behind the storefront every shopper
# arrives from one address, so nothing here refuses the owner: past a threshold the login asks for
# the captcha (/users/pz-captcha/) instead of checking the password. Thresholds, each counted in
# LOGIN_FAILURE_WINDOW: LOGIN_CAPTCHA_AFTER_FAILURES per email (dynamic, constance, below) and
# LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES per client address; and the per-email daily ceiling of
# attempts without a captcha, LOGIN_FAILURE_EMAIL_LIMIT in LOGIN_FAILURE_EMAIL_WINDOW.
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15) * 60
LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES = env_int("LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES", 100)
LOGIN_FAILURE_EMAIL_LIMIT = env_int("LOGIN_FAILURE_EMAIL_LIMIT", 100)
LOGIN_FAILURE_EMAIL_WINDOW = env_int("LOGIN_FAILURE_EMAIL_WINDOW_MINUTES", 24 * 60) * 60
# The captcha (pazar/accounts/captcha.py): a class with the providers' siteverify protocol. The
# sandbox (DEBUG and tests) passes exactly the answer "sandbox-pass"; SiteverifyVerifier posts to
# CAPTCHA_VERIFY_URL (Google reCAPTCHA by default; hCaptcha's and Cloudflare Turnstile's URLs work
# the same) and fails closed (503) when the provider cannot answer.
CAPTCHA_VERIFIER = os.environ.get(
    "CAPTCHA_VERIFIER",
    "pazar.accounts.captcha.services.SandboxVerifier"
    if DEBUG or TESTING
    else "pazar.accounts.captcha.services.SiteverifyVerifier",
)
CAPTCHA_SITE_KEY = os.environ.get("CAPTCHA_SITE_KEY", "")
CAPTCHA_SECRET_KEY = os.environ.get("CAPTCHA_SECRET_KEY", "")
CAPTCHA_VERIFY_URL = os.environ.get("CAPTCHA_VERIFY_URL", "https://www.google.com/recaptcha/api/siteverify")
CAPTCHA_VERIFY_TIMEOUT = float(os.environ.get("CAPTCHA_VERIFY_TIMEOUT_SECONDS", "3"))
# The widget the admin's login form shows (the storefront brings its own, react-google-recaptcha).
CAPTCHA_WIDGET_SCRIPT = os.environ.get("CAPTCHA_WIDGET_SCRIPT", "https://www.google.com/recaptcha/api.js")
CAPTCHA_WIDGET_CLASS = os.environ.get("CAPTCHA_WIDGET_CLASS", "g-recaptcha")
# A solved captcha lets its session make one login (or registration) within this many seconds.
CAPTCHA_PASS_SECONDS = env_int("CAPTCHA_PASS_SECONDS", 300)
# Staff sign in to /admin/ with a TOTP code (django-otp) when they have a confirmed device; with
# ADMIN_REQUIRE_OTP on, staff without one cannot enter the admin at all.
ADMIN_REQUIRE_OTP = env_bool("ADMIN_REQUIRE_OTP", False)
REGISTRATION_IP_RATE = os.environ.get("REGISTRATION_IP_RATE", "100/hour")
# "A user with that email address already exists." answers per client address an hour (enumeration).
REGISTRATION_DUPLICATE_PER_IP_PER_HOUR = env_int("REGISTRATION_DUPLICATE_PER_IP_PER_HOUR", 10)

# --- Production hardening (DEBUG=0) ------------------------------------------------------
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and Prometheus call the app servers directly on the private network, over HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("tr", _("Turkish"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "tr")
LOCALE_PATHS = [BASE_DIR / "pazar" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Files -------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads that must never be public (contact-us attachments) live outside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": os.environ.get("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        # Hashed, compressed copies made by collectstatic (make serve-prod); plain files while developing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# whitenoise serves STATIC_ROOT (collectstatic); while developing it finds the apps' files itself.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# For django.core.mail.backends.filebased.EmailBackend (the load test records every send there).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pazar <no-reply@pazar.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Django REST Framework --------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Session first: its lack of a WWW-Authenticate header makes "not logged in" a 403,
        # as the storefront expects.
        "pazar.core.authentication.SessionAuthentication",
        "pazar.core.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # orjson renders a page of nested objects several times faster than the json module.
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Error bodies of list fields are keyed by position ({0: {...}}), as DRF's own renderer allows.
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_NON_STR_KEYS,),
    "DEFAULT_PARSER_CLASSES": [
        "pazar.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "pazar.core.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["pazar.core.filters.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pazar.core.exceptions.exception_handler",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%S.%fZ",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_RATES": {
        "registration_ip": REGISTRATION_IP_RATE,
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "pazar API",
    "DESCRIPTION": (
        "Customer-account and marketplace-conversation API, compatible with the Akinon Commerce "
        "storefront contract. Sessions use the `osessionid` cookie with CSRF (`x-csrftoken`); "
        "scripts and sellers use `Authorization: Token <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files are served from the package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pazar.core.openapi.document_error_responses",
        "pazar.core.revalidation.document_revalidation",
    ],
}

# --- Dynamic settings (django-constance, editable in the admin, cached) --------------------
CONSTANCE_BACKEND = "pazar.core.constance.CachedDefaultsDatabaseBackend"
# Cached in Redis when there is one (constance refuses a per-process cache: values would go stale).
CONSTANCE_DATABASE_CACHE_BACKEND = "default" if REDIS_URL else None
CONSTANCE_ADDITIONAL_FIELDS = {
    "json": ["django.forms.JSONField", {"required": False}],
    "seller_contact_ties": [
        "django.forms.ChoiceField",
        {
            "choices": (
                ("order_or_conversation", "Shoppers with an order item of the seller, or a conversation with it"),
                ("order", "Shoppers with an order item of the seller"),
                ("nobody", "Nobody: sellers only answer conversations shoppers open"),
            )
        },
    ],
}
CONSTANCE_CONFIG = {
    "LOGIN_CAPTCHA_AFTER_FAILURES": (
        5,
        "Failed logins for one email (in LOGIN_FAILURE_WINDOW_MINUTES) after which its logins need the captcha.",
        int,
    ),
    "CONTACT_US_EMAIL_TO": (
        {"contact_us": "support@pazar.local"},
        'Recipient address per contact-us operation, e.g. {"contact_us": ..., "franchise": ...}.',
        "json",
    ),
    "CONTACT_US_ACKNOWLEDGEMENT": (
        True,
        "Email the sender a fixed acknowledgement of the contact form (never the sender's own text).",
        bool,
    ),
    "CUSTOMER_LOYALTY_CARD_SERVICE": (
        {"backend": "sandbox"},
        'Loyalty-card service client: {"backend": "sandbox"} (add "down": true to simulate an outage) or '
        '{"backend": "http", "url": "https://..."}; its credentials come from the environment '
        "(LOYALTY_SERVICE_TOKEN, or LOYALTY_SERVICE_USERNAME and LOYALTY_SERVICE_PASSWORD).",
        "json",
    ),
    "PROFILE_SMS_VERIFICATION": (True, "A phone change must be confirmed with a code sent by SMS.", bool),
    "PROFILE_CONSENT_CONFIRMATION": (
        False,
        "KVKK: changes to phone, email and the email/SMS/call permissions must be confirmed with a code.",
        bool,
    ),
    "SMS_CODE_VALIDITY_SECONDS": (180, "How long a one-time SMS code is valid.", int),
    "PHONE_NUMBER_UNIQUE": (True, "A phone number may belong to one account only.", bool),
    "SMS_ALLOWED_COUNTRY_CODES": (
        "90",
        "Country calling codes SMS codes may be sent to, comma-separated (90 = Turkey; * = any country).",
        str,
    ),
    "SMS_BUDGET_PER_HOUR": (
        1000,
        "SMS codes the shop sends in an hour, all numbers together; beyond, 429 and an email to staff.",
        int,
    ),
    "STAFF_ALERT_EMAILS": ("", "Comma-separated addresses for operational alerts (empty: the superusers).", str),
    "CONVERSATION_REVIEW_REQUIRES_PURCHASE": (
        True,
        "Only a shopper with a delivered order item of the product (or from the store) may review it.",
        bool,
    ),
    "SELLER_CONTACT_TIES": (
        "order_or_conversation",
        "Which shoppers a seller account may open a conversation with (staff: anyone).",
        "seller_contact_ties",
    ),
    "CONVERSATION_PUBLIC_MODERATION": (
        False,
        "Public questions and reviews appear only after staff approve them in the admin.",
        bool,
    ),
}

# One-time SMS codes: wrong tries per code, sends per phone number and per user, per client address.
PHONE_DEFAULT_REGION = os.environ.get("PHONE_DEFAULT_REGION", "TR")
SMS_CODE_MAX_ATTEMPTS = env_int("SMS_CODE_MAX_ATTEMPTS", 5)
SMS_SEND_PER_MINUTE = env_int("SMS_SEND_PER_MINUTE", 1)
SMS_SEND_PER_HOUR = env_int("SMS_SEND_PER_HOUR", 5)
SMS_SEND_PER_IP_PER_HOUR = env_int("SMS_SEND_PER_IP_PER_HOUR", 100)
CONTACT_US_FILE_MAX_BYTES = env_int("CONTACT_US_FILE_MAX_BYTES", 10 * 1024 * 1024)
# The whole request body (RequestSizeLimitMiddleware answers 413 beyond): the largest upload plus the form around it.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", CONTACT_US_FILE_MAX_BYTES + 2 * 1024 * 1024)
CONTACT_US_PER_EMAIL_PER_HOUR = env_int("CONTACT_US_PER_EMAIL_PER_HOUR", 5)
CONTACT_US_PER_IP_PER_HOUR = env_int("CONTACT_US_PER_IP_PER_HOUR", 100)
# Conversation and message posting (429 beyond): per shopper, per seller account, per client address.
MESSAGE_POST_PER_USER_PER_MINUTE = env_int("MESSAGE_POST_PER_USER_PER_MINUTE", 10)
MESSAGE_POST_PER_USER_PER_HOUR = env_int("MESSAGE_POST_PER_USER_PER_HOUR", 100)
MESSAGE_POST_PER_SELLER_PER_MINUTE = env_int("MESSAGE_POST_PER_SELLER_PER_MINUTE", 120)
MESSAGE_POST_PER_IP_PER_MINUTE = env_int("MESSAGE_POST_PER_IP_PER_MINUTE", 600)
# Distinct shoppers a seller account may open conversations with in an hour (429 beyond).
SELLER_CONTACTS_PER_HOUR = env_int("SELLER_CONTACTS_PER_HOUR", 30)
AVATAR_MAX_BYTES = env_int("AVATAR_MAX_BYTES", 5 * 1024 * 1024)
AVATAR_MAX_SIZE = env_int("AVATAR_MAX_SIZE", 512)

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Orders ---
CONSTANCE_CONFIG.update(
    {
        "ORDER_RETURN_WINDOW_DAYS": (14, "Days after delivery during which an item can be returned (refund).", int),
        "TRADEIN_LINK_BASE_URL": (
            PUBLIC_BASE_URL,
            "Base URL of this API in trade-in offer emails (approve and reject links).",
            str,
        ),
        "TRADEIN_LINK_MAX_AGE_DAYS": (30, "Days a trade-in offer's reject link stays valid.", int),
    }
)

# --- Notifications ---
# The outbox (pazar/notifications): attempts before a row is marked failed; the first retry delay,
# doubled at each further failure; how long a queued row may wait for its task before the sweeper
# delivers it; how long a worker may stay "sending" before the row is taken back.
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 5)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
NOTIFICATIONS_STALE_AFTER = timedelta(seconds=env_int("NOTIFICATIONS_STALE_AFTER_SECONDS", 120))
NOTIFICATIONS_SENDING_TIMEOUT = timedelta(seconds=env_int("NOTIFICATIONS_SENDING_TIMEOUT_SECONDS", 600))
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND",
    "pazar.notifications.sms.LocmemSmsBackend" if TESTING else "pazar.notifications.sms.ConsoleSmsBackend",
)
CELERY_BEAT_SCHEDULE["notifications-sweep"] = {
    "task": "pazar.notifications.tasks.notifications_sweep_task",
    "schedule": float(env_int("NOTIFICATIONS_SWEEP_SECONDS", 30)),
}
CONSTANCE_CONFIG.update(
    {
        "SMS_GATEWAY_URL": (
            "",
            "HTTP SMS gateway (SMS_BACKEND=pazar.notifications.sms.HttpSmsBackend): pazar POSTs "
            'JSON {"to", "text", "sender"} here; any answer but 2xx is retried.',
            str,
        ),
        "SMS_GATEWAY_SENDER": ("PAZAR", "Sender name or number the SMS shows.", str),
    }
)

# --- Account lifecycle (password reset, email change, erasure, guest order lookup) ---
# Throttles, per hour: reset requests per address asked for and per client address, email-change
# requests per user and per client address, confirmation-link resends, password checks per user
# (password change, erasure), guest order lookups per client address and per order number.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
PASSWORD_RESET_PER_EMAIL_PER_HOUR = env_int("PASSWORD_RESET_PER_EMAIL_PER_HOUR", 5)
PASSWORD_RESET_PER_IP_PER_HOUR = env_int("PASSWORD_RESET_PER_IP_PER_HOUR", 100)
PASSWORD_CHECK_PER_USER_PER_HOUR = env_int("PASSWORD_CHECK_PER_USER_PER_HOUR", 10)
EMAIL_CHANGE_PER_USER_PER_HOUR = env_int("EMAIL_CHANGE_PER_USER_PER_HOUR", 5)
EMAIL_CHANGE_PER_IP_PER_HOUR = env_int("EMAIL_CHANGE_PER_IP_PER_HOUR", 100)
EMAIL_CONFIRM_RESEND_PER_EMAIL_PER_HOUR = env_int("EMAIL_CONFIRM_RESEND_PER_EMAIL_PER_HOUR", 3)
EMAIL_CONFIRM_RESEND_PER_IP_PER_HOUR = env_int("EMAIL_CONFIRM_RESEND_PER_IP_PER_HOUR", 100)
ACCOUNT_EMAIL_LINK_MAX_AGE_HOURS = env_int("ACCOUNT_EMAIL_LINK_MAX_AGE_HOURS", 48)
ORDER_LOOKUP_PER_IP_PER_HOUR = env_int("ORDER_LOOKUP_PER_IP_PER_HOUR", 30)
ORDER_LOOKUP_PER_NUMBER_PER_HOUR = env_int("ORDER_LOOKUP_PER_NUMBER_PER_HOUR", 10)
CONSTANCE_ADDITIONAL_FIELDS["email_verification"] = [
    "django.forms.fields.ChoiceField",
    {
        "widget": "django.forms.Select",
        "choices": (("none", "none"), ("optional", "optional"), ("mandatory", "mandatory")),
    },
]
CONSTANCE_CONFIG.update(
    {
        "PASSWORD_RESET_URL": (
            "http://127.0.0.1:3000/users/reset/{slug}",
            "The storefront's reset page in password reset emails; {slug} is replaced by the one-time slug.",
            str,
        ),
        "EMAIL_CHANGE_URL": (
            "http://127.0.0.1:3000/users/email-set-primary/{token}/",
            "The storefront's page in email-change emails (it calls GET /users/email-set-primary/<token>/).",
            str,
        ),
        "REGISTRATION_CONFIRM_URL": (
            "http://127.0.0.1:3000/users/registration/account-confirm-email/{token}/",
            "The storefront's page in registration confirmation emails "
            "(it calls GET /users/registration/account-confirm-email/<token>/).",
            str,
        ),
        "REGISTRATION_EMAIL_VERIFICATION": (
            "none",
            "Registration email confirmation: none (no email), optional (an email with a link), "
            "mandatory (no login until the link is opened).",
            "email_verification",
        ),
        "ANONYMIZE_REQUIRES_PASSWORD": (
            False,
            "PATCH /users/anonymize/ needs the account's password in the body (off, the platform's way and the "
            "stock client's: the logged-in session and its CSRF token suffice).",
            bool,
        ),
    }
)
# --- Newsletter and currency (pazar/preferences, docs/account.md) ---
# Newsletter requests per hour, per address asked for and per client address (429 beyond); hours a
# double opt-in link lives.
NEWSLETTER_PER_EMAIL_PER_HOUR = env_int("NEWSLETTER_PER_EMAIL_PER_HOUR", 3)
NEWSLETTER_PER_IP_PER_HOUR = env_int("NEWSLETTER_PER_IP_PER_HOUR", 100)
NEWSLETTER_CONFIRM_MAX_AGE_HOURS = env_int("NEWSLETTER_CONFIRM_MAX_AGE_HOURS", 48)
# The currencies a shopper may activate (lower-case ISO 4217), the default, and whether the
# `x-currency` header the storefront forwards (its pz-currency cookie) wins over the session's choice.
AVAILABLE_CURRENCIES = [code.lower() for code in env_list("AVAILABLE_CURRENCIES", "try,usd,eur")]
DEFAULT_CURRENCY = os.environ.get("DEFAULT_CURRENCY", "try").lower()
READ_CURRENCY_FROM_HEADER = env_bool("READ_CURRENCY_FROM_HEADER", False)
if DEFAULT_CURRENCY not in AVAILABLE_CURRENCIES:
    raise ImproperlyConfigured(f"DEFAULT_CURRENCY={DEFAULT_CURRENCY} is not one of AVAILABLE_CURRENCIES.")
CONSTANCE_CONFIG.update(
    {
        "NEWSLETTER_DOUBLE_OPT_IN": (
            False,
            "A newsletter subscription counts only once the address opens the link emailed to it "
            "(a logged-in shopper's own login address needs none).",
            bool,
        ),
        "NEWSLETTER_CONSENT_VERSION": (
            "1",
            "The version of the newsletter consent text the storefront shows; kept with each subscription. "
            "Change it when the text changes.",
            str,
        ),
        "NEWSLETTER_CONFIRM_URL": (
            f"{PUBLIC_BASE_URL}/email-subscription/confirm/{{token}}/",
            "The link in double opt-in emails; {token} is replaced (this API's GET, or a storefront page "
            "that calls it).",
            str,
        ),
        "NEWSLETTER_UNSUBSCRIBE_URL": (
            f"{PUBLIC_BASE_URL}/email-subscription/unsubscribe/{{token}}/",
            "The unsubscribe link; {token} is replaced (this API's GET or POST, or a storefront page that calls it).",
            str,
        ),
    }
)
# --- Sellers: notifications, inbox, moderation (docs/sellers.md) ---
# Webhooks to sellers: the backend (a dotted path, like SMS_BACKEND); plain http allowed (DEBUG only by default).
WEBHOOK_BACKEND = os.environ.get(
    "WEBHOOK_BACKEND",
    "pazar.notifications.webhooks.LocmemWebhookBackend"
    if TESTING
    else "pazar.notifications.webhooks.HttpWebhookBackend",
)
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG and not TESTING)
CONSTANCE_CONFIG.update(
    {
        "SELLER_CONVERSATION_URL_TEMPLATE": (
            "https://seller.example.com/conversations/{conversation_id}/",
            "The link in sellers' emails; {conversation_id} and {datasource_id} are replaced.",
            str,
        ),
        "SELLER_EMAIL_DIGEST_MINUTES": (
            5,
            "Shopper messages in one conversation within this many minutes of the last email reach the seller "
            "as one digest email (0: an email for each).",
            int,
        ),
        "CONVERSATION_MASK_CONTACT_INFO": (
            False,
            "Hide emails, phone numbers and URLs in messages from the other side (staff see the original).",
            bool,
        ),
    }
)
# HTTP revalidation of the hot lists (pazar/core/revalidation.py, docs/performance.md): public
# questions and reviews may be kept this long by browsers and shared caches, then revalidate with
# their ETag; the order list's ETag names the clock at this resolution while a return window is open.
PUBLIC_LIST_MAX_AGE = env_int("PUBLIC_LIST_MAX_AGE", 60)
REVALIDATION_CLOCK_SECONDS = max(env_int("REVALIDATION_CLOCK_SECONDS", 60), 1)
# --- Addresses ---
# The location lists (countries, cities, townships, districts) are cached this long, per language
# and query; any change to those tables drops the cached pages at once (pazar/addresses/selectors.py).
ADDRESS_LOCATIONS_CACHE_SECONDS = env_int("ADDRESS_LOCATIONS_CACHE_SECONDS", 6 * 3600)
# The easy-return companies every order page lists: cached, dropped when one is saved or deleted.
ORDERS_EASY_RETURN_COMPANIES_CACHE_SECONDS = env_int("ORDERS_EASY_RETURN_COMPANIES_CACHE_SECONDS", 300)
CONSTANCE_CONFIG.update(
    {
        "ADDRESS_PHONE_MIN_LENGTH": (10, "Fewest digits an address's phone number may have.", int),
        "ADDRESS_DISTRICT_REQUIRED": (False, "An address must name its district.", bool),
    }
)
# --- Operations: readiness, metrics, logs, error tracking -------------------------------------
# /health/ready/ runs these; a domain adds its own (see pazar/core/readiness.py).
READINESS_CHECKS = [
    "pazar.core.readiness.database",
    "pazar.core.readiness.replicas",
    "pazar.core.readiness.redis",
    "pazar.core.readiness.broker",
    "pazar.core.readiness.worker_heartbeat",
    "pazar.notifications.readiness.outbox",
]
READINESS_HEARTBEAT_MAX_AGE_SECONDS = env_int("READINESS_HEARTBEAT_MAX_AGE_SECONDS", 180)
READINESS_OUTBOX_MAX_AGE_SECONDS = env_int("READINESS_OUTBOX_MAX_AGE_SECONDS", 900)
CELERY_BEAT_SCHEDULE["worker-heartbeat"] = {
    "task": "pazar.core.tasks.worker_heartbeat_task",
    "schedule": float(env_int("WORKER_HEARTBEAT_SECONDS", 60)),
}
# /metrics answers a scraper with `Authorization: Bearer <METRICS_TOKEN>` or from METRICS_ALLOWED_IPS.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
METRICS_COLLECTORS = [
    "pazar.notifications.metrics.OutboxCollector",
    "pazar.loyalty.metrics.LoyaltySyncCollector",
]
# LOG_FORMAT=json: one JSON object per line, and one line per request (request id, user, route, status, duration).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
REQUEST_LOG = env_bool("REQUEST_LOG", LOG_FORMAT == "json")
LOGGING["filters"] = {"request_id": {"()": "pazar.core.observability.RequestIdLogFilter"}}
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
if LOG_FORMAT == "json":
    LOGGING["formatters"] = {
        "json": {
            "()": "pythonjsonlogger.orjson.OrjsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
# SENTRY_DSN turns on error tracking for the web and Celery processes, personal data scrubbed.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN and not TESTING:
    from pazar.core.sentry import sentry_init

    sentry_init(dsn=SENTRY_DSN)
# MEDIA_STORAGE=storages.backends.s3.S3Storage keeps public media (avatars) in an S3-compatible bucket;
# the keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
# Avatars are public: plain URLs, no expiring signatures in the profile response.
AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
AWS_S3_FILE_OVERWRITE = False

# Secrets never live in the dynamic settings (anyone with the admin's Constance page would read them):
# gateway credentials come from the environment; the admin index shows only whether each is set.
SMS_GATEWAY_USERNAME = os.environ.get("SMS_GATEWAY_USERNAME", "")
SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD", "")
LOYALTY_SERVICE_USERNAME = os.environ.get("LOYALTY_SERVICE_USERNAME", "")
LOYALTY_SERVICE_PASSWORD = os.environ.get("LOYALTY_SERVICE_PASSWORD", "")
LOYALTY_SERVICE_TOKEN = os.environ.get("LOYALTY_SERVICE_TOKEN", "")
ENVIRONMENT_SECRETS = [
    "SECRET_KEY",
    "EMAIL_HOST_PASSWORD",
    "SMS_GATEWAY_PASSWORD",
    "LOYALTY_SERVICE_PASSWORD",
    "LOYALTY_SERVICE_TOKEN",
    "METRICS_TOKEN",
    "SENTRY_DSN",
    "CAPTCHA_SECRET_KEY",
]

# --- Wishlists: back-in-stock emails link to the product on the storefront (docs/wishlists.md) ---
CONSTANCE_CONFIG["STOREFRONT_URL"] = (
    "http://127.0.0.1:3000/",
    "The storefront's address; a back-in-stock email links to it joined with the product's absolute_url.",
    str,
)
