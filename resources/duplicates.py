"""Helplines an import would add that look like ones already in the directory: the same
dialable number, web address or email address, or a near-identical name in a country both
serve. The dry run shows each beside the helpline it looks like, and the person importing
chooses, row by row: skip it (the default), link it (the existing helpline takes over the
file's external id and is updated from the file) or import it anyway."""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from core.languages import originals

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
    page_id: int | None  # None: another organisation's, which this person may not see
    title: str
    reason: str
    organisation_id: int


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
        self.by_country = defaultdict(set)
        for page in originals(HelplinePage.objects.prefetch_related("countries")):
            codes = {country.code for country in page.countries.all()}
            self.pages[page.pk] = (page.title, name_key(page.title), codes, page.organisation_id)
            for code in codes:
                self.by_country[code].add(page.pk)
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
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(name_key(cleaned["title"]))
        nearby = set().union(*(self.by_country[code] for code in countries))
        for page_id in sorted(nearby - set(found)):
            _, other, codes, _ = self.pages[page_id]
            matcher.set_seq1(other)
            # The cheap upper bounds first: most names differ in length or letters.
            if all(
                alike() >= SIMILAR_NAME
                for alike in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)
            ):
                found[page_id] = f"a name like it in {', '.join(sorted(countries & codes))}"
        return [
            Duplicate(page_id, self.pages[page_id][0], why, self.pages[page_id][3])
            for page_id, why in found.items()
        ]

    @staticmethod
    def as_seen_by(found, allowed):
        """`found` as a person who edits only the organisations `allowed` (None: every one)
        may see them: another organisation's helpline is named only as such."""
        return [
            duplicate
            if allowed is None or duplicate.organisation_id in allowed
            else Duplicate(None, "a helpline of another organisation", duplicate.reason, 0)
            for duplicate in found
        ]
