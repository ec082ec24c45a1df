"""Importing helplines: checking records read from a file and applying them.

The readers (resources/spreadsheets.py for CSV, resources/hsds_reading.py for HSDS 3.0
JSON) turn a file into records. An import checks every record (resources/checking.py),
compares each with the helpline it updates, finds new helplines already listed under
another id (resources/duplicates.py), and only then, if nothing at all is wrong,
resources/applying.py applies every change in one transaction. Each helpline is matched by
its external id, so running the same file again changes nothing. New and changed helplines
are saved as drafts for review unless the import is told to publish. The helpline's long
description is not part of any file and is never changed by an import.
"""

from dataclasses import dataclass

from .checking import Checker, Outcome
from .duplicates import CHOICES, DuplicateFinder
from .models import HelplinePage
from .records import Change, Problem


@dataclass
class ImportPlan:
    outcomes: list[Outcome]
    publish: bool = False

    @property
    def problems(self):
        return [problem for outcome in self.outcomes for problem in outcome.problems]

    @property
    def is_valid(self):
        return bool(self.outcomes) and not self.problems

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def changes_anything(self):
        return any(outcome.applies for outcome in self.outcomes)

    @property
    def has_duplicates(self):
        return any(outcome.duplicates for outcome in self.outcomes)

    @property
    def new_organisations(self):
        """Organisations the import would add, by name."""
        found = (o.cleaned.get("organisation") for o in self.outcomes if o.applies)
        return sorted({o.name for o in found if o is not None and o.pk is None})

    @property
    def new_countries(self):
        """Countries the import would add, each with its emergency numbers, in words."""
        found = {
            country.code: country
            for outcome in self.outcomes
            if outcome.applies
            for country in outcome.cleaned.get("countries", ())
            if country.pk is None
        }
        return [
            f"{country.name} ({code}), emergency number "
            + " or ".join(number.number for number in country.emergency_numbers.all())
            for code, country in sorted(found.items())
        ]


def plan_import(
    records,
    user=None,
    publish=False,
    create_organisations=False,
    new_countries=None,
    duplicates=None,
    otherwise="skip",
):
    """What importing `records` would do. With `create_organisations`, organisations the
    file names and Waymark lacks are added (for those who manage every organisation); the
    countries in `new_countries` (checking.read_new_countries) are added with their
    emergency numbers where the file names them (for administrators). A new
    helpline that looks like one already in the directory is skipped, linked or imported as
    `duplicates` (external id -> choice) says, or else as `otherwise`."""
    if otherwise not in CHOICES:
        raise ValueError(f"Choose one of {', '.join(CHOICES)} for duplicates.")
    checker = Checker(user, create_organisations, new_countries)
    checker.load_pages(records)
    finder = None
    outcomes = []
    for record in records:
        outcome = checker.check(record)
        if outcome.action == "create" and not outcome.problems:
            finder = finder or DuplicateFinder()
            found = finder.of(outcome.cleaned)
            if found:
                choice = (duplicates or {}).get(record.external_id, otherwise)
                outcome = decided(checker, outcome, found, choice)
        outcomes.append(outcome)
    seen = {}
    for outcome in outcomes:
        key = outcome.page.pk if outcome.page else outcome.record.external_id
        if key in seen:
            outcome.problems.append(
                Problem(outcome.first_row, "external_id", f"the same helpline as row {seen[key]}")
            )
        seen.setdefault(key, outcome.first_row)
    return ImportPlan(outcomes, publish)


def decided(checker, outcome, found, choice):
    """A new helpline's outcome once the person importing has chosen what to do with it,
    given the helplines it looks like. Only one of their own organisations' helplines can
    be linked to it."""
    record = outcome.record
    found = DuplicateFinder.as_seen_by(found, checker.allowed)
    if choice == "link":
        target = next((duplicate for duplicate in found if duplicate.page_id), None)
        if target is None:
            outcome.problems.append(
                Problem(
                    outcome.first_row,
                    "external_id",
                    "It looks only like helplines of other organisations: skip it, or import "
                    "it as a new helpline.",
                )
            )
        else:
            page = HelplinePage.objects.get(pk=target.page_id).get_latest_revision_as_object()
            outcome = checker.check(record, page=page)
            if not outcome.problems:
                outcome.changes.insert(
                    0, Change("external_id", page.external_id, record.external_id)
                )
                outcome.action = "update"
    elif choice == "skip":
        outcome.action = "skip"
    outcome.duplicates, outcome.choice = found, choice
    return outcome
