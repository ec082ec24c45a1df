from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Find help"

    def ready(self):
        from . import jobs, signals  # noqa: F401 - jobs registers them

        signals.connect()
