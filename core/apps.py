from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared pieces"

    def ready(self):
        from . import jobs, privacy, routing, sites  # noqa: F401 - jobs registers them
        from .languages import keep_codes_in_every_language

        keep_codes_in_every_language()
        sites.connect()
        routing.connect()
        privacy.connect()
