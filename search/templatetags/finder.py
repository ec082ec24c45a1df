from django import template

register = template.Library()


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
