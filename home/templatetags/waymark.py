from django import template
from django.conf import settings

from resources.models import Country

register = template.Library()


def countries_and_choice(request, *prefetch):
    """All countries, and the visitor's: ?country=XX if we know it, else the site default."""
    countries = list(Country.objects.prefetch_related("emergency_numbers", *prefetch))
    by_code = {country.code: country for country in countries}
    requested = request.GET.get("country", "").upper() if request else ""
    return countries, by_code.get(requested) or by_code.get(settings.WAYMARK_DEFAULT_COUNTRY)


@register.inclusion_tag("home/includes/crisis_banner.html", takes_context=True)
def crisis_banner(context):
    countries, country = countries_and_choice(context.get("request"))
    # Every country's numbers, so the page can switch to a country remembered in the browser.
    data = {
        item.code: {
            "name": item.name,
            "numbers": [
                {"number": number.number, "dial": number.dial, "label": number.label}
                for number in item.emergency_numbers.all()
            ],
        }
        for item in countries
    }
    return {"country": country, "countries": countries, "country_data": data}


@register.inclusion_tag("home/includes/quick_exit.html")
def quick_exit():
    return {"quick_exit_url": settings.WAYMARK_QUICK_EXIT_URL}


@register.inclusion_tag("home/includes/crisis_lines.html", takes_context=True)
def crisis_lines(context, urgent=False):
    """The 24/7 crisis lines for the visitor's country, for dead ends and crisis pages.

    `urgent` is for when what someone wrote suggests they may be at risk right now.
    """
    _, country = countries_and_choice(context.get("request"), "crisis_lines__helpline__channels")
    lines = []
    if country:
        lines = [line.helpline for line in country.crisis_lines.all() if line.helpline.live]
    return {"country": country, "helplines": lines, "urgent": urgent}
