"""Waymark's public API, version 1: read-only JSON for partners, with an OpenAPI schema.

Each resource has its router (api/routers/); caching, conditional requests, CORS and rate
limits apply to every response and live in api/middleware.py and api/policy.py; errors are
RFC 9457 problem details (api/problems.py).
"""

from django.http import Http404

from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from .common import BadParameters
from .policy import LANGUAGE_PARAMETER, declared_answers
from .problems import CONTENT_TYPE as PROBLEM
from .problems import problem
from .routers import campaigns, guides, helplines, organisations, search, topics
from .routers import hsds as open_data

DESCRIPTION = """
Up-to-date help from Waymark's directory: helplines (with each channel's opening hours and
whether it is open at the time of the request), self-care guides, awareness campaigns,
topics and organisations, and the same finder as the site's search.

* Read-only, no key needed, CORS open to every origin (GET, no credentials).
* Responses carry `ETag` and `Last-Modified`; send `If-None-Match` to get `304`.
* An address takes only the parameters it documents: any other is refused with `400`, so a
  mistyped filter never silently widens the results.
* Answers to typed words (`q`, `search`; marked `x-typed-text` in this schema) are
  `no-store, private`: no cache on the way keeps what someone searched for.
* Lists are paginated with `page` and `per_page` and give `next` and `previous` links.
* Errors are `application/problem+json` (RFC 9457), with one entry in `errors` for each bad
  parameter. Too many requests get `429` with `Retry-After`.
* `lang` (en, cy, es or fr) gives an answer's words and addresses in that language, and
  each guide or campaign in its translation where there is one. English by default.
* Only published content appears. Open data in HSDS 3.0 is under `/api/v1/hsds/`.
"""


class WaymarkAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        """Operation ids stay as first published ("api_api_list_helplines"), when every
        operation lived in api/api.py, so clients generated from the schema keep their
        method names."""
        return f"api_api_{operation.view_func.__name__}"

    def get_openapi_schema(self, **kwargs):
        """Ninja documents every response as application/json; ours are problem+json for
        errors, and 429 comes with Retry-After. Every operation takes `lang` (policy.py)."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("parameters", []).append(LANGUAGE_PARAMETER)
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {PROBLEM: response["content"]["application/json"]}
                    if int(status) == 414:
                        response["content"] = {}
                    if int(status) == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"},
                            }
                        }
        return schema


api = WaymarkAPI(
    title="Waymark API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/console",
)
api.add_decorator(declared_answers, mode="view")


# Errors ---------------------------------------------------------------------------------


@api.exception_handler(BadParameters)
def bad_parameters(request, exc):
    return problem(400, "Some parameters were not understood.", exc.errors)


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    errors = []
    for error in exc.errors:
        # ("query", "filters", "channel", 0) is the parameter "channel".
        names = [part for part in error.get("loc", ())[1:] if isinstance(part, str)]
        errors.append((names[-1] if names else "request", error.get("msg", "Not valid.")))
    return problem(400, "Some parameters were not understood.", errors)


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(404, str(exc) or "Nothing was found here.")


@api.exception_handler(HttpError)
def http_error(request, exc):
    return problem(exc.status_code, str(exc))


def unknown_address(request):
    """Any other address under /api/: answered as the API answers, not with a web page."""
    return problem(404, "There is nothing at this address. See /api/v1/docs.")


for resource in (helplines, guides, campaigns, topics, organisations, search):
    api.add_router("", resource.router)
api.add_router("/hsds", open_data.router)
