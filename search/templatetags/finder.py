from urllib.parse import quote

from django import template
from django.utils import translation

from ..views import finder_context

register = template.Library()


@register.inclusion_tag("search/includes/results.html", takes_context=True)
def finder_results(context, type=None, topic=None, crisis_shown=False):
    """The finder's form and results on a page of its own (the helpline directory with
    `type="helpline"`, a topic's page with `topic=slug`): the visitor's own choices narrow
    the ones fixed here. `crisis_shown`: the page already leads with the crisis panel."""
    fixed = {}
    if type:
        fixed["type"] = (type,)
    if topic:
        fixed["topic"] = (topic,)
    return {
        **context.flatten(),
        **finder_context(context["request"], **fixed),
        "crisis_shown": crisis_shown,
    }


@register.simple_tag(takes_context=True)
def query_url(context, **changes):
    """The current URL's query string with some parameters replaced (None removes them).

    The page number is reset unless it is one of the changes.
    """
    params = context["request"].GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def clear_filters_url(query):
    """This search's words without any filter: "?q=…", or "?" when there are none."""
    return f"?q={quote(query.text)}" if query.text else "?"


@register.simple_tag
def result_languages(document):
    """The languages to name on a result, in the visitor's: none when they can use it in
    their own (see ResourceDocument.language_names)."""
    return document.language_names(translation.get_language())
