"""The finder's query and results: free text and facet choices in; results, facet counts,
a crisis flag and a spelling suggestion out.

`FinderQuery.from_params` turns request parameters into a clean query (unknown values are
dropped with a notice, never an error). Every engine (search/backends/) returns the same
`FinderResults`, and the same test suite runs against each.
"""

import math
import re
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils import translation

from .facets import FACETS, Facet
from .understanding import get_query_context

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
MAX_VALUES_PER_FACET = 20
ELSEWHERE_LIMIT = 3


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Notice:
    """Why a parameter's value was left out of the query."""

    parameter: str
    message: str

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class FinderQuery:
    """Free text, the values chosen for each facet (`query.topic`, `query.country`…, read
    through `selected`), open now, and the page."""

    text: str = ""
    # ((facet name, (value, …)), …) for the facets with something chosen, in FACETS order.
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    open_now: bool = False
    page: int = 1
    per_page: int = RESULTS_PER_PAGE
    # The visitor's country when none is chosen (the one the crisis banner shows): its
    # helplines rank ahead of other countries'.
    home_country: str = ""
    # The visitor's language: each resource is found in its version in this language where
    # it has one, and what is in this language comes first.
    visitor_language: str = settings.LANGUAGE_CODE

    @classmethod
    def from_params(cls, params, **fixed):
        """Build a query from request parameters; returns (query, notices).

        Unknown or malformed values are dropped and explained in a notice, so a hand-edited
        or outdated link still gives a normal page. `fixed` facets (the directory's type,
        a topic page's topic) replace whatever the parameters chose for them.
        """
        context = get_query_context()
        notices = []
        raw_text = CONTROL_CHARACTERS.sub(" ", params.get("q", "") or "")
        query_text = " ".join(raw_text.split())[:MAX_QUERY_LENGTH]
        choices = {}
        for spec in FACETS.values():
            if spec.is_flag:
                continue
            kept = []
            for raw in (
                params.getlist(spec.name)
                if hasattr(params, "getlist")
                else params.get(spec.name, [])
            ):
                value = spec.normalise(CONTROL_CHARACTERS.sub("", str(raw)).strip()[:40])
                if not value:
                    continue
                if spec.is_known(context, value):
                    if value not in kept:
                        kept.append(value)
                else:
                    notices.append(Notice(spec.name, spec.unknown % {"value": value}))
            choices[spec.name] = tuple(kept[:MAX_VALUES_PER_FACET])
        choices.update(fixed)
        open_now = str(params.get("open_now", "")).lower() in {"1", "on", "true", "yes"}
        try:
            page = min(max(int(params.get("page", 1)), 1), MAX_PAGE)
        except (TypeError, ValueError):
            page = 1
        chosen = tuple((name, values) for name, values in choices.items() if values)
        home = "" if choices.get("country") else settings.WAYMARK_DEFAULT_COUNTRY
        query = cls(
            text=query_text,
            choices=chosen,
            open_now=open_now,
            page=page,
            home_country=home,
            visitor_language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        return query, notices

    def __getattr__(self, name):
        """`query.topic`: the values chosen for a facet, () if none."""
        if name in FACETS and not FACETS[name].is_flag:
            return dict(self.choices).get(name, ())
        raise AttributeError(name)

    def selected(self, facet):
        if FACETS[facet].is_flag:
            return ("1",) if self.open_now else ()
        return getattr(self, facet)

    @property
    def local_countries(self):
        """The countries whose helplines come first: those chosen, else the home country."""
        return self.country or ((self.home_country,) if self.home_country else ())

    def elsewhere(self):
        """The same words and choices for helplines serving any other country: offered
        when none serving the chosen countries fits."""
        choices = [
            (name, values) for name, values in self.choices if name not in ("type", "country")
        ]
        return replace(
            self,
            choices=(("type", ("helpline",)), *choices),
            page=1,
            per_page=ELSEWHERE_LIMIT,
            home_country="",
        )

    @property
    def has_filters(self):
        return bool(self.choices) or self.open_now


@dataclass
class Hit:
    document: object
    snippet: str
    score: float = 0.0


@dataclass
class FinderResults:
    query: FinderQuery
    hits: list[Hit]
    total: int
    facets: list[Facet]
    crisis: bool = False
    signal: str = "none"  # crisis, concern or none
    suggestion: str | None = None
    matched_topics: list[str] = field(default_factory=list)
    related_topics: list[str] = field(default_factory=list)  # to offer beside the results
    engine: str = "database"

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def page(self):
        return min(self.query.page, self.num_pages)

    def count(self, facet, value):
        """How many results have `value` for `facet`."""
        found = next(f for f in self.facets if f.name == facet)
        return next((v.count for v in found.values if v.value == value), 0)

    @property
    def chosen_country_names(self):
        countries = next(f for f in self.facets if f.name == "country")
        return [value.label for value in countries.values if value.selected]

    @property
    def lacks_local_helplines(self):
        """A text search for helplines in chosen countries that found none."""
        query = self.query
        wants_helplines = not query.type or "helpline" in query.type
        return bool(
            query.text and query.country and wants_helplines and not self.count("type", "helpline")
        )
