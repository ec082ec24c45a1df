from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development server on 127.0.0.1 only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo admin on your own machine signs in with a password alone.
WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS = False
WAYMARK_REQUIRE_TWO_FACTOR_FOR_MODERATORS = False

# The development server logs every request line; search terms are left out of them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_query_strings": {"()": "core.log_filters.WithoutQueryStrings"}},
    "handlers": {
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["without_query_strings"],
            "formatter": "server",
        }
    },
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "loggers": {"django.server": {"handlers": ["server"], "level": "INFO", "propagate": False}},
}
