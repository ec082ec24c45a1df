"""The partner widget: its script, the iframe version, the configurator, and the counts of
loads and taps that make up partners' impact figures."""

import base64
import hashlib
import json
from functools import cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from api.problems import problem
from core.ratelimit import retry_after
from core.security import PUBLIC_POLICY, policy
from resources.models import ContactChannel, Country, Topic
from resources.priority import priority_helplines

from .models import WidgetDailyCount

SCRIPT = Path(__file__).parent / "static" / "widgets" / "v1" / "helplines.js"
LANGUAGES = {"en": "English", "cy": "Cymraeg", "es": "Español", "fr": "Français"}
# The framed widget's words, as in the script (widgets/static/widgets/v1/helplines.js).
EMBED_TEXT = {
    "en": {
        "title": "Talk to someone now",
        "emergency": "In an emergency, call",
        "more": "More help",
        "exit": "Leave this site",
        "open": "Open now",
        "closed": "Closed",
        "always": "Open 24/7",
        "none": "We have no helplines to show here yet.",
    },
    "cy": {
        "title": "Siarad â rhywun nawr",
        "emergency": "Mewn argyfwng, ffoniwch",
        "more": "Rhagor o help",
        "exit": "Gadael y wefan",
        "open": "Ar agor nawr",
        "closed": "Ar gau",
        "always": "Ar agor 24/7",
        "none": "Does dim llinellau cymorth i'w dangos yma eto.",
    },
    "es": {
        "title": "Habla con alguien ahora",
        "emergency": "En una emergencia, llama al",
        "more": "Más ayuda",
        "exit": "Salir de este sitio",
        "open": "Abierto ahora",
        "closed": "Cerrado",
        "always": "Abierto 24/7",
        "none": "Todavía no hay líneas de ayuda para mostrar aquí.",
    },
    "fr": {
        "title": "Parler à quelqu'un maintenant",
        "emergency": "En cas d'urgence, appelez le",
        "more": "Plus d'aide",
        "exit": "Quitter ce site",
        "open": "Ouvert maintenant",
        "closed": "Fermé",
        "always": "Ouvert 24h/24",
        "none": "Aucune ligne d'écoute à afficher ici pour l'instant.",
    },
}
# Looks a partner can start from; every colour is a CSS custom property they can change.
STYLES = {
    "waymark": ("Waymark blue", {}),
    "calm": ("Calm green", {"--waymark-accent": "#1e6b3a"}),
    "contrast": (
        "High contrast",
        {"--waymark-accent": "#000", "--waymark-text": "#000", "--waymark-background": "#fff"},
    ),
}
MAX_EVENT_BYTES = 512


@cache
def script_source():
    return SCRIPT.read_bytes()


