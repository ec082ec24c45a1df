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

from . import content
from .models import WidgetDailyCount

# Published versions of the script. Version 1 is kept byte for byte as partners pinned it;
# version 2 is filled in from widgets/content.py, and is what the configurator offers.
SCRIPTS = {
    1: Path(__file__).parent / "static" / "widgets" / "v1" / "helplines.js",
    2: Path(__file__).parent / "scripts" / "helplines-v2.js",
}
CURRENT_VERSION = 2
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
@cache
def script_source(version):
    source = SCRIPTS[version].read_text(encoding="utf-8")
    if version > 1:
        source = source.replace("__WAYMARK_TEXT__", content.script_text())
        source = source.replace("__WAYMARK_STYLE__", json.dumps(content.look_for_script()))
    return source.encode()


def integrity(version=CURRENT_VERSION):
    """The Subresource Integrity hash partners put in the script tag."""
    digest = hashlib.sha384(script_source(version)).digest()
    return "sha384-" + base64.b64encode(digest).decode()


@require_GET
@cache_control(public=True, max_age=31536000, immutable=True)
def helplines_script(request, version):
    response = HttpResponse(script_source(version), content_type="text/javascript; charset=utf-8")
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
        "lang": params.get("lang") if params.get("lang") in content.LANGUAGES else "en",
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
            "text": content.text_in(choices["lang"]),
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
        "languages": content.LANGUAGES,
        "version": CURRENT_VERSION,
        "embed_url": f"{origin}/embed/v1/helplines/?{urlencode(query)}",
        "more_url": f"{origin}/helplines/?"
        + urlencode({k: v for k, v in attributes.items() if k in ("country", "topic")}),
    }
    return TemplateResponse(request, "widgets/configurator.html", context)
