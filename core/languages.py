"""The interface's languages in addresses: English at /, the others under /cy/, /es/ and
/fr/ (settings.LANGUAGES).

The language comes from the address alone, never from a cookie or the browser's
Accept-Language: an address always shows the same page (so caches can keep it), nobody is
redirected, and a visitor chooses with a plain link.
"""

from functools import cache

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, get_page_models
from wagtail_localize.fields import SynchronizedField, get_translatable_fields


def prefix(language):
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def translated_languages():
    """The languages other than English, as (code, name): choices for what is translated."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def address_in(path, language=None):
    """`path`, an address on this site ("/helplines/", or "/cy/helplines/"), as it reads in
    `language` (by default the active one). Other addresses are left as they are."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    return prefix(language or translation.get_language()) + english_address(path)


def english_address(path):
    """The address `path` has in English: without its language prefix."""
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        return path.removeprefix(f"/{language}") or "/"
    return path


def versions(request):
    """The page the request asks for, in every language: (code, name, address), the
    query string kept."""
    english = english_address(request.path)
    query = request.META.get("QUERY_STRING", "")
    return [
        (code, name, address_in(english, code) + (f"?{query}" if query else ""))
        for code, name in settings.LANGUAGES
    ]


class LanguageFromAddressMiddleware:
    """Speak the language the address names (English when it names none), and say so in
    Content-Language. The language is active only while the request is answered, so what
    the thread does next starts in English again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        with translation.override(language or settings.LANGUAGE_CODE):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


@cache
def default_locale_id():
    """The English locale's id, read once per process: every page link asks for it."""
    return Locale.get_default().pk


def is_original(page):
    return page.locale_id == default_locale_id()


@cache
def locale_codes():
    """Each locale's language code by its id, read once per process."""
    return dict(Locale.objects.values_list("pk", "language_code"))


@cache
def locale_ids():
    """Each locale's id by its language code, read once per process."""
    return {code: pk for pk, code in locale_codes().items()}


def active_locale_id():
    """The active language's locale id, as `Locale.get_active()` finds it but without a
    query each time: a page's listings ask for it several times."""
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default_locale_id()
    known = locale_ids().get(language)
    return known if known is not None else Locale.get_active().pk


def in_active_language(pages):
    """Each page in the active language where it has a live translation, as Wagtail's
    `page.localized` finds it, but in one query per kind of page rather than two per page."""
    pages = list(pages)
    active = active_locale_id()
    elsewhere = [page for page in pages if page.locale_id != active]
    translations = {}
    for model in {type(page) for page in elsewhere}:
        keys = [page.translation_key for page in elsewhere if type(page) is model]
        found = model.objects.live().filter(locale_id=active, translation_key__in=keys)
        translations.update((page.translation_key, page) for page in found)
    return [translations.get(page.translation_key, page) for page in pages]


def language_of(page):
    """The language a page is written in, without a query for its locale."""
    return locale_codes().get(page.locale_id) or page.locale.language_code


def originals(pages):
    """The English originals among `pages`. A helpline's facts (numbers, hours, checks)
    are kept and changed there only: imports, exports, reviews and the finder read them."""
    return pages.filter(locale_id=default_locale_id())


def one_version_each(pages):
    """`pages` with one version of each page: its translation into the active language
    where that is live, otherwise the English original (a translation whose original is
    not among `pages` is left out). Listings, the API and topic pages read pages through
    this, so that a page shows once, in the best language it has."""
    active = active_locale_id()
    in_english = originals(pages)
    original = in_english.filter(translation_key=OuterRef("translation_key")).values("pk")
    if active != default_locale_id():
        live_translation = Page.objects.live().filter(
            locale_id=active, translation_key=OuterRef("translation_key")
        )
        pages = pages.filter(
            Q(locale_id=active, translation_key__in=in_english.values("translation_key"))
            | Q(locale_id=default_locale_id()) & ~Exists(live_translation)
        )
    else:
        pages = in_english
    # The English original's id: a page's id in the API whatever the language.
    return pages.annotate(original_pk=Subquery(original[:1]))


class InEveryLanguage:
    """A page that has an address in every language, translated or not.

    Its English original's links follow the active language: from a Spanish page they
    point under /es/. A translation that lacks a child (not translated yet, or not live)
    routes to the English original's child instead, so every English address also works
    under /cy/, /es/ and /fr/, with the page in English and the interface in that language.
    """

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or not is_original(self):
            return parts
        site_id, root_url, path = parts
        return site_id, root_url, address_in(path)

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or is_original(self):
                raise
            original = self.get_translation_or_none(default_locale_id())
            if original is None:
                raise
            return original.specific.route(request, path_components)


# Page fields that are codes, not words: a translation keeps the original's.
ALWAYS_THE_SAME = {"slug", "regions"}
# Fields a translation leaves alone: they identify the original only (exclude_fields_in_copy).
NEVER_COPIED = {"external_id"}


def keep_codes_in_every_language():
    """A page's translations keep its slug and codes: an address differs between languages
    only by its prefix (address_in, the language switcher and hreflang rely on it).
    wagtail-localize would otherwise offer them for translation as text."""
    # Every model's fields are read before any is set: a model inherits its parent's.
    fields = {model: get_translatable_fields(model) for model in get_page_models()}
    for model, model_fields in fields.items():
        model.translatable_fields = [
            SynchronizedField(field.field_name) if field.field_name in ALWAYS_THE_SAME else field
            for field in model_fields
            if field.field_name not in NEVER_COPIED
        ]
