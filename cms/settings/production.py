"""Production settings: everything comes from the environment and is secure by default."""

import os
import shlex

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to a comma-separated list of host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# TLS is terminated in front of the app (load balancer or proxy).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True


def gunicorn_workers():
    """How many worker processes gunicorn will start, as it reads its environment
    (GUNICORN_CMD_ARGS, as the Dockerfile sets it, then WEB_CONCURRENCY)."""
    from gunicorn.config import Config

    config = Config()
    options = config.parser().parse_args(shlex.split(os.environ.get("GUNICORN_CMD_ARGS", "")))
    return options.workers or config.workers


# Rate limits, the sign-in lockout and the page and API caches live in the cache. Kept in
# each worker's memory, every worker would count on its own, so production needs a store
# the workers share, unless it runs one single process.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        },
        "template_fragments": FRAGMENT_CACHE,  # noqa: F405
    }
elif CACHE_URL == "locmem://":
    if (workers := gunicorn_workers()) > 1:
        raise ImproperlyConfigured(
            f"CACHE_URL=locmem:// keeps rate limits and the sign-in lockout in each worker's "
            f"memory, and gunicorn is set to start {workers} workers: set "
            f"CACHE_URL=redis://… so they share one count."
        )
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "template_fragments": FRAGMENT_CACHE,  # noqa: F405
    }
else:
    raise ImproperlyConfigured(
        "Set CACHE_URL=redis://… (shared by every worker, so rate limits and the sign-in "
        "lockout count every request), or CACHE_URL=locmem:// for a site served by one "
        "single process."
    )

# Tasks wait in the database until a worker (`python manage.py db_worker`) runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Background tasks log every run at INFO; only their problems are worth keeping.
        "django_tasks": {"level": "WARNING"},
        # The engine clients log every request, and every failed one with a traceback; the
        # finder logs an outage once, with its end.
        "opensearch": {"level": "ERROR"},
        "elastic_transport": {"level": "ERROR"},
    },
}
