"""Importing HSDS 3.0 that Waymark did not write: Open Referral's own examples, schedules
that are not weekly, other taxonomies, other kinds of document; and Waymark's own export,
which comes back as "nothing changed"."""

import csv
import io
import json
from pathlib import Path

import pytest

from core.models import CatalogueVersion
from resources.applying import apply_plan
from resources.hsds_reading import read_hsds
from resources.importing import plan_import
from resources.models import ContactChannel, HelplinePage
from resources.records import ImportFileError
from tests.test_import import LINE, csv_text, export, run, write

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "data" / "hsds"
# What Waymark does not keep of Open Referral's service_full.json, exactly: fields it has no
# place for, the organization's own details (an import reads only its name), notes, a
# service area that is not a country, and the one schedule, which ended in 2005.
NOT_KEPT_OF_SERVICE_FULL = [
    "alternate_name",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "fees",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assurer_email",
    "licenses",
    "last_modified",
    "phones › 1 › languages › 1 › note",
    "service_areas › 1 › extent",
    "service_areas › 1 › extent_type",
    "service_areas › 1 › uri",
    "service_at_locations",
    "languages › 1 › note",
    "organization › alternate_name",
    "organization › description",
    "organization › email",
    "organization › website",
    "organization › tax_status",
    "organization › year_incorporated",
    "organization › legal_status",
    "organization › logo",
    "organization › uri",
    "organization › parent_organization_id",
    "organization › funding",
    "organization › contacts",
    "organization › phones",
    "organization › locations",
    "organization › programs",
    "organization › organization_identifiers",
    "funding",
    "cost_options",
    "program",
    "required_documents",
    "contacts",
    "attributes › 1 › value",
    "metadata",
    "service_areas › 1: “The service is available to all residents of the MyCity area. "
    "We provide the ser”, not a country",
    "schedules › 1: ended on 2005-01-01",
    "attributes: the term “name” (taxonomy), which no topic is called: add it to a topic's "
    "synonyms to map it",
]


def example(name):
    return (EXAMPLES / name).read_text(encoding="utf-8")


def plan_of(document, countries="", **options):
    return plan_import(read_hsds(json.dumps(document), countries=countries), **options)


def test_open_referrals_full_service_imports_with_exactly_what_is_not_kept_reported():
    plan = plan_import(
        read_hsds(example("service_full.json"), countries="GB"), create_organisations=True
    )
    assert plan.problems == []
    [outcome] = plan.outcomes
    assert outcome.action == "create"
    assert outcome.not_kept == NOT_KEPT_OF_SERVICE_FULL
    assert plan.new_organisations == ["Example Organization Inc."]

    apply_plan(plan)
    page = HelplinePage.objects.get(external_id="ac148810-d857-441c-9679-408f346de14b")
    phone, email, web = page.get_latest_revision_as_object().channels.all()
    assert (phone.value, phone.extension, phone.languages) == ("+441234234567", "100", "ur")
    assert phone.href == "tel:+441234234567,100"
    # Its only schedule ended in 2005: no hours, rather than every Thursday and Friday.
    assert not phone.has_hours
    assert (email.value, web.value) == ("email@example.com", "http://example.com/counselling")


def test_the_command_reports_what_is_not_kept(tmp_path):
    path = tmp_path / "service_full.json"
    path.write_text(example("service_full.json"), encoding="utf-8")
    report = run(str(path), "--dry-run", "--countries", "gb", "--create-organisations")
    assert "1 to create" in report
    assert "    not kept: schedules › 1: ended on 2005-01-01" in report
    assert report.count("not kept:") == len(NOT_KEPT_OF_SERVICE_FULL)


def test_an_organization_is_read_as_its_services_under_its_name():
    [record] = read_hsds(example("organization_full.json"), countries="GB")
    assert (record.title, record.organisation) == (
        "Community Counselling",
        "Example Organization Inc.",
    )
    assert record.channels[0].value == "+44 1234 234567 ext. 100"


def test_a_service_area_that_is_no_country_needs_the_countries_given():
    [outcome] = plan_import(read_hsds(example("service_full.json"))).outcomes
    assert any(
        problem.column == "service_areas › 1" and "give the countries" in problem.message
        for problem in outcome.problems
    )


@pytest.mark.parametrize(
    "document, named",
    [
        ({"id": "l1", "name": "Drop-in centre", "latitude": 51.5, "longitude": -0.1}, "location"),
        ({"id": "t1", "name": "Counselling", "code": "RP-1400", "taxonomy": "AIRS"}, "term"),
        ({"id": "o1", "name": "Harbour Trust", "services": []}, "organization"),
    ],
)
def test_other_kinds_of_document_are_named_and_refused(document, named):
    with pytest.raises(ImportFileError, match=named):
        read_hsds(json.dumps(document))


def service(**changes):
    """A service from another directory, serving Great Britain, open on weekdays."""
    data = {
        "id": "harbour-1",
        "name": "Harbour Youth Line",
        "description": "Talk to a trained volunteer about anything.",
        "status": "active",
        "organization": {"name": "The Mix"},
        "phones": [{"number": "0808 157 0321", "type": "voice", "languages": [{"code": "en"}]}],
        "schedules": [
            {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "16:00", "closes_at": "23:00"}
        ],
        "service_areas": [{"name": "United Kingdom"}],
    }
    data.update(changes)
    return data


