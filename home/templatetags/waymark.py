from django import template
from django.conf import settings

from core.catalogue import VersionedCache
from resources.models import Country

register = template.Library()


class CountryDirectory:
    """Every country with its emergency numbers and crisis lines, read once per catalogue
    version. Every page shows them, so they cost no query, and they stay at hand while the
    database is away: crisis help is the last thing that should go missing."""

    def __init__(self, version):
        self.version = version
        self.countries = list(
            Country.objects.prefetch_related(
                "emergency_numbers", "crisis_lines__helpline__channels"
            )
        )
        self.by_code = {country.code: country for country in self.countries}
        # Every country's numbers, so a page can switch to a country remembered in the browser.
        self.numbers = {
            country.code: {
                "name": country.name,
                "numbers": [
                    {"number": number.number, "dial": number.dial, "label": number.label}
                    for number in country.emergency_numbers.all()
                ],
            }
            for country in self.countries
        }

    def chosen(self, request):
        """The visitor's country: ?country=XX if we know it, else the site default."""
        requested = request.GET.get("country", "").upper() if request else ""
        return self.by_code.get(requested) or self.by_code.get(settings.WAYMARK_DEFAULT_COUNTRY)


_directory = VersionedCache(CountryDirectory)


@register.inclusion_tag("home/includes/crisis_banner.html", takes_context=True)
def crisis_banner(context):
    directory = _directory.get()
    return {
        "country": directory.chosen(context.get("request")),
        "countries": directory.countries,
        "country_data": directory.numbers,
    }


@register.inclusion_tag("home/includes/quick_exit.html")
def quick_exit():
    return {"quick_exit_url": settings.WAYMARK_QUICK_EXIT_URL}


@register.inclusion_tag("home/includes/crisis_lines.html", takes_context=True)
def crisis_lines(context, urgent=False, brief=False):
    """The 24/7 crisis lines for the visitor's country, for dead ends and crisis pages.

    `urgent` is for when what someone wrote suggests they may be at risk right now; `brief`
    is one line above results, when their words show distress without a sign of risk.
    """
    country = _directory.get().chosen(context.get("request"))
    lines = []
    if country:
        lines = [line.helpline for line in country.crisis_lines.all() if line.helpline.live]
    return {"country": country, "helplines": lines, "urgent": urgent, "brief": brief}
