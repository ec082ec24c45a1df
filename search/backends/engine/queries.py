"""The finder's rules as engine queries: filters, text, facet aggregations and hits.

Request bodies are written as plain dictionaries in the engine's query language: they are
built for every search, and building them as elasticsearch-dsl objects and serialising
those cost a millisecond or more a search (`docs/understanding.md`, "The finder's own
targets").
"""

from django.conf import settings

from resources.models import ContactChannel
from resources.validators import language_base

from ... import text
from ...facets import FACETS, document_facets, helpline_facets
from ..database import IN_VISITORS_LANGUAGE
from .mapping import CHANNEL_FIELDS, ENGLISH, channel_fields, language_fields

# What a hit brings back: the document as the results page shows it, without its body text.
HIT_SOURCE = {"includes": ["source"], "excludes": ["source.body"]}
MATCH_ALL = {"match_all": {}}


def term(field, value):
    return {"term": {field: value}}


def terms(field, values, **options):
    return {"terms": {field: list(values), **options}}


def any_of(*clauses):
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


def all_of(filters):
    """Documents matching every filter (all of them, when there are none)."""
    return {"bool": {"filter": list(filters)}}


def channel_parts(query, open_keys, ignore=None):
    """The channel facets chosen in `query` (except `ignore`), as channel_fields parts."""
    parts = {}
    for spec in FACETS.values():
        if spec.channel_part and spec.name != ignore and query.selected(spec.name):
            chosen = sorted(open_keys) if spec.is_flag else query.selected(spec.name)
            parts[spec.channel_part] = chosen
    return parts


def channel_filter(parts):
    field, values = channel_fields(parts)
    return terms(field, values)


def facet_filter(spec, values):
    """Documents with one of `values` of a document facet."""
    chosen = terms(spec.index_field, values)
    if spec.none_matches_all:
        # A document without the field matches any choice (see index_body).
        return any_of(chosen, {"bool": {"must_not": [{"exists": {"field": spec.index_field}}]}})
    return chosen


def shown_versions(language):
    """The version of each resource a visitor reading `language` sees: its translation
    into that language where one is live, else the English original."""
    if language == settings.LANGUAGE_CODE:
        return term("language", language)
    english = {
        "bool": {
            "filter": [term("language", settings.LANGUAGE_CODE)],
            "must_not": [term("translated_into", language)],
        }
    }
    return any_of(term("language", language), english)


def filters_except(query, open_keys, ignore=None):
    """Every facet's filter except one: what that facet's counts are computed under."""
    filters = []
    for spec in document_facets():
        chosen = query.selected(spec.name)
        if not chosen or spec.name == ignore:
            continue
        filters.append(facet_filter(spec, chosen))
    if any(query.selected(facet) for facet in helpline_facets() if facet != ignore):
        filters.append(term("type", "helpline"))
    parts = channel_parts(query, open_keys, ignore)
    if parts:
        filters.append(channel_filter(parts))
    return filters


def text_query(query, understanding):
    boosts = {"title": 3, "topic_names": 2, "summary": 1.5, "body": 1, "organisation": 1}
    words = {
        "multi_match": {"query": query.text, "fields": [f"{f}^{b}" for f, b in boosts.items()]}
    }
    # Pages read by their own language's fields are not matched by the English reading of
    # their words too: a Spanish "en" is not an English word.
    should = [{"bool": {"must": [words], "filter": [term("reading", ENGLISH)]}}]
    own = language_fields(query.visitor_language)
    if own:
        fields = [f"{own.get(f, f)}^{b}" for f, b in boosts.items()]
        should.append({"multi_match": {"query": query.text, "fields": fields}})
    should += [
        {"match_phrase": {"title": {"query": query.text, "boost": 2}}},
        # Typos: one fuzzy match on the unstemmed copy of every field, which costs a
        # fraction of fuzzy matching each field and scores below exact words. As many
        # letters may be wrong as on the database; two only in long words, as two cost
        # the engine several times what one does.
        {
            "match": {
                "spelling": {
                    "query": query.text,
                    "fuzziness": f"AUTO:{text.ONE_TYPO_FROM},{text.TWO_TYPOS_FROM}",
                    "prefix_length": 1,
                    "max_expansions": 10,
                    "boost": 0.3,
                }
            }
        },
    ]
    if understanding.named_topics:
        should.append(terms("topics", understanding.named_topics, boost=3))
    if understanding.meant_topics:
        should.append(terms("topics", understanding.meant_topics, boost=1.5))
    if understanding.wanted_types:
        # Resources of the type asked for match without holding the word (see text_search).
        should.append(terms("type", understanding.wanted_types))
    return {"bool": {"should": should, "minimum_should_match": 1}}


