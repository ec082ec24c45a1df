"""Helplines an import would add that look like ones already in the directory: the same
dialable number, web address or email address, or a near-identical name in a country both
serve. The dry run shows each beside the helpline it looks like, and the person importing
chooses, row by row: skip it (the default), link it (the existing helpline takes over the
file's external id and is updated from the file) or import it anyway."""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from .models import ContactChannel, HelplinePage
from .rules import PHONE_KINDS

CHOICES = {
    "skip": "Skip it",
    "link": "Update the existing helpline from it",
    "import": "Import it as a new helpline",
}
# How alike two names must be (difflib's ratio, on lower-case words) to look like one.
SIMILAR_NAME = 0.9


@dataclass(frozen=True)
class Duplicate:
    page_id: int
    title: str
    reason: str


def address_key(kind, value):
    """What makes two channels the same way to reach someone, however written."""
    if kind in PHONE_KINDS:
        return "number", re.sub(r"[^\d+]", "", value)
    if kind == "email":
        return "email address", value.strip().lower()
    bare = re.sub(r"^https?://(www\.)?", "", value.strip().lower()).rstrip("/")
    return "web address", bare


def name_key(title):
    return " ".join(re.findall(r"\w+", title.casefold()))


class DuplicateFinder:
    """Every helpline's ways of contact, names and countries, read once per import."""

    def __init__(self):
        self.pages = {}
        for page in HelplinePage.objects.prefetch_related("countries"):
            codes = {country.code for country in page.countries.all()}
            self.pages[page.pk] = (page.title, name_key(page.title), codes)
        self.by_address = defaultdict(set)
        for page_id, kind, value in ContactChannel.objects.values_list("page_id", "kind", "value"):
            self.by_address[address_key(kind, value)].add(page_id)

    def of(self, cleaned):
        """The helplines a checked new one (`cleaned`) looks like, most certain first."""
        countries = {country.code for country in cleaned["countries"]}
        found = {}
        for data in cleaned["channels"]:
            noun, key = address_key(data["kind"], data["value"])
            for page_id in sorted(self.by_address.get((noun, key), ())):
                # A short code (116 123) is dialled in many countries, each its own line.
                shared = key.startswith("+") or noun != "number"
                if shared or countries & self.pages[page_id][2]:
                    found.setdefault(page_id, f"the same {noun}, {data['value']}")
        name = name_key(cleaned["title"])
        for page_id, (_, other, codes) in self.pages.items():
            common = countries & codes
            if page_id in found or not common:
                continue
            if difflib.SequenceMatcher(None, name, other).ratio() >= SIMILAR_NAME:
                found[page_id] = f"a name like it in {', '.join(sorted(common))}"
        return [Duplicate(page_id, self.pages[page_id][0], why) for page_id, why in found.items()]
