"""The people and material the editor journeys start from, added to a demo site's database.

Run inside the site's own environment (`manage.py shell`); prints the ids the journeys need
as JSON. Every account has the same password.
"""

import json
from datetime import timedelta
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.images.models import Image

from PIL import Image as PillowImage

from campaigns.models import CampaignIndexPage
from resources.models import GuidePage, HelplineIndexPage, HelplinePage, Organisation, ProblemReport
from resources.permissions import CLINICAL_REVIEWERS, MODERATORS, TRANSLATORS
from resources.roles import shared_collection
from widgets.models import WidgetDailyCount

PASSWORD = "a-long-pass-phrase"
# username: the group they belong to (None for the site administrator)
PEOPLE = {
    "admin": None,
    "mo": MODERATORS,
    "cleo": CLINICAL_REVIEWERS,
    "tina": TRANSLATORS,
    "mina": "Mind editors",
    "tess": "Mind editors",
    "una": "Mind editors",
    "sam": "Samaritans editors",
    "wendy": "Waymark editorial team editors",
    "max": "The Mix editors",
    "nina": "London Nightline editors",
}
PARTNERS = ("https://school.example", "https://youth-app.example")


def png():
    out = BytesIO()
    PillowImage.new("RGB", (40, 30), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def prepare():
    people = get_user_model().objects
    for username, group in PEOPLE.items():
        email = f"{username}@example.org"
        if group is None:
            people.create_superuser(username, email, PASSWORD, first_name="Ada")
        else:
            user = people.create_user(username, email, PASSWORD, first_name=username.title())
            user.groups.add(Group.objects.get(name=group))

    mind = Organisation.objects.get(name="Mind")
    image = Image.objects.create(
        title="Mind poster",
        file=ContentFile(png(), name="mind-poster.png"),
        collection=mind.collection,
    )
    Image.objects.create(
        title="Waymark shared banner",
        file=ContentFile(png(), name="shared-banner.png"),
        collection=shared_collection(),
    )
    document = Document.objects.create(
        title="Mind volunteer rota",
        file=ContentFile(b"Only for Mind's team.\n", name="mind-rota.txt"),
        collection=mind.collection,
    )
    report = ProblemReport.objects.create(
        helpline=HelplinePage.objects.get(slug="mind-infoline"),
        kind=ProblemReport.Kind.HOURS_WRONG,
        details="Mind's own report: the Saturday hours look wrong.",
    )
    today = timezone.localdate()
    # Samaritans' details are overdue for a check (London Nightline's are in the demo).
    HelplinePage.objects.filter(slug="samaritans").update(
        last_verified_on=today - timedelta(days=400), review_due_on=today - timedelta(days=220)
    )
    for days_ago in range(5):
        for number, partner in enumerate(PARTNERS, start=1):
            day = today - timedelta(days=days_ago)
            WidgetDailyCount.objects.create(
                day=day, partner=partner, event="load", count=10 * number + days_ago
            )
            WidgetDailyCount.objects.create(
                day=day, partner=partner, event="click", channel="sms", count=number
            )
    ids = {
        "mind_image": image.pk,
        "mind_document": document.pk,
        "mind_report": report.pk,
        "mind_helpline": HelplinePage.objects.get(slug="mind-infoline").pk,
        "guide": GuidePage.objects.get(slug="feeling-lonely").pk,
        "untranslated_guide": GuidePage.objects.get(slug="taking-breaks").pk,
        "helplines": HelplineIndexPage.original().pk,
        "campaigns": CampaignIndexPage.original().pk,
        "london_nightline": HelplinePage.objects.get(slug="london-nightline").pk,
    }
    print(json.dumps(ids))