def count_searches(query, context, open_keys, matching=None):
    """Searches giving the total and the facet counts of what `matching` matches (all, when
    browsing), to send with the hits. Their aggregations, merged, hold "shared" (its
    doc_count is the total), counting the facets with nothing selected under every chosen
    filter, and one entry per selected facet, counting it under every filter but its own.

    Browsing, each of these is a search of its own with its filters as its query, so the
    engine reads only the documents each counts, side by side. With words, one search
    counts them all under filter aggregations, as the words are matched once for every
    count; the hits are a search beside it."""
    groups = {"shared": (filters_except(query, open_keys), {})}
    for spec in FACETS.values():
        aggregation = facet_aggregation(spec, query, open_keys, context.languages)
        if query.selected(spec.name):
            groups[spec.name] = (
                filters_except(query, open_keys, spec.name),
                {"facet": aggregation},
            )
        else:
            groups["shared"][1][spec.name] = aggregation
    shown = shown_versions(query.visitor_language)
    if matching:
        counts = {
            name: {"filter": all_of(filters), "aggs": aggregations}
            for name, (filters, aggregations) in groups.items()
        }
        return [count({"bool": {"must": [matching], "filter": [shown]}}, counts, scored=True)]
    # How many hits come first when browsing: those with a channel open now.
    groups["shared"][1]["any_open"] = {"filter": any_open(open_keys)}
    return [
        count(all_of([shown, *filters]), {name: {"filter": MATCH_ALL, "aggs": aggregations}})
        for name, (filters, aggregations) in groups.items()
    ]


def count(query, aggregations, scored=False):
    """A search counting what `query` matches with `aggregations`, without hits.

    A search without hits reads its query without scores unless it sets min_score, and the
    engine keeps a query it reads without scores, once seen a few times, in its query cache
    until pushed out. The words typed are `scored` (every score let through), so they stay
    out of it."""
    search = {"query": query, "size": 0, "track_total_hits": False, "aggs": aggregations}
    if scored:
        search["min_score"] = 0
    return search


def spelling_search(text):
    """Better-known spellings of the words of `text`: asked for only when nothing matched,
    as the suggester costs a text search nearly as much again."""
    suggester = {"text": text, "term": {"field": "spelling", "suggest_mode": "popular"}}
    return {"size": 0, "track_total_hits": False, "suggest": {"spelling": suggester}}


def any_open(open_keys):
    return channel_filter({"hours": sorted(open_keys)})


def text_hits(query, understanding, open_keys, page):
    """One page of hits for a text query, by relevance."""
    relevance = text_query(query, understanding)
    # What is in the visitor's language is a quarter more relevant (as on the database).
    spoken = term("spoken_languages", language_base(query.visitor_language))
    relevance = {
        "function_score": {
            "query": relevance,
            "functions": [{"filter": spoken, "weight": IN_VISITORS_LANGUAGE}],
            "boost_mode": "multiply",
        }
    }
    # Added to the relevance: a little for a channel open now to someone who wants to talk;
    # then, far above any relevance, the type the words ask for first, then what serves the
    # visitor's country or is named.
    boosts = []
    if understanding.wants_to_talk:
        boosts.append(constant(any_open(open_keys), 2))
    if understanding.wanted_types:
        boosts.append(constant(terms("type", understanding.wanted_types), 1000))
    if query.local_countries:
        boosts.append(local_or_named(query, 500))
    if boosts:
        relevance = {"bool": {"must": [relevance], "should": boosts}}
    start = (page - 1) * query.per_page
    shown = [shown_versions(query.visitor_language), *filters_except(query, open_keys)]
    return {
        "query": {"bool": {"must": [relevance], "filter": shown}},
        "sort": ["_score", "title.sort"],
        "track_total_hits": False,
        "_source": HIT_SOURCE,
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                field: {"fragment_size": 220, "number_of_fragments": 1}
                for field in ("summary", "body")
            },
        },
        "from": start,
        "size": query.per_page,
    }


