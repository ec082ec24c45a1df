import json
from datetime import timedelta
from functools import cache
from io import BytesIO
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource

from PIL import Image as PILImage
from PIL import ImageDraw

from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    CampaignRelatedPage,
    CampaignToolkitItem,
)
from core.languages import originals
from home.models import ContentPage, HomeFeaturedGuide, HomeFeaturedTopic, HomePage
from resources.applying import apply_plan
from resources.importing import plan_import
from resources.models import (
    Audience,
    AudienceTranslation,
    Country,
    CountryCrisisLine,
    EmergencyLabelTranslation,
    EmergencyNumber,
    GuideHelplineLink,
    GuideIndexPage,
    GuidePage,
    HelplineIndexPage,
    HelplinePage,
    Organisation,
    Topic,
    TopicIndexPage,
    TopicTranslation,
)
from resources.roles import set_up_roles
from resources.spreadsheets import read_csv
from resources.validators import normalise_phone

# The demo's content, as data files (home/demo/README.md describes them).
DEMO = Path(__file__).resolve().parents[2] / "demo"


@cache
def demo_data(name):
    return json.loads((DEMO / f"{name}.json").read_text(encoding="utf-8"))


def paragraph(text):
    return f"<p>{escape(text)}</p>"


class Command(BaseCommand):
    help = (
        "Build the Waymark demo site: topics, countries, helplines, guides and campaigns. "
        "Safe to run again: anything that already exists is left as it is."
    )

    def handle(self, *args, **options):
        self.total = (
            5
            + len(demo_data("audiences"))
            + len(demo_data("topics"))
            + len(demo_data("organisations"))
            + len(demo_data("helpline_sources"))
            + len(demo_data("countries"))
            + len(demo_data("guides"))
            + len(demo_data("campaigns"))
            + len(demo_data("translations")["languages"])
        )
        self.done = 0
        self.created = 0
        try:
            with transaction.atomic():
                home = self.ensure_home()
                indexes = self.ensure_sections(home)
                self.load_taxonomy()
                self.load_countries()
                self.load_helplines()
                self.link_crisis_lines()
                self.load_guides(indexes["guides"])
                self.load_campaigns(indexes["campaigns"])
                self.feature_on_home(home)
                self.load_translations(home)
                set_up_roles()
        except ValidationError as error:
            raise CommandError(f"Demo content is invalid: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {self.created} items created, "
                f"{self.done - self.created} already present."
            )
        )

    def progress(self, label, created):
        self.done += 1
        self.created += int(created)
        state = "created" if created else "exists "
        self.stdout.write(f"[{self.done:>3}/{self.total}] {state} {label}")

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def ensure_home(self):
        home = originals(HomePage.objects.all()).first()
        if home:
            self.progress("home page", False)
            return home
        root = Page.get_first_root_node()
        # Wagtail's first migration makes a placeholder "Welcome" page; replace it.
        placeholder = Page.objects.filter(
            depth=2, content_type=ContentType.objects.get_for_model(Page)
        ).first()
        home = HomePage(
            title="Waymark",
            slug="waymark",
            heading="Find help that fits",
            intro="Free, confidential helplines, self-care guides and campaigns about life "
            "online and off. Nothing you do here is tracked.",
        )
        self.publish(root, home)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "site_name": "Waymark",
                "root_page": home,
            },
        )
        if placeholder:
            placeholder.delete()
        self.progress("home page", True)
        return home

    def ensure_sections(self, home):
        sections = {}
        specs = [
            (
                "helplines",
                HelplineIndexPage,
                "Helplines",
                "Free, confidential services you can call, text or chat with.",
            ),
            (
                "guides",
                GuideIndexPage,
                "Self-care guides",
                "Practical steps for looking after yourself, checked by people who know.",
            ),
            (
                "campaigns",
                CampaignIndexPage,
                "Campaigns",
                "Awareness campaigns from Waymark's member organisations.",
            ),
            (
                "topics",
                TopicIndexPage,
                "Topics",
                "Everything on Waymark, grouped by what it's about.",
            ),
        ]
        for slug, model, title, intro in specs:
            page = originals(model.objects.all()).first()
            created = page is None
            if created:
                page = self.publish(home, model(title=title, slug=slug, intro=intro))
            sections[slug] = page
            self.progress(f"section /{slug}/", created)
        if not ContentPage.objects.filter(slug="about").exists():
            body = [
                {"type": "paragraph", "value": paragraph(text)}
                for text in demo_data("site")["about_body"]
            ]
            about = ContentPage(
                title="About Waymark",
                slug="about",
                summary=demo_data("site")["about_summary"],
                body=body,
            )
            self.publish(home, about)
        return sections

    def load_taxonomy(self):
        translated = demo_data("translations")
        for name, slug in demo_data("audiences"):
            audience, created = Audience.objects.get_or_create(slug=slug, defaults={"name": name})
            for language, local_name in translated["audiences"][slug].items():
                AudienceTranslation.objects.get_or_create(
                    audience=audience, language=language, defaults={"name": local_name}
                )
            self.progress(f"audience {name}", created)
        for name, slug, description, synonyms, is_crisis in demo_data("topics"):
            topic, created = Topic.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "synonyms": synonyms,
                    "is_crisis": is_crisis,
                },
            )
            for language, words in translated["topics"][slug].items():
                TopicTranslation.objects.get_or_create(
                    topic=topic, language=language, defaults=words
                )
            self.progress(f"topic {name}", created)
        for name, website in demo_data("organisations").items():
            _, created = Organisation.objects.get_or_create(
                name=name, defaults={"website": website}
            )
            self.progress(f"organisation {name}", created)

    def load_helplines(self):
        """Import the demo helplines the way an editor imports a spreadsheet, then give
        each its demo address and sample-data note, and publish it."""
        sources = demo_data("helpline_sources")
        records = read_csv((DEMO / "helplines.csv").read_bytes())
        present = set(HelplinePage.objects.filter(slug__in=sources).values_list("slug", flat=True))
        missing = []
        for record in records:
            slug = record.external_id.removeprefix("demo-")
            if slug in present:
                self.progress(f"helpline {record.title}", False)
            else:
                missing.append(record)
        plan = plan_import(missing)
        if missing and not plan.is_valid:
            raise CommandError(
                "The demo helplines do not import: "
                + "; ".join(f"row {p.row} {p.column}: {p.message}" for p in plan.problems)
            )
        if missing:
            apply_plan(plan)
        sample_note = demo_data("site")["sample_note"]
        for record in missing:
            slug = record.external_id.removeprefix("demo-")
            page = HelplinePage.objects.get(external_id=record.external_id)
            draft = page.get_latest_revision_as_object()
            draft.slug = slug
            draft.description = paragraph(sample_note.format(source=sources[slug]))
            draft.save_revision().publish()
            self.progress(f"helpline {record.title}", True)

    def load_countries(self):
        for code, name, numbers, _ in demo_data("countries"):
            country, created = Country.objects.get_or_create(code=code, defaults={"name": name})
            if created:
                labels = demo_data("translations")["emergency_labels"]
                country.emergency_numbers = [
                    EmergencyNumber(number=normalise_phone(number, [code]), label=label)
                    for number, label in numbers
                ]
                country.label_translations = [
                    EmergencyLabelTranslation(
                        number=normalise_phone(number, [code]), language=language, label=local
                    )
                    for number, label in numbers
                    for language, local in labels[label].items()
                ]
                country.save()
            self.progress(f"country {name}", created)

    def link_crisis_lines(self):
        """Each country leads with its 24/7 crisis lines, once those helplines exist."""
        for code, _, _, crisis_slugs in demo_data("countries"):
            country = Country.objects.get(code=code)
            if country.crisis_lines.exists():
                continue
            country.crisis_lines = [
                CountryCrisisLine(helpline=originals(HelplinePage.objects.all()).get(slug=slug))
                for slug in crisis_slugs
            ]
            country.save()

    def load_guides(self, index):
        for data in demo_data("guides"):
            if GuidePage.objects.filter(slug=data["slug"]).exists():
                self.progress(f"guide {data['title']}", False)
                continue
            page = GuidePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                steps=[
                    {"type": "step", "value": {"heading": heading, "body": paragraph(body)}}
                    for heading, body in data["steps"]
                ],
                more_help=paragraph(data["more_help"]),
                organisation=Organisation.objects.get(name=demo_data("site")["editorial_team"]),
                reviewed_by="Sample content, awaiting clinical review",
            )
            page.helpline_links = [
                GuideHelplineLink(helpline=originals(HelplinePage.objects.all()).get(slug=slug))
                for slug in data["helplines"]
            ]
            page.topics.add(*Topic.objects.filter(slug__in=data["topics"]))
            self.publish(index, page)
            self.progress(f"guide {data['title']}", True)

    def load_campaigns(self, index):
        today = timezone.localdate()
        for data in demo_data("campaigns"):
            if CampaignPage.objects.filter(slug=data["slug"]).exists():
                self.progress(f"campaign {data['title']}", False)
                continue
            start = today + timedelta(days=data["starts_in_days"])
            organisation = Organisation.objects.get(name=data["partners"][0])
            # The campaign's media belong to the organisation that runs it.
            poster = self.poster_image(data["title"], organisation.collection)
            plan = Document(
                title=f"{data['title']}: activity plan", collection=organisation.collection
            )
            plan.file.save(
                f"{data['slug']}-plan.txt",
                ContentFile(f"{data['title']}\n\n{data['body']}\n".encode()),
                save=False,
            )
            plan.save()
            page = CampaignPage(
                title=data["title"],
                slug=data["slug"],
                organisation=organisation,
                summary=data["summary"],
                start_date=start,
                end_date=start + timedelta(days=data["lasts_days"]),
                hero_image=poster,
                call_to_action=data["call_to_action"],
                call_to_action_page=originals(GuidePage.objects.all()).get(
                    slug=data["call_to_action_guide"]
                ),
                body=[{"type": "paragraph", "value": paragraph(data["body"])}],
            )
            page.partners = list(Organisation.objects.filter(name__in=data["partners"]))
            page.toolkit_items = [
                CampaignToolkitItem(
                    title="Poster", description="Campaign image, PNG", image=poster
                ),
                CampaignToolkitItem(
                    title="Activity plan",
                    description="For a lesson or group session",
                    document=plan,
                ),
            ]
            page.related_links = [
                CampaignRelatedPage(related_page=originals(GuidePage.objects.all()).get(slug=slug))
                for slug in data["related"]
            ]
            page.topics.add(*Topic.objects.filter(slug__in=data["topics"]))
            self.publish(index, page)
            self.progress(f"campaign {data['title']}", True)

    def poster_image(self, title, collection):
        canvas = PILImage.new("RGB", (1200, 500), (75, 44, 143))
        ImageDraw.Draw(canvas).text((60, 220), title, fill=(255, 255, 255), font_size=64)
        buffer = BytesIO()
        canvas.save(buffer, format="PNG")
        image = Image(title=f"{title} poster", collection=collection)
        image.file = ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}-poster.png")
        image.save()
        return image

    def feature_on_home(self, home):
        if home.featured_topics.exists():
            return
        home.featured_topics = [
            HomeFeaturedTopic(topic=Topic.objects.get(slug=slug))
            for slug in [
                "cyberbullying",
                "social-comparison",
                "screen-time",
                "self-esteem",
                "loneliness",
                "anxiety",
            ]
        ]
        home.featured_guides = [
            HomeFeaturedGuide(guide=originals(GuidePage.objects.all()).get(slug=slug))
            for slug in [
                "setting-screen-time-boundaries",
                "curating-your-feed",
                "responding-to-online-harassment",
            ]
        ]
        home.save_revision().publish()

    def load_translations(self, home):
        """The home page, the sections, three guides and a campaign in every other
        language, made the way a translator makes them: a wagtail-localize translation of
        each page, its strings filled in as from an uploaded .po file, then published."""
        data = demo_data("translations")
        pages = [
            home,
            *home.get_children().specific(),
            *GuidePage.objects.filter(locale=home.locale, slug__in=data["guides"]),
            *CampaignPage.objects.filter(locale=home.locale, slug__in=data["campaigns"]),
        ]
        for code, strings in data["languages"].items():
            locale = Locale.objects.get(language_code=code)
            if home.has_translation(locale):
                self.progress(f"pages in {code}", False)
                continue
            for page in pages:
                source, _ = TranslationSource.get_or_create_from_instance(page)
                translation = Translation.objects.create(source=source, target_locale=locale)
                po = translation.export_po()
                for entry in po:
                    entry.msgstr = strings[entry.msgid]
                translation.import_po(po)
                # Published here rather than when the transaction ends (as publish=True
                # would), so that each page is live before its children are added.
                translation.save_target(publish=False)
                translation.get_target_instance().get_latest_revision().publish()
            self.progress(f"pages in {code}", True)
