"""Settings shared by every environment. Environment-specific files import from here."""

import os
from pathlib import Path

import dj_database_url

from resources.opening_hours import known_timezones
from search.engine_config import parse_search_url, wagtail_search_backend

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a boolean from the environment: "1", "true", "yes" and "on" are true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    # First, so that its base.html, 404.html and 500.html are the site's.
    "core",
    "home",
    "resources",
    "campaigns",
    "search",
    "api",
    "widgets",
    "accounts",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: probes come over plain HTTP to the machine's own address (home/health.py).
    "home.health.HealthCheckMiddleware",
    # Before anything reads the address, so that a click identifier reaches no cache key.
    "core.tracking_parameters.DropTrackingParametersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the API's cache, which answers without going further.
    "core.languages.LanguageFromAddressMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "core.incomplete_posts.IncompleteAdminPostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.PublicAPIMiddleware",
    # After the API's cache, which needs no site.
    "core.sites.KnownSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"


def database_options(database):
    """`database` (a dj_database_url dictionary) with the options its engine needs here."""
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A database host that does not answer is given up on quickly, so that a page can be
        # answered from its last good copy well within gunicorn's timeout (core/caching.py).
        options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # Several workers share one file (`make run`, the browser tests): in write-ahead
        # mode a page being read never waits for an editor's write, and a transaction takes
        # the write lock when it begins, so it waits (five seconds at most) for another
        # writer to finish instead of failing with "database is locked" halfway through.
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        options.setdefault("transaction_mode", "IMMEDIATE")
    return database


DATABASES = {
    "default": database_options(
        dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        )
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The interface's languages: strings are written in English and translated in each app's
# locale/ folder (core/translations.py).
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg"), ("es", "Español"), ("fr", "Français")]
# Pages are written in these languages too: each has its own tree of translated pages,
# made and kept in step by wagtail-localize. A page not yet translated is served from the
# English tree (core/languages.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation starts as a draft, whatever the original's state: it is published once
# translated and reviewed, never with the original's English standing in.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "UTC"
USE_I18N = True
# Dates and times as each language writes them (core/formats/ adjusts Django's own).
FORMAT_MODULE_PATH = ["core.formats"]
USE_TZ = True

STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.AppDirectoriesFinder"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
# Fragments that many pages share (a result, a crisis line's card: core/caching.py) are
# kept in each process's memory: a listing holds a dozen, and a round trip to a shared cache
# for each cost more than rendering each once a minute in every process. Their keys change
# with the catalogue version and the minute, so no process shows one out of date.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": FRAGMENT_CACHE,
}

STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads go to an S3-compatible bucket when one is named, else to MEDIA_ROOT. Credentials
# come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or from the machine's own role.
WAYMARK_MEDIA_BUCKET = os.environ.get("WAYMARK_MEDIA_BUCKET", "")
if WAYMARK_MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "core.media.MediaStorage",
        "OPTIONS": {
            "bucket_name": WAYMARK_MEDIA_BUCKET,
            # Another provider's address (MinIO, Ceph, a European host…); empty for AWS.
            "endpoint_url": os.environ.get("WAYMARK_MEDIA_ENDPOINT") or None,
            "region_name": os.environ.get("WAYMARK_MEDIA_REGION") or None,
            "addressing_style": os.environ.get("WAYMARK_MEDIA_ADDRESSING") or None,
        },
    }