def integrity():
    """The Subresource Integrity hash partners put in the script tag."""
    digest = hashlib.sha384(script_source()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


@require_GET
@cache_control(public=True, max_age=31536000, immutable=True)
def helplines_script(request):
    response = HttpResponse(script_source(), content_type="text/javascript; charset=utf-8")
    # Readable cross-origin, so partners can check it with integrity="…".
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def partner_of(request, key):
    """Who embedded the widget: their partner key, else the origin of their page."""
    if key:
        return "key:" + slugify(key)[:60]
    origin = request.headers.get("Origin", "")
    parts = urlsplit(origin)
    if parts.scheme in ("http", "https") and parts.hostname:
        return origin[:200]
    return "unknown"


EVENT_FIELDS = {"event", "channel", "partner"}
MAX_PARTNER_KEY = 60


def event_errors(event):
    """(field, problem) for each field of a widget event that is not allowed as it is."""
    if not isinstance(event, dict):
        return [("body", "must be a JSON object")]
    errors = [(name, "is not a field of an event") for name in sorted(set(event) - EVENT_FIELDS)]
    kind = event.get("event")
    if kind not in WidgetDailyCount.Event.values:
        errors.append(("event", "must be load or click"))
    channel = event.get("channel", "")
    if kind == "click" and channel not in ContactChannel.Kind.values:
        errors.append(("channel", f"must be one of {', '.join(ContactChannel.Kind.values)}"))
    elif kind == "load" and channel != "":
        errors.append(("channel", "is only sent with a click"))
    partner = event.get("partner", "")
    if not isinstance(partner, str) or len(partner) > MAX_PARTNER_KEY:
        errors.append(("partner", f"must be text of at most {MAX_PARTNER_KEY} characters"))
    return errors


@csrf_exempt
@require_POST
def record_event(request):
    """A load or a tap, counted for the day; nothing about the person is kept."""
    if retry_after("widget-events", request, settings.WAYMARK_WIDGET_EVENT_RATE_LIMIT):
        return HttpResponse(status=429)
    if len(request.body) > MAX_EVENT_BYTES:
        return problem(400, f"An event is at most {MAX_EVENT_BYTES} bytes.")
    try:
        event = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return problem(400, "Send one JSON object.")
    errors = event_errors(event)
    if errors:
        return problem(400, "The event was not counted.", errors)
    channel = event.get("channel", "")
    key = event.get("partner", "")
    WidgetDailyCount.record(timezone.localdate(), partner_of(request, key), event["event"], channel)
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def widget_choices(params):
    """Topic, country, language, style and quick exit from query parameters, checked."""
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    countries = {country.code: country for country in Country.objects.all()}
    code = str(params.get("country", settings.WAYMARK_DEFAULT_COUNTRY)).upper()
    return {
        "topic": topics.get(params.get("topic", "")),
        "country": countries.get(code) or countries.get(settings.WAYMARK_DEFAULT_COUNTRY),
        "lang": params.get("lang") if params.get("lang") in LANGUAGES else "en",
        "style": params.get("style") if params.get("style") in STYLES else "waymark",
        "quick_exit": params.get("quick_exit") in ("1", "true", "on"),
        "topics": list(topics.values()),
        "countries": list(countries.values()),
    }


@require_GET
@xframe_options_exempt
def embed(request):
    """The widget as a page of its own, for partners who frame it: the only framable page."""
    choices = widget_choices(request.GET)
    country = choices["country"]
    helplines = []
    if country:
        topic = choices["topic"].slug if choices["topic"] else None
        helplines = priority_helplines(country, topic, 4, timezone.now())
    more = {"country": country.code if country else ""}
    if choices["topic"]:
        more["topic"] = choices["topic"].slug
    response = TemplateResponse(
        request,
        "widgets/embed.html",
        {
            **choices,
            "helplines": helplines,
            "more_url": "/helplines/?" + urlencode(more),
            "quick_exit_url": settings.WAYMARK_QUICK_EXIT_URL,
            "text": EMBED_TEXT[choices["lang"]],
        },
    )
    # Partners frame this page on their own sites; otherwise it is as strict as any page.
    response["Content-Security-Policy"] = policy(PUBLIC_POLICY, frame_ancestors="*")
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def configurator(request):
    """Pick topic, country, language and style; see the widget; copy the snippet."""
    choices = widget_choices(request.GET)
    origin = request.build_absolute_uri("/").rstrip("/")
    attributes = {"country": choices["country"].code if choices["country"] else ""}
    if choices["topic"]:
        attributes["topic"] = choices["topic"].slug
    if choices["lang"] != "en":
        attributes["lang"] = choices["lang"]
    if choices["quick_exit"]:
        attributes["quick-exit"] = "true"
    query = {key.replace("-", "_"): value for key, value in attributes.items()}
    query["style"] = choices["style"]
    context = {
        **choices,
        "origin": origin,
        "attributes": attributes,
        "integrity": integrity(),
        "style_properties": STYLES[choices["style"]][1],
        "styles": {key: label for key, (label, _) in STYLES.items()},
        "languages": LANGUAGES,
        "embed_url": f"{origin}/embed/v1/helplines/?{urlencode(query)}",
        "more_url": f"{origin}/helplines/?"
        + urlencode({k: v for k, v in attributes.items() if k in ("country", "topic")}),
    }
    return TemplateResponse(request, "widgets/configurator.html", context)