def test_hsds_from_another_directory_creates_helplines(tmp_path):
    document = service(
        id="0b8e8f4e-1111-4a4a-9999-000000000001",
        schedules=[{**service()["schedules"][0], "notes": "Times are local to Europe/London."}],
        attributes=[{"taxonomy_term": {"name": "Loneliness"}}],
        assured_date="2026-11-01",
    )
    report = run(write(tmp_path, json.dumps([document]), name="services.json"))
    assert "1 to create" in report
    page = HelplinePage.objects.get(external_id=document["id"])
    draft = page.get_latest_revision_as_object()
    phone = draft.channels.get()
    assert phone.value == "+448081570321" and len(phone.weekly_hours.windows) == 5
    assert [c.code for c in draft.countries.all()] == ["GB"]


def schedule(**changes):
    return service(schedules=[{**service()["schedules"][0], **changes}])


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"byweekno": "41,42"}, "It runs only in weeks 41,42 of the year."),
        ({"bymonthday": "1,15"}, "It runs only on days 1,15 of the month."),
        ({"freq": "MONTHLY"}, "It repeats monthly, not weekly."),
        ({"interval": 2}, "It repeats every 2 weeks."),
        ({"count": 3}, "It runs only 3 times."),
        ({"byday": "MO,XX"}, "byday “XX” is not a day of the week"),
        ({"closes_at": ""}, "It needs both opens_at and closes_at."),
    ],
)
def test_a_schedule_that_is_not_weekly_is_refused_with_its_reason(changes, reason):
    [outcome] = plan_of(schedule(**changes)).outcomes
    [problem] = outcome.problems
    assert problem.column == "schedules › 1"
    assert problem.message.startswith(reason)
    assert "refused rather than widened to every week" in problem.message


def test_schedules_not_in_force_today_are_left_out_and_said_so():
    document = service(
        schedules=[
            {**service()["schedules"][0], "valid_to": "2020-06-30"},
            {**service()["schedules"][0], "byday": "SA", "valid_from": "2999-01-01"},
            {"freq": "WEEKLY", "byday": "SU", "opens_at": "10:00", "closes_at": "14:00"},
        ]
    )
    [outcome] = plan_of(document).outcomes
    assert outcome.problems == []
    assert outcome.not_kept == [
        "schedules › 1: ended on 2020-06-30",
        "schedules › 2: starts on 2999-01-01; import it then",
    ]
    assert outcome.record.channels[0].hours == "Sun 10:00-14:00"


@pytest.mark.parametrize(
    "offset, areas, zone, noted",
    [
        (1, [{"name": "France"}], "Europe/Paris", False),
        (0, [{"name": "United Kingdom"}], "Europe/London", False),
        (3, [{"name": "United Kingdom"}], "Etc/GMT-3", True),
    ],
)
def test_a_schedules_numeric_time_zone_is_read_through_the_countries(offset, areas, zone, noted):
    document = {**schedule(timezone=offset), "service_areas": areas}
    if areas[0]["name"] == "France":
        document["phones"] = [{"number": "+33 1 45 39 40 00", "type": "voice"}]
    [record] = read_hsds(json.dumps(document))
    assert record.channels[0].timezone == zone
    assert any("does not follow summer time" in place for place in record.not_kept) == noted


def test_a_fractional_offset_no_country_keeps_is_refused():
    [record] = read_hsds(json.dumps(schedule(timezone=5.5)))
    assert "name the zone in the schedule's notes" in record.reading_problems[0].message


def test_terms_from_other_taxonomies_map_through_synonyms_and_never_block():
    terms = [
        {"taxonomy_term": {"name": "Trolling", "taxonomy": "Youth needs"}},
        {"taxonomy_term": {"name": "Food pantry", "taxonomy": "AIRS"}},
        {"taxonomy_term": {"name": "Loneliness"}},
    ]
    [outcome] = plan_of(service(attributes=terms)).outcomes
    assert outcome.problems == []
    assert sorted(topic.slug for topic in outcome.cleaned["topics"]) == [
        "cyberbullying",
        "loneliness",
    ]
    assert outcome.not_kept == [
        "attributes: the term “Food pantry” (AIRS), which no topic is called: add it to a "
        "topic's synonyms to map it"
    ]


def test_phones_of_no_stated_type_are_voice_lines_and_fax_numbers_are_left_out():
    phones = [{"number": "0808 157 0321"}, {"number": "0808 157 0322", "type": "fax"}]
    [record] = read_hsds(json.dumps(service(phones=phones)))
    assert [(c.kind, c.value) for c in record.channels] == [("phone", "0808 157 0321")]
    assert record.not_kept == [
        "phones › 2: a fax number (0808 157 0322), which Waymark does not list"
    ]


