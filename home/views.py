from django.views.generic import TemplateView


class BrowseSafelyView(TemplateView):
    """How to keep a visit to Waymark private, told honestly."""

    template_name = "home/browse_safely.html"
