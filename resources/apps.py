from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Helplines, guides and topics"

    def ready(self):
        from . import jobs, receivers  # noqa: F401 - registers and connects them
        from .spreadsheets import guard_wagtail_exports

        guard_wagtail_exports()
