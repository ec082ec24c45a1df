from functools import partial

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import caching
from core.catalogue import VersionedCache
from core.languages import address_in, language_of, versions
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
                "emergency_numbers", "crisis_lines__helpline__channels", "label_translations"
            )
        )
        self.by_code = {country.code: country for country in self.countries}
        self.labels = {
            (country.code, translated.number, translated.language): translated.label
            for country in self.countries
            for translated in country.label_translations.all()
        }

    def in_active_language(self):
        """Every country's name and numbers in the active language, so that a page can
        switch to a country remembered in the browser."""
        return {
            country.code: {
                "name": country.local_name,
                "numbers": [
                    {
                        "number": number.number,
                        "dial": number.dial,
                        "label": self.label(country, number),
                    }
                    for number in country.emergency_numbers.all()
                ],
            }
            for country in self.countries
        }

    def label(self, country, number):
        """What `number` is for, in the active language where it has been translated."""
        key = (country.code, number.number, translation.get_language())
        return self.labels.get(key, number.label)

    def chosen(self, request):
        """The visitor's country: ?country=XX if we know it, else the site default."""
        requested = request.GET.get("country", "").upper() if request else ""
        return self.by_code.get(requested) or self.by_code.get(settings.WAYMARK_DEFAULT_COUNTRY)


_directory = VersionedCache(CountryDirectory)


@register.filter
def or_list(items):
    """Items joined as "a or b or c" in the visitor's language, each escaped unless it is
    already HTML (links built here), so a sentence can hold the whole list as one value."""
    escaped = [conditional_escape(item) for item in items]
    if not escaped:
        return ""
    joined = escaped[0]
    for item in escaped[1:]:
        # Translators: adds one more choice to a list: "999 or 112", "Ireland or France".
        joined = _("%(choices)s or %(choice)s") % {"choices": joined, "choice": item}
        # Both parts are escaped above; only the translation's own words join them.
        joined = mark_safe(joined)  # noqa: S308
    return joined


def banner_numbers(directory, country):
    """Each emergency number as the banner says it ("Call 999 (Police, fire and
    ambulance)"), joined with "or". waymark.js writes the same when a visitor picks
    another country."""
    calls = []
    for number in country.emergency_numbers.all():
        link = format_html(
            '<a class="crisis-banner__number" href="tel:{}">{}</a>', number.dial, number.number
        )
        label = format_html(
            '<span class="crisis-banner__label">({})</span>', directory.label(country, number)
        )
        # Translators: an emergency number in the banner, and what it is for: "Call 999 (Police)".
        call = _("Call %(number)s %(label)s") % {"number": link, "label": label}
        calls.append(mark_safe(call))  # noqa: S308 - both values are escaped HTML
    return or_list(calls)


def emergency_links(country):
    """The country's emergency numbers as links to call them: "999 or 112"."""
    return or_list(
        format_html('<a href="tel:{}">{}</a>', number.dial, number.number)
        for number in country.emergency_numbers.all()
    )


@register.inclusion_tag("home/includes/crisis_banner.html", takes_context=True)
def crisis_banner(context):
    """The banner, its parts kept as fragments for the minute per country and language:
    the numbers and the countries' data are callables, which the template calls only when
    a fragment is rendered afresh."""
    directory = _directory.get()
    request = context.get("request")
    country = directory.chosen(request)
    return {
        # The country chooser carries the page's other parameters (a search's words and
        # filters, but not its page of results), so choosing a country keeps the rest.
        "request": request,
        "country": country,
        "numbers": partial(banner_numbers, directory, country),
        "countries": directory.countries,
        "country_data": directory.in_active_language,
        # The same sentences, for waymark.js to say them when a visitor picks a country.
        "banner_words": {
            "call": _("Call %(number)s %(label)s"),
            "or": _("%(choices)s or %(choice)s"),
        },
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
    # Whole lists, so that the sentence around each is translated as one.
    helpline_links = emergency = ""
    if country and brief:
        # Translators: between the helplines named in a sentence: "Samaritans, Shout, Childline".
        separator = _(", ")
        helpline_links = format_html_join(
            separator, '<a href="{}">{}</a>', ((line.url, line.title) for line in lines)
        )
    elif country:
        emergency = emergency_links(country)
    return {
        "country": country,
        "helplines": lines,
        "helpline_links": helpline_links,
        "emergency_links": emergency,
        "urgent": urgent,
        "brief": brief,
    }


@register.simple_tag
def fragment_stamp():
    """For `{% cache 60 name stamp object.pk %}` around a fragment many pages share (see
    core.caching.fragment_stamp)."""
    return caching.fragment_stamp()


@register.filter
def in_language(address):
    """An address on this site ("/helplines/") in the language of the page showing it."""
    return address_in(str(address))


@register.simple_tag(takes_context=True)
def content_lang(context, page=None, language=None):
    """` lang="…"` for an element holding a page's own words (the page shown, `page`, or
    words in `language`) when they are not in the interface's language: a page not yet
    translated, shown in English under /es/."""
    if language is None:
        page = page or context.get("page")
        language = language_of(page) if hasattr(page, "locale_id") else None
    if language is None or language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: (code, name, address)."""
    request = context.get("request")
    return versions(request) if request else []