def constant(filter_, weight):
    return {"constant_score": {"filter": filter_, "boost": weight}}


def local_or_named(query, weight):
    """`weight` added to what serves the visitor's country, or is the helpline they named:
    someone asking for a helpline by its name wants it, whichever country it serves (a
    one-word title written whole, or a title holding two or more words as written).

    The name is matched as a scored query given a constant score, not as a filter: the
    engine keeps filters it sees often in its query cache, and the words typed stay out."""
    if len(query.text.split()) < 2:
        named = term("title.sort", query.text)
    else:
        named = {"match_phrase": {"title": query.text}}
    named = {
        "function_score": {
            "query": named,
            "functions": [{"weight": weight}],
            "boost_mode": "replace",
        }
    }
    local = constant(facet_filter(FACETS["country"], query.local_countries), weight)
    return {"dis_max": {"queries": [local, named]}}


BROWSE_SORT = ["type_rank", {"_score": {"order": "desc"}}, "title.sort"]


def browse_hits(query, open_keys, start, open_total=None):
    """Hits without text, in browsing order: by type, helplines open now first, then what
    is in the visitor's language, then by title (as on the database).

    Two lists, the open hits and the rest, each sorted by type, language and title. Only
    helplines have channels and helplines come first, so the open list followed by the rest
    is the browsing order. Without `open_total` both lists start at the top, which is right
    for the first page.
    """
    end = start + query.per_page
    hit_filters = [shown_versions(query.visitor_language), *filters_except(query, open_keys)]
    open_now = any_open(open_keys)
    ranges = {"open": (start, end), "rest": (0, end)}
    if open_total is not None:
        ranges = {
            "open": (min(start, open_total), min(end, open_total)),
            "rest": (max(start - open_total, 0), max(end - open_total, 0)),
        }
    lists = {
        "open": {"bool": {"filter": [*hit_filters, open_now]}},
        "rest": {"bool": {"filter": hit_filters, "must_not": [open_now]}},
    }
    # Scored 2 in the visitor's language and 1 otherwise, so the score sorts by language.
    spoken = term("spoken_languages", language_base(query.visitor_language))
    searches = []
    for name, (first, last) in ranges.items():
        listed = {
            "function_score": {
                "query": {"constant_score": {"filter": lists[name]}},
                "functions": [{"filter": spoken, "weight": 2}],
                "boost_mode": "replace",
            }
        }
        searches.append(
            {
                "query": listed,
                "sort": BROWSE_SORT,
                "_source": HIT_SOURCE,
                "track_total_hits": False,
                "from": first,
                "size": last - first,
            }
        )
    return searches


def facet_aggregation(spec, query, open_keys, languages):
    """Counts of one facet's values, under the filters applied around it.

    A channel facet's values must belong to the same channel as the other channel facets'
    choices, so with any of those chosen each value is counted by its own combined filter.
    """
    if spec.values:
        return {"terms": {"field": spec.index_field, "size": 500}}
    others = channel_parts(query, open_keys, ignore=spec.name)
    if spec.is_flag:
        return {"filter": channel_filter({**others, "hours": sorted(open_keys)})}
    part = spec.channel_part
    values = {"kind": ContactChannel.Kind.values, "language": languages}[part]
    if not others:
        return {"terms": {"field": CHANNEL_FIELDS[(part,)], "size": 500}}
    filters = {value: channel_filter({**others, part: [value]}) for value in values}
    return {"filters": {"filters": filters}}