# Anonymous visitors must never receive a cookie: sessions and CSRF tokens are only
# created by the admin. These keep the admin's own cookies tight.
SESSION_COOKIE_HTTPONLY = True
# Only editors have sessions. Without "remember me" a session ends with the browser; with
# it, after this many hours without using the admin.
SESSION_COOKIE_AGE = int(os.environ.get("WAYMARK_SESSION_HOURS", "8")) * 3600
SESSION_SAVE_EVERY_REQUEST = True
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.ThrottledLoginForm"
# Uploaded images from /media/, read from MEDIA_ROOT or the bucket (core/media.py): on with a
# bucket, since only the app can read it; a site whose proxy serves MEDIA_ROOT itself may
# leave it off.
WAYMARK_SERVE_MEDIA = env_bool("WAYMARK_SERVE_MEDIA", bool(WAYMARK_MEDIA_BUCKET))
# Administrators and moderators must set up two-factor sign-in before using the admin;
# other editors may.
WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS = env_bool("WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS", True)
WAYMARK_REQUIRE_TWO_FACTOR_FOR_MODERATORS = env_bool(
    "WAYMARK_REQUIRE_TWO_FACTOR_FOR_MODERATORS", True
)
OTP_TOTP_ISSUER = "Waymark"
WAYMARK_LOGIN_FAILURES_PER_ACCOUNT = os.environ.get("WAYMARK_LOGIN_FAILURES_PER_ACCOUNT", "5/hour")
WAYMARK_LOGIN_FAILURES_PER_ADDRESS = os.environ.get("WAYMARK_LOGIN_FAILURES_PER_ADDRESS", "30/hour")
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Topics are one shared list: "Cyberbullying" and "cyberbullying" are the same topic.
TAGGIT_CASE_INSENSITIVE = True

WAGTAIL_SITE_NAME = "Waymark"
# Editors' avatars are ones they upload, or Wagtail's own default: never Gravatar, which
# would be a request to another origin carrying a hash of each editor's email address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin would ask releases.wagtail.org for new versions from administrators' browsers.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Editors' own time zones: real IANA zones only (the browser refuses the others).
WAGTAIL_USER_TIME_ZONES = sorted(known_timezones())
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Search: SEARCH_URL unset means the database engine for everything. Set it to
# opensearch://host:9200 or elasticsearch://host:9200 (see search/engine_config.py for
# credentials, TLS and index options) to run the finder, and Wagtail's own page index, on a
# search engine. The database index is always kept too: it answers when the engine is down.
WAYMARK_SEARCH = parse_search_url(os.environ.get("SEARCH_URL", ""))
WAGTAILSEARCH_BACKENDS = {
    "default": wagtail_search_backend(WAYMARK_SEARCH),
    "database": {"BACKEND": "search.backends.page_index"},
}
# Background work (search indexing, Wagtail's own tasks). Development and tests run tasks
# at once; production queues them in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Embeds would make visitors' browsers talk to third parties; the editor offers none.
WAGTAILEMBEDS_FINDERS = []
# Documents always go through Wagtail's view, which applies their collection's privacy and
# lets nothing in them run; never a redirect to where the file is stored.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "png", "jpg"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.images.ImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_FINISH_WORKFLOW_ACTION = "resources.workflows.publish_approved"

# Waymark's own settings.
# Where the "Leave this site" control sends people: a neutral, busy, harmless page.
WAYMARK_QUICK_EXIT_URL = os.environ.get("WAYMARK_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
# Country used for the crisis banner until the visitor chooses one.
WAYMARK_DEFAULT_COUNTRY = os.environ.get("WAYMARK_DEFAULT_COUNTRY", "GB")
# A helpline whose last verification is older than this is marked as possibly out of date.
# A helpline's details are due for a check this long after the last one, unless the helpline
# sets its own interval; reminders start this many days before.
WAYMARK_REVIEW_INTERVAL_DAYS = int(os.environ.get("WAYMARK_REVIEW_INTERVAL_DAYS", "180"))
WAYMARK_REVIEW_REMINDER_DAYS = int(os.environ.get("WAYMARK_REVIEW_REMINDER_DAYS", "30"))

# Public API: requests per client ("N/second|minute|hour|day"), and how many proxies we run
# in front of the app (their X-Forwarded-For entries are trusted; 0 trusts none).
WAYMARK_API_RATE_LIMIT = os.environ.get("WAYMARK_API_RATE_LIMIT", "300/minute")
WAYMARK_PROXY_COUNT = int(os.environ.get("WAYMARK_PROXY_COUNT", "0"))
# Widget loads and taps counted per client, against inflated impact figures.
WAYMARK_WIDGET_EVENT_RATE_LIMIT = os.environ.get("WAYMARK_WIDGET_EVENT_RATE_LIMIT", "60/minute")
WAYMARK_PROBLEM_REPORT_RATE_LIMIT = os.environ.get("WAYMARK_PROBLEM_REPORT_RATE_LIMIT", "10/hour")
