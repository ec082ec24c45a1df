"""The finder benchmark's synthetic directory: a seeded corpus of helplines and guides with
text from a Zipf-distributed vocabulary, and the mixes of queries timed against it."""

import random

SEED = 20261126


def log(message):
    print(message, flush=True)


WORDS = (
    "support listen talk call text chat help advice feelings worry school friends family online "
    "phone scrolling sleep night pressure exams body image confidence lonely isolated bullying "
    "messages comments group chat games followers likes photos filters stress panic calm breathe "
    "kind safe trust private free confidential young people parents carers volunteer counsellor "
    "trained advisers evening weekend weekday local national service guide steps practical tips "
    "boundaries breaks feed mute block report evidence screenshot harassment threats abuse hurt"
).split()


# Words people write in any text, most frequent first.
FUNCTION_WORDS = (
    "the to and you a of for your is it with can in or be are on if that this we our help "
    "not do about what when they who will have all at from one any more how there"
).split()
SYLLABLES = (
    "ba be bri ca co da de fa fe ga ho ka la le li lo ma me mi mo na ne no pa pe ra re ri ro "
    "sa se so ta te ti to va ve wi"
).split()
VOCABULARY_SIZE = 5000


def zipf_vocabulary(rng):
    """Words and weights following Zipf's law, as real text does.

    Function words come first, then the service words above in a shuffled order, then a
    long tail of made-up words: a query word matches a realistic share of documents, not
    most of them.
    """
    service = list(WORDS)
    rng.shuffle(service)
    words = FUNCTION_WORDS + service
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        made_up = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if made_up not in seen:
            seen.add(made_up)
            words.append(made_up)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    return words, weights


