"""Parameters that ad, email and social platforms add to links (`utm_source`, `fbclid`…).

They say nothing about what a page shows, yet each click gets its own identifier: a link
shared after a news story arrives as thousands of different addresses. Dropped on arrival,
they no longer make every visit miss the cached page, add a last good copy per click to the
cache, or reach anything Waymark keeps; and Waymark's own links never pass them on.
deploy/nginx/waymark.conf.template drops the same names from its cache key.

The names are the platforms' documented click and campaign identifiers: Google Analytics'
utm_ parameters, Google Ads (gclid, gbraid, wbraid, dclid), Meta (fbclid, igshid),
Microsoft Advertising (msclkid), X (twclid), TikTok (ttclid), LinkedIn (li_fat_id),
Snapchat (ScCid), Pinterest (epik), Yandex (yclid), Mailchimp (mc_cid, mc_eid), HubSpot
(_hsenc, _hsmi) and Marketo (mkt_tok).
"""

import re
from urllib.parse import unquote_plus

from django.http import QueryDict

CLICK_IDENTIFIERS = (
    "fbclid",
    "igshid",
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "msclkid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "sccid",
    "epik",
    "yclid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
)
# utm_source, utm_medium, utm_campaign, utm_term, utm_content and the like.
CAMPAIGN_PREFIX = "utm_"
TRACKING_PARAMETER = re.compile(
    "|".join([f"{CAMPAIGN_PREFIX}[a-z0-9_]+", *CLICK_IDENTIFIERS]), re.IGNORECASE
)


def without_tracking_parameters(query_string):
    """`query_string` without tracking parameters, every other one left byte for byte."""
    pieces = query_string.split("&")
    kept = [
        piece
        for piece in pieces
        if not TRACKING_PARAMETER.fullmatch(unquote_plus(piece.partition("=")[0]))
    ]
    return query_string if len(kept) == len(pieces) else "&".join(kept)


class DropTrackingParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_string = request.META.get("QUERY_STRING", "")
        kept = without_tracking_parameters(query_string)
        if kept != query_string:
            request.META["QUERY_STRING"] = kept
            request.GET = QueryDict(kept, encoding=request.encoding)
        return self.get_response(request)
