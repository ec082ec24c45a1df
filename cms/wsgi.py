import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

# Each gunicorn worker imports this module before it takes a request.
from search.backends import warm_up  # noqa: E402 - needs the application's settings loaded

warm_up()