def insert_pages(parent, pages):
    """Insert many new children of `parent` at once, bypassing per-page saves.

    Wagtail's pages use multi-table inheritance, which bulk_create cannot do: the base Page
    rows go in with bulk_create, then the specific rows with one executemany.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page

    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    bases = []
    for step, page in enumerate(pages, start=parent.numchild + 1):
        page.depth = parent.depth + 1
        page.path = parent._get_path(parent.path, page.depth, step)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        bases.append(Page(**{name: getattr(page, name) for name in base_fields}))
    Page.objects.bulk_create(bases, batch_size=1000)
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = []
    for page, base in zip(pages, bases, strict=True):
        page.page_ptr_id = page.id = base.pk
        rows.append([f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields])
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
    type(parent).objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)


def generate(size):
    """Add `size` resources (85% helplines, 15% guides) straight into the page tree."""
    from django.db import transaction
    from django.utils import timezone

    from resources.models import (
        Audience,
        ContactChannel,
        Country,
        GuideIndexPage,
        GuidePage,
        HelplineIndexPage,
        HelplinePage,
        Organisation,
        TaggedGuide,
        TaggedHelpline,
        Topic,
    )

    rng = random.Random(SEED + size)
    topics = list(Topic.objects.all())
    countries = list(Country.objects.all())
    audiences = list(Audience.objects.all())
    organisations = list(Organisation.objects.all())
    vocabulary, weights = zipf_vocabulary(rng)
    zones = {
        "US": "America/New_York",
        "CA": "America/Toronto",
        "AU": "Australia/Sydney",
        "NZ": "Pacific/Auckland",
        "ES": "Europe/Madrid",
        "FR": "Europe/Paris",
    }
    now = timezone.now()
    office = [
        {
            "type": "window",
            "value": {
                "days": [str(d) for d in range(5)],
                "opens": "09:00",
                "closes": "17:00",
                "closes_next_day": False,
            },
        }
    ]
    overnight = [
        {
            "type": "window",
            "value": {
                "days": [str(d) for d in range(7)],
                "opens": "20:00",
                "closes": "02:00",
                "closes_next_day": True,
            },
        }
    ]
    contact = {
        "phone": "+448001111",
        "sms": "85258",
        "chat": "https://example.org/chat",
        "email": "help@example.org",
    }

    def sentence(count):
        return " ".join(rng.choices(vocabulary, weights, k=count)).capitalize() + "."

    helplines, guides = [], []
    for number in range(size):
        title = f"{sentence(3)[:-1]} {number}"
        common = {
            "title": title,
            "draft_title": title,
            "slug": f"bench-{number}",
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": now,
            "last_published_at": now,
            "summary": sentence(18),
        }
        if rng.random() < 0.85:
            helplines.append(
                HelplinePage(
                    organisation=rng.choice(organisations),
                    description=f"<p>{sentence(40)}</p>",
                    last_verified_on=now.date(),
                    **common,
                )
            )
        else:
            guides.append(
                GuidePage(
                    steps=[
                        {
                            "type": "step",
                            "value": {"heading": sentence(4), "body": f"<p>{sentence(50)}</p>"},
                        }
                    ],
                    more_help=f"<p>{sentence(20)}</p>",
                    **common,
                )
            )
    with transaction.atomic():
        for parent, pages in [
            (HelplineIndexPage.original(), helplines),
            (GuideIndexPage.original(), guides),
        ]:
            for start in range(0, len(pages), 2000):
                insert_pages(parent, pages[start : start + 2000])
                done = min(start + 2000, len(pages))
                log(f"    inserted {done}/{len(pages)} {type(pages[0]).__name__}")
        tags, channels, served, audience_links = [], [], [], []
        for page in helplines + guides:
            tag_model = TaggedHelpline if isinstance(page, HelplinePage) else TaggedGuide
            tags.extend(
                tag_model(tag=t, content_object_id=page.pk)
                for t in rng.sample(topics, rng.randint(1, 3))
            )
        for page in helplines:
            chosen = rng.sample(countries, rng.randint(1, 2))
            served.extend(
                HelplinePage.countries.through(helplinepage_id=page.pk, country_id=c.pk)
                for c in chosen
            )
            audience_links.extend(
                HelplinePage.audiences.through(helplinepage_id=page.pk, audience_id=a.pk)
                for a in rng.sample(audiences, rng.randint(1, 2))
            )
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(list(contact))
                pattern = rng.random()
                channels.append(
                    ContactChannel(
                        page_id=page.pk,
                        kind=kind,
                        value=contact[kind],
                        timezone=zones.get(chosen[0].code, "Europe/London"),
                        open_24_7=pattern < 0.3,
                        hours=[] if pattern < 0.3 else office if pattern < 0.7 else overnight,
                        languages=rng.choice(["en", "en", "en cy", "es", "fr", "en fr"]),
                    )
                )
        TaggedHelpline.objects.bulk_create(
            [t for t in tags if isinstance(t, TaggedHelpline)], batch_size=2000
        )
        TaggedGuide.objects.bulk_create(
            [t for t in tags if isinstance(t, TaggedGuide)], batch_size=2000
        )
        HelplinePage.countries.through.objects.bulk_create(served, batch_size=2000)
        HelplinePage.audiences.through.objects.bulk_create(audience_links, batch_size=2000)
        ContactChannel.objects.bulk_create(channels, batch_size=2000)
    log(f"    {len(helplines)} helplines, {len(guides)} guides, {len(channels)} channels")


def query_mix(count, seed=SEED):
    from django.http import QueryDict

    from resources.models import Topic
    from search.query import FinderQuery

    rng = random.Random(seed)
    topics = list(Topic.objects.all())
    texts = [t.name for t in topics] + [s for t in topics for s in t.synonym_list[:3]] + WORDS
    facets = [
        ("type", ["helpline", "guide"]),
        ("country", ["GB", "US", "FR", "AU"]),
        ("channel", ["phone", "sms", "chat"]),
        ("language", ["en", "es", "fr"]),
        ("open_now", ["1"]),
    ]
    queries = []
    for number in range(count):
        params = QueryDict(mutable=True)
        kind = number % 3
        if kind in (0, 1):
            words = rng.choice(texts)
            if rng.random() < 0.2 and len(words) > 5:  # a typo
                position = rng.randrange(1, len(words) - 1)
                words = words[:position] + words[position + 1 :]
            params["q"] = words
        if kind in (1, 2):
            for name, values in rng.sample(facets, rng.randint(1, 2)):
                params.setlist(name, rng.sample(values, 1))
        queries.append(FinderQuery.from_params(params)[0])
    return queries
