"""The finder's behaviour. Every engine must pass these same tests."""

from dataclasses import replace

from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.catalogue import VersionedCache
from core.models import CatalogueVersion
from resources.models import HelplinePage, Topic
from search.documents import TYPES
from search.facets import FACETS, FacetSpec
from search.models import CrisisPhrase
from search.query import FinderQuery
from search.text import fold
from tests.factories import publish_helpline

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as an editor does: the transaction commits, so index updates are applied."""

    def publish_line(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return publish_helpline(*args, **kwargs)

    return publish_line


def find(finder, **params):
    query, _ = FinderQuery.from_params(params_dict(params))
    return finder.search(query)


def params_dict(params):
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def titles(results):
    return [hit.document.title for hit in results.hits]


def facet(results, name):
    return {
        value.value: value for value in next(f for f in results.facets if f.name == name).values
    }


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Samaritans", "Samaritans"),
        ("curating feed", "Curating your feed"),
        ("online harassment", "Responding to online harassment"),
        ("panic", "Getting through a panic moment"),
        ("Kids Help Phone", "Kids Help Phone"),
        ("esperanza", "Teléfono de la Esperanza"),
    ],
)
def test_text_finds_what_people_mean(finder, words, expected):
    assert expected in titles(find(finder, q=words))[:5]


def test_title_matches_rank_first(finder):
    assert titles(find(finder, q="Shout"))[0] == "Shout 85258"


def test_topic_synonyms_understand_everyday_words(finder):
    results = find(finder, q="trolls leaving nasty comments")
    assert "cyberbullying" in results.matched_topics
    top = [hit.document for hit in results.hits[:5]]
    assert all("cyberbullying" in doc.topic_slugs for doc in top)


def test_doomscrolling_finds_screen_time_guides(finder):
    results = find(finder, q="doomscrolling at 3am", type="guide")
    assert "Setting screen-time boundaries that stick" in titles(results)
    assert "Breaking the late-night scrolling habit" in titles(results)


def test_typos_are_tolerated(finder):
    assert "cyberbullying" in find(finder, q="cyberbulying").matched_topics
    assert "screen-time" in find(finder, q="scren tim").matched_topics


def test_accents_fold(finder):
    assert "Teléfono de la Esperanza" in titles(find(finder, q="TELEFONO ESPERANZA"))


def test_open_lines_rank_first_when_someone_wants_to_talk(finder, helpline_index, publish):
    publish(helpline_index, "Zebrafinch listening line")  # publishes no hours
    publish(helpline_index, "Zebrafinch night line", open_24_7=True)
    ranked = titles(find(finder, q="talk to someone zebrafinch"))
    assert ranked.index("Zebrafinch night line") < ranked.index("Zebrafinch listening line")


def test_or_within_a_facet_and_across_facets(finder):
    both = find(finder, type=["guide", "campaign"])
    assert {hit.document.type for hit in both.hits} == {"guide", "campaign"}
    assert both.total == 11
    french = find(finder, type="helpline", country="FR")
    assert french.total == 4
    assert all("FR" in hit.document.countries for hit in french.hits)


def test_facet_counts_are_disjunctive(finder):
    results = find(finder, type="guide")
    types = facet(results, "type")
    assert types["guide"].selected and types["guide"].count == 9
    assert types["helpline"].count >= 20, "other types stay countable so people can widen"
    topics = facet(results, "topic")
    assert topics["screen-time"].count == 4  # guides on screen time


def test_country_narrows_helplines_but_guides_apply_everywhere(finder):
    results = find(finder, country="NZ")
    types = {hit.document.type for hit in results.hits}
    assert {"helpline", "guide"} <= types
    assert all(
        doc.countries is None or "NZ" in doc.countries for doc in (h.document for h in results.hits)
    )


def test_channel_language_and_open_now_apply_to_one_channel(finder):
    results = find(finder, channel="sms", language="fr")
    assert titles(results) == ["9-8-8 Suicide Crisis Helpline"]  # Kids Help Phone texts in English


def test_a_language_tag_asks_for_its_language(finder):
    """A partner asking for fr-CA gets French lines, wherever in the French-speaking world."""
    assert titles(find(finder, channel="sms", language="fr-CA")) == [
        "9-8-8 Suicide Crisis Helpline"
    ]


def test_selected_value_with_no_results_stays_visible(finder):
    results = find(finder, country="NZ", language="fr")
    assert results.total == 0
    languages = facet(results, "language")
    assert languages["fr"].selected and languages["fr"].count == 0


def test_unknown_values_are_dropped_with_a_notice(finder):
    query, notices = FinderQuery.from_params(params_dict({"topic": "nope", "type": "pigeon"}))
    assert query.topic == () and query.type == ()
    assert len(notices) == 2


def test_open_now_facet(finder, helpline_index, publish):
    publish(helpline_index, "Never open line")
    results = find(finder, open_now="1", type="helpline")
    assert "Never open line" not in titles(results)
    assert results.total >= 20  # the demo has many 24/7 lines
    assert facet(results, "open_now")["1"].selected


def test_crisis_queries_are_flagged(finder):
    assert find(finder, q="i just want it all to end").crisis
    assert find(finder, q="self harm").crisis
    # A synonym of the self-harm crisis topic, alone: the short line with the 24/7 lines.
    assert find(finder, q="cutting").signal in ("crisis", "concern")
    assert not find(finder, q="screen time tips").crisis


def test_examples_added_by_editors_count_at_once(finder):
    """A coded phrase the model cannot know becomes a crisis the moment an editor adds it;
    an everyday phrase sets its words aside."""
    coded = "visiting the blue door on saturday"
    assert not find(finder, q=coded).crisis
    CrisisPhrase.objects.create(text="visiting the blue door")
    assert find(finder, q=coded).crisis

    everyday = "blue door bakery opening times"
    CrisisPhrase.objects.create(text="blue door bakery", kind=CrisisPhrase.Kind.EVERYDAY)
    assert find(finder, q=everyday).signal == "none"


def test_zero_results_offer_a_spelling_suggestion(finder):
    results = find(finder, q="esperanzza")
    assert results.total == 0 or "esperanza" in (results.suggestion or "esperanza")
    results = find(finder, q="qqzzvv")
    assert results.total == 0 and results.suggestion is None


def test_results_have_highlighted_snippets(finder):
    hit = find(finder, q="evidence").hits[0]
    assert "<mark>evidence</mark>" in hit.snippet.lower()


def test_browsing_pages_through_everything_in_order(finder, helpline_index, publish):
    """Without text: helplines open now, then the other helplines, then guides, then
    campaigns; in each group what is in the visitor's language first, then by title; and
    the pages together list every result once."""
    publish(helpline_index, "Aardvark closed line")
    publish(helpline_index, "Zebrafinch open line", open_24_7=True)
    query, _ = FinderQuery.from_params(params_dict({}))
    first = finder.search(replace(query, per_page=7))
    listed = []
    for page in range(1, first.num_pages + 1):
        listed += [
            hit.document for hit in finder.search(replace(query, per_page=7, page=page)).hits
        ]
    assert len(listed) == len({doc.id for doc in listed}) == first.total
    now = timezone.now()
    order = [
        (
            list(TYPES).index(doc.type),
            not any(c.is_open(now) for c in doc.channels),
            "en" not in doc.spoken_languages,
            fold(doc.title),
        )
        for doc in listed
    ]
    assert order == sorted(order)
    assert listed.index(
        next(d for d in listed if d.title == "Zebrafinch open line")
    ) < listed.index(next(d for d in listed if d.title == "Aardvark closed line"))


def test_pages_out_of_range_show_the_last_page(finder):
    results = find(finder, type="helpline", page="999")
    assert results.page == results.num_pages and results.hits
    assert find(finder, type="helpline", page="-3").page == 1
    assert find(finder, type="helpline", page="two").page == 1


def test_unpublished_pages_leave_and_published_pages_join(
    finder, helpline_index, publish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        HelplinePage.objects.get(slug="shout").unpublish()
    assert "Shout 85258" not in titles(find(finder, q="Shout"))
    publish(helpline_index, "Quokka support line", open_24_7=True)
    assert "Quokka support line" in titles(find(finder, q="quokka"))


def test_topic_synonym_edits_take_effect(finder, django_capture_on_commit_callbacks):
    topic = Topic.objects.get(slug="loneliness")
    topic.synonyms += ", wombat feelings"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert "loneliness" in find(finder, q="wombat feelings").matched_topics


def test_type_ahead_suggests_topics_and_titles(finder):
    assert "Cyberbullying" in finder.suggestions("cyber")
    assert "Curating your feed" in finder.suggestions("curat")
    assert finder.suggestions("c") == []


PARAM_NAMES = st.sampled_from(
    ["q", "type", "topic", "country", "channel", "language", "audience", "open_now", "page"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(PARAM_NAMES, st.lists(st.text(max_size=300), max_size=4), max_size=6))
def test_any_parameters_give_a_normal_result(finder, params):
    query, _ = FinderQuery.from_params(params_dict(params))
    results = finder.search(query)
    assert results.total >= 0 and 1 <= results.page <= results.num_pages


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from("abc \"*~()-+:^\\/?!&|'\x00é漢"), max_size=60))
def test_query_syntax_characters_are_just_text(finder, words):
    query, _ = FinderQuery.from_params(params_dict({"q": words}))
    assert finder.search(query).total >= 0


@pytest.fixture
def publisher_facet(monkeypatch):
    """A facet defined here and nowhere else: who publishes each resource. Registered
    before the finder fixture builds its catalogue and index."""
    spec = FacetSpec(
        name="publisher",
        label="Published by",
        description="Organisation slugs.",
        unknown="We don't know the publisher “%(value)s”, so it was left out.",
        values=lambda document: [slugify(document.organisation)] if document.organisation else [],
        index_field="publishers",
    )
    monkeypatch.setitem(FACETS, spec.name, spec)
    CatalogueVersion.bump()
    VersionedCache.forget_version()
    return spec


def test_a_facet_defined_once_works_in_every_engine(publisher_facet, finder):
    """Adding a facet is one FacetSpec: the query reads it, each engine filters and counts
    by it, with the same answers as every other facet."""
    results = find(finder, publisher="samaritans")
    assert results.total >= 1
    assert {hit.document.organisation for hit in results.hits} == {"Samaritans"}
    counts = facet(results, "publisher")
    assert counts["samaritans"].selected and counts["samaritans"].count == results.total
    assert len(counts) > 1, "other publishers stay countable"
    narrower = find(finder, publisher="samaritans", type="guide")
    assert all(hit.document.type == "guide" for hit in narrower.hits)
    assert facet(narrower, "publisher")["samaritans"].count == narrower.total


def test_no_process_cache_keeps_what_people_type():
    """Words someone typed must not outlive their request: no function of the finder keeps
    its arguments in a process-wide cache (functools.cache or lru_cache). A cached function
    without arguments (reading the sentence encoder once) keeps nothing typed."""
    import importlib
    import inspect
    import pkgutil

    import search

    cached = []
    for module_info in pkgutil.walk_packages(search.__path__, "search."):
        if ".migrations" in module_info.name or ".management" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            defined_here = getattr(value, "__module__", None) == module_info.name
            cached_here = defined_here and hasattr(value, "cache_info")
            if cached_here and inspect.signature(value.__wrapped__).parameters:
                cached.append(f"{module_info.name}.{name}")
    assert cached == []


@pytest.mark.parametrize(
    "words, kind",
    [
        ("campaign", "campaign"),
        ("campaigns about online safety", "campaign"),
        ("guides for parents", "guide"),
        ("guía ansiedad", "guide"),
        ("helpline i can text", "helpline"),
    ],
)
def test_words_that_name_a_kind_of_resource_bring_that_kind_first(finder, words, kind):
    """Someone asking for campaigns gets campaigns, even those whose text lacks the word."""
    results = find(finder, q=words)
    expected = sum(1 for hit in results.hits if hit.document.type == kind)
    assert expected, f"no {kind} found for {words!r}"
    types = [hit.document.type for hit in results.hits]
    assert types[:expected] == [kind] * expected


@pytest.mark.parametrize(
    "words, signal",
    [
        ("i feel worthless and so alone", "concern"),
        ("cant cope with school anymore", "concern"),
        ("i want to kill myself", "crisis"),
        ("screen time tips for teenagers", "none"),
    ],
)
def test_the_response_is_graded(finder, words, signal):
    """Crisis leads with the panel, distress without a sign of risk gets a short line, and
    everything else changes nothing: the same on every engine."""
    results = find(finder, q=words)
    assert results.signal == signal
    assert results.crisis == (signal == "crisis")


def serves(hit, countries):
    return hit.document.type != "helpline" or bool(set(hit.document.countries) & set(countries))


@pytest.mark.parametrize("home", ["GB", "FR", "US"])
@pytest.mark.parametrize("words", ["someone to talk to", "suicide", "anxiety", "cyberbullying"])
def test_the_visitors_country_comes_before_other_countries(finder, settings, home, words):
    """With no country chosen, helplines serving the country the crisis banner shows rank
    ahead of other countries', whatever matches the words better."""
    settings.WAYMARK_DEFAULT_COUNTRY = home
    query, _ = FinderQuery.from_params(params_dict({"q": words}))
    results = finder.search(replace(query, per_page=100))
    local = [serves(hit, [home]) for hit in results.hits]
    assert any(local) and not all(local), f"{words!r} should find helplines in and out of {home}"
    assert local == sorted(local, reverse=True), titles(results)


def test_a_chosen_country_shows_only_what_serves_it(finder):
    results = find(finder, q="someone to talk to", country=["IE"])
    assert results.hits and all(serves(hit, ["IE"]) for hit in results.hits)


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("trevor project", "The Trevor Project"),
        ("Kids Help Phone", "Kids Help Phone"),
        ("pieta", "Pieta"),
    ],
)
def test_a_helpline_asked_for_by_name_comes_first_wherever_it_serves(finder, words, title):
    assert titles(find(finder, q=words))[0] == title


@pytest.mark.parametrize(
    ("words", "topic"),
    [
        ("he keeps messaging me after i said stop", "online-harassment"),
    ],
)
def test_words_that_name_no_topic_reach_the_topic_they_mean(finder, words, topic):
    """No topic word in them: the model reads the topic, and what is about it comes first."""
    results = find(finder, q=words)
    assert topic in results.matched_topics
    assert topic in results.hits[0].document.topic_slugs


def test_a_topic_named_is_not_second_guessed(finder):
    assert find(finder, q="screen time tips").matched_topics == ["screen-time"]
