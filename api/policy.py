"""What every API operation declares about its answers, read from its own parameters.

An operation answers only the query parameters it takes: any other is refused, so a
mistyped filter never silently widens the results, and no address gets a cache entry of
its own by adding junk. Parameters marked as typed text (`TYPED_TEXT`) make the answer
`no-store, private` whenever they hold words; every other successful answer is public for
a minute, which the middleware's shared cache honours.

Every operation also takes `lang` (LANGUAGE_PARAMETER, applied by the middleware): the
language of its answer's words and addresses, and which translation of a page it gives.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control

from core.typed_text import never_store

from .problems import problem

# Marks a parameter in which people type what they are looking for; shown in the OpenAPI
# schema as "x-typed-text": true.
TYPED_TEXT = {"x-typed-text": True}
PUBLIC = {"public": True, "max_age": 60, "stale_while_revalidate": 60}
# `lang` values (ISO 639-1, as the `language` filter) and the language each one speaks.
LANGUAGES = {code.split("-")[0]: code for code, _ in settings.LANGUAGES}
LANGUAGE_PARAMETER = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "The language of the answer: its words, its addresses, and the "
    "translation of each page where there is one (English where there is not).",
    "schema": {"type": "string", "enum": list(LANGUAGES), "default": "en"},
}


def query_fields(operation):
    """The query parameters an operation takes, by name, with each one's pydantic field."""
    fields = {}
    for model in operation.models:
        if model.__ninja_param_source__ != "query":
            continue
        for name, path in model.__ninja_flatten_map__.items():
            field = model.model_fields[path[0]]
            for part in path[1:]:
                field = field.annotation.model_fields[part]
            fields[name] = field
    return fields


def declared_answers(run):
    """Wraps an operation's `run` (ninja's "view" decorator mode, before validation)."""
    fields = query_fields(run.__self__)
    typed_text = [name for name, field in fields.items() if field.json_schema_extra == TYPED_TEXT]

    @wraps(run)
    def answer(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - set(fields) - {"lang"})
        if unknown:
            takes = ", ".join(sorted(fields)) or "no parameters"
            return never_store(
                problem(
                    400,
                    f"This address does not take {', '.join(unknown)}. It takes {takes}.",
                    [(name, "Not a parameter of this address.") for name in unknown],
                )
            )
        response = run(request, *args, **kwargs)
        if any(request.GET.get(name, "").strip() for name in typed_text):
            return never_store(response)
        if response.status_code == 200:
            patch_cache_control(response, **PUBLIC)
        return response

    return answer