def test_a_service_that_is_no_longer_running_is_refused_in_words():
    [outcome] = plan_of(service(status="defunct")).outcomes
    assert [problem.column for problem in outcome.problems] == ["status"]
    assert "active and temporarily closed helplines only" in outcome.problems[0].message


def test_an_extension_in_a_spreadsheet_is_kept_both_ways(tmp_path):
    report = run(write(tmp_path, csv_text({"channel_value": "0808 157 0321 ext. 2"})))
    assert "1 to create" in report
    draft = HelplinePage.objects.get(external_id="harbour-1").get_latest_revision_as_object()
    phone = draft.channels.get()
    assert (phone.value, phone.extension) == ("+448081570321", "2")
    rows = csv.DictReader(io.StringIO(export()))
    [exported] = [row for row in rows if row["title"] == LINE["title"]]
    # The number and its extension ("'" keeps spreadsheets from reading a formula).
    assert exported["channel_value"] == "'+448081570321 ext. 2"
    assert "0 to create, 0 to update" in run(write(tmp_path, export(), name="again.csv"))


def own_hsds_export(client, full):
    """Every service of Waymark's own HSDS export: the default pages, or each in full."""
    listed = client.get("/api/v1/hsds/services?per_page=100").json()["contents"]
    if not full:
        return listed
    return [client.get(f"/api/v1/hsds/services/{item['id']}").json() for item in listed]


@pytest.mark.parametrize("full", [False, True], ids=["default pages", "full services"])
def test_waymarks_own_hsds_export_imports_back_as_nothing_changed(client, full):
    plan = plan_of(own_hsds_export(client, full))
    assert plan.problems == []
    assert [(o.record.external_id, o.changes) for o in plan.outcomes if o.changes] == []
    assert plan.count("unchanged") == len(plan.outcomes) and not plan.changes_anything
    assert [o.not_kept for o in plan.outcomes if o.not_kept] == []


def test_hsds_export_import_then_csv_export_is_byte_identical(client):
    before = export()
    plan = plan_of(own_hsds_export(client, full=True))
    apply_plan(plan)
    assert export() == before


def test_csv_export_import_export_is_byte_identical(tmp_path):
    before = export()
    assert "0 to create, 0 to update" in run(write(tmp_path, before))
    assert export() == before


def test_an_edited_hsds_service_changes_only_what_was_edited(client):
    edited = own_hsds_export(client, full=True)
    samaritans = next(s for s in edited if s["name"] == "Samaritans")
    samaritans["phones"][0]["extension"] = 4
    changed = [o for o in plan_of(edited).outcomes if o.changes]
    assert [o.record.title for o in changed] == ["Samaritans"]
    assert [str(change) for change in changed[0].changes] == [
        "channels (phone 116 123, value): “116 123” → “116 123 ext. 4”"
    ]


def test_importing_what_changes_nothing_makes_no_revision(client):
    revisions = {page.pk: page.latest_revision_id for page in HelplinePage.objects.all()}
    apply_plan(plan_of(own_hsds_export(client, full=True)))
    assert {page.pk: page.latest_revision_id for page in HelplinePage.objects.all()} == revisions


def test_an_extension_and_a_language_tag_come_back_unchanged_through_hsds(client):
    ContactChannel.objects.filter(page__slug="samaritans", kind="phone").update(
        extension="8", languages="en fr-CA"
    )
    CatalogueVersion.bump()
    plan = plan_of(own_hsds_export(client, full=True))
    assert plan.problems == [] and not plan.changes_anything


@pytest.mark.parametrize(
    "changes, column",
    [
        ({"timezone": float("nan")}, "schedules › 1 › timezone"),
        ({"timezone": 1e300}, "schedules › 1 › timezone"),
    ],
)
def test_crafted_schedules_are_explained_not_errors(changes, column):
    [record] = read_hsds(json.dumps(schedule(**changes)))
    assert [problem.column for problem in record.reading_problems] == [column]


def test_a_trailing_comma_in_byday_is_read():
    [record] = read_hsds(json.dumps(schedule(byday="MO,TU,")))
    assert record.reading_problems == [] and record.channels[0].hours == "Mon,Tue 16:00-23:00"


def test_a_service_with_hundreds_of_phones_is_refused_not_worked_through():
    phones = [{"number": f"0808 157 {number:04d}"} for number in range(101)]
    [record] = read_hsds(json.dumps(service(phones=phones)))
    assert [problem.column for problem in record.reading_problems] == ["phones"]


@pytest.mark.parametrize(
    "areas, countries, regions",
    [
        ([{"name": "Wales"}, {"name": "Scotland"}], "GB", "GB-WLS GB-SCT"),
        ([{"name": "California"}], "US", "US-CA"),
        ([{"name": "Parts of Canada", "description": "Parts of Canada: ISO 3166-2 CA-QC."}],)
        + ("CA", "CA-QC"),
        ([{"name": "Ireland"}, {"name": "Ontario"}], "IE CA", "CA-ON"),
    ],
)
def test_service_areas_naming_regions_are_read_as_regions(areas, countries, regions):
    [record] = read_hsds(json.dumps(service(service_areas=areas)))
    assert (record.countries, record.regions) == (countries, regions)
    assert record.not_kept == []
