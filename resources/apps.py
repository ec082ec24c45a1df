from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Helplines, guides and topics"

    def ready(self):
        from . import receivers  # noqa: F401 - connects them
        from .spreadsheets import guard_wagtail_exports

        guard_wagtail_exports()
