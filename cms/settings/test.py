import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# SQLite in memory unless DATABASE_URL points the suite at a real PostgreSQL.
DATABASES = {
    "default": database_options(  # noqa: F405
        dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))
    ),
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploads stay in memory, unless MEDIA_ROOT names a folder or WAYMARK_MEDIA_BUCKET a bucket
# (the browser tests' servers, whose workers must all see the demo images).
STORAGES = {
    "default": STORAGES["default"]  # noqa: F405
    if WAYMARK_MEDIA_BUCKET  # noqa: F405
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
        if os.environ.get("MEDIA_ROOT")
        else "django.core.files.storage.InMemoryStorage"
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
WAYMARK_API_RATE_LIMIT = "100000/minute"
WAYMARK_PROBLEM_REPORT_RATE_LIMIT = "100000/hour"
# Static files straight from the apps, for the browser tests' gunicorn (no collectstatic).
WHITENOISE_USE_FINDERS = True
# Most tests sign in as a superuser or moderator with force_login; tests/test_two_factor.py
# turns the requirements back on and goes through the second step.
WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS = False
WAYMARK_REQUIRE_TWO_FACTOR_FOR_MODERATORS = False

# A right-to-left language in the tests only, with no translations: it proves that adding
# Arabic or Urdu needs no change to the layout (tests/browser/test_right_to_left.py).
LANGUAGES = [*LANGUAGES, ("ar", "العربية")]  # noqa: F405

# Errors go to the console (standard error) with their tracebacks, so that a browser test's
# server shows why it answered 500 or with the error page.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
