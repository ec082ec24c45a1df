"""Bulk import and export of helplines: CSV both ways, HSDS 3.0 JSON in."""

import csv
import io
from datetime import timedelta

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from wagtail.models import ReferenceIndex

import pytest

from resources.applying import apply_plan
from resources.hours_text import format_hours_text
from resources.import_jobs import import_task
from resources.importing import plan_import
from resources.models import Country, HelplinePage, Organisation, PendingImport
from resources.records import COLUMNS
from resources.spreadsheets import read_csv

pytestmark = pytest.mark.django_db

LINE = {
    "external_id": "harbour-1",
    "title": "Harbour Youth Line",
    "organisation": "The Mix",
    "summary": "Talk to a trained volunteer about anything.",
    "countries": "GB",
    "regions": "",
    "audiences": "young-people",
    "topics": "Loneliness; Cyberbullying",
    "status": "active",
    "status_note": "",
    "confidentiality": "",
    "last_verified_on": "2026-11-01",
    "review_interval_days": "90",
    "channel_kind": "phone",
    "channel_value": "0808 157 0321",
    "channel_label": "",
    "channel_keyword": "",
    "channel_timezone": "Europe/London",
    "channel_hours": "Mon-Fri 16:00-23:00; Sat-Sun 12:00-02:00",
    "channel_languages": "en",
    "channel_cost": "Free",
    "channel_notes": "",
}


def csv_text(*rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**LINE, **row})
    return out.getvalue()


def run(*args):
    out = io.StringIO()
    call_command("import_helplines", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="helplines.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def export():
    out = io.StringIO()
    call_command("export_helplines", stdout=out)
    return out.getvalue()


def test_a_valid_file_creates_drafts_with_every_detail(tmp_path):
    text = csv_text(
        {},
        {"channel_kind": "sms", "channel_value": "60123", "channel_hours": "24/7"},
    )
    report = run(write(tmp_path, text))
    assert "1 to create" in report and "saved as drafts" in report
    page = HelplinePage.objects.get(external_id="harbour-1")
    assert not page.live and page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.organisation.name == "The Mix" and draft.review_interval_days == 90
    assert [c.kind for c in draft.channels.all()] == ["phone", "sms"]
    phone = draft.channels.all()[0]
    assert phone.value == "+448081570321"
    assert phone.weekly_hours.is_valid() and len(phone.weekly_hours.windows) == 7
    assert sorted(t.name for t in draft.topics.all()) == ["Cyberbullying", "Loneliness"]


def test_publish_makes_them_live(tmp_path):
    run(write(tmp_path, csv_text({})), "--publish")
    assert HelplinePage.objects.get(external_id="harbour-1").live


def test_importing_again_changes_nothing(tmp_path):
    path = write(tmp_path, csv_text({}))
    run(path)
    revisions = HelplinePage.objects.get(external_id="harbour-1").revisions.count()
    report = run(path)
    assert "0 to create, 0 to update, 1 unchanged" in report
    assert HelplinePage.objects.filter(external_id="harbour-1").count() == 1
    assert HelplinePage.objects.get(external_id="harbour-1").revisions.count() == revisions


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({"channel_value": "0800 11"}, "channel_value", "is not a valid phone number for GB"),
        ({"channel_timezone": "Europe/Londn"}, "channel_timezone", "Did you mean “Europe/London”"),
        ({"countries": "XX"}, "countries", "not an ISO 3166-1 country code"),
        ({"countries": "United Kingdom"}, "countries", "use the two-letter code GB"),
        ({"channel_languages": "english"}, "channel_languages", "For english, use en"),
        (
            {"channel_hours": "Mon 09:00-17:00; Mon 16:00-20:00"},
            "channel_hours",
            "overlaps",
        ),
        ({"channel_hours": "Weekdays 9-5"}, "channel_hours", "is not a time"),
        ({"topics": "Cyberbulling"}, "topics", "Did you mean “Cyberbullying”"),
        ({"organisation": "The Mixx"}, "organisation", "Did you mean “The Mix”"),
        ({"audiences": "teenagers"}, "audiences", "There is no audience"),
        ({"last_verified_on": "01/11/2026"}, "last_verified_on", "is not a date"),
        ({"channel_kind": "fax"}, "channel_kind", "is not a kind of channel"),
        ({"external_id": ""}, "external_id", "Give every helpline an external id"),
    ],
)
def test_the_dry_run_explains_every_problem(tmp_path, row, column, message):
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(write(tmp_path, csv_text(row)), "--dry-run")
    plan = plan_import(read_csv(csv_text(row)))
    problems = [p for p in plan.problems if p.column == column]
    assert problems and message in problems[0].message and problems[0].row == 2
    assert not HelplinePage.objects.filter(title="Harbour Youth Line").exists()


def test_one_bad_row_stops_the_whole_import(tmp_path):
    text = csv_text(
        {},
        {"external_id": "harbour-2", "title": "Second line"},
        {"external_id": "harbour-3", "title": "Third line", "channel_value": "12"},
    )
    with pytest.raises(CommandError):
        run(write(tmp_path, text))
    assert not HelplinePage.objects.filter(external_id__startswith="harbour").exists()


def test_a_failure_while_applying_rolls_everything_back(django_user_model):
    """If the database refuses one helpline half way, the ones before it are undone too."""
    plan = plan_import(read_csv(csv_text({}, {"external_id": "harbour-2", "title": "Second line"})))
    assert plan.is_valid
    # Another editor takes the second external id between the check and the import.
    taken = HelplinePage.objects.live().get(slug="samaritans")
    HelplinePage.objects.filter(pk=taken.pk).update(external_id="harbour-2")
    with pytest.raises(IntegrityError):
        apply_plan(plan)
    assert not HelplinePage.objects.filter(external_id="harbour-1").exists()


def test_rows_of_one_helpline_must_agree(tmp_path):
    text = csv_text(
        {}, {"title": "Harbour Line", "channel_kind": "email", "channel_value": "a@b.org"}
    )
    plan = plan_import(read_csv(text))
    assert any("differs from row 2" in p.message for p in plan.problems)


def test_files_that_are_not_the_format_are_refused(tmp_path):
    with pytest.raises(CommandError, match="missing these columns"):
        run(write(tmp_path, "name,phone\nA,1\n"))
    with pytest.raises(CommandError, match="not valid JSON"):
        run(write(tmp_path, "{nope", name="x.json"))
    with pytest.raises(CommandError, match="no helplines"):
        run(write(tmp_path, csv_text()))


def test_export_edit_import_changes_exactly_what_was_edited(tmp_path):
    exported = export()
    rows = list(csv.DictReader(io.StringIO(exported)))
    untouched = len({row["external_id"] for row in rows})
    samaritans = [row for row in rows if row["title"] == "Samaritans"]
    samaritans[0]["channel_cost"] = "Free from mobiles and landlines"
    for row in samaritans:
        row["summary"] = "Someone to talk to, day or night."
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)

    report = run(write(tmp_path, out.getvalue()))
    assert f"0 to create, 1 to update, {untouched - 1} unchanged" in report
    assert "(summary, channels)" in report
    draft = HelplinePage.objects.get(slug="samaritans").get_latest_revision_as_object()
    assert draft.summary == "Someone to talk to, day or night."
    assert draft.channels.all()[0].cost == "Free from mobiles and landlines"
    # Exporting again gives back the edited file exactly.
    assert list(csv.DictReader(io.StringIO(export()))) == rows


def upload(client, text, name="helplines.csv", **extra):
    file = io.BytesIO(text.encode())
    file.name = name
    return client.post("/admin/helplines/import/", {"file": file, **extra})


def test_the_admin_previews_then_imports(admin_client):
    preview = upload(admin_client, csv_text({}))
    page = preview.content.decode()
    assert "Harbour Youth Line" in page and "Create" in page
    assert not HelplinePage.objects.filter(external_id="harbour-1").exists()
    # Another worker takes the confirmation: nothing may depend on a per-process cache.
    cache.clear()
    done = admin_client.post("/admin/helplines/import/", {"token": token_in(page)})
    assert done.status_code == 302
    assert HelplinePage.objects.filter(external_id="harbour-1", live=False).exists()
    again = admin_client.post("/admin/helplines/import/", {"token": token_in(page)}, follow=True)
    assert "expired" in again.content.decode()
    assert HelplinePage.objects.filter(external_id="harbour-1").count() == 1


def token_in(page):
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]


def test_an_upload_waits_half_an_hour_for_the_person_who_sent_it(
    admin_client, client, django_user_model
):
    token = token_in(upload(admin_client, csv_text({})).content.decode())
    someone_else = django_user_model.objects.create_superuser("other", "o@example.org", "pw")
    client.force_login(someone_else)
    refused = client.post("/admin/helplines/import/", {"token": token}, follow=True)
    assert "expired" in refused.content.decode()
    PendingImport.objects.update(uploaded_at=timezone.now() - timedelta(minutes=31))
    late = admin_client.post("/admin/helplines/import/", {"token": token}, follow=True)
    assert "expired" in late.content.decode()
    assert not HelplinePage.objects.filter(external_id="harbour-1").exists()


def test_the_admin_preview_shows_problems_and_offers_no_import(admin_client):
    page = upload(admin_client, csv_text({"channel_value": "0800 11"})).content.decode()
    assert "is not a valid phone number for GB" in page and 'name="token"' not in page


def test_editors_import_only_for_their_organisation(client, organisations, user_with_role):
    client.force_login(user_with_role("own editor"))
    page = upload(client, csv_text({})).content.decode()
    assert "only import helplines for your own organisations" in page
    own = upload(client, csv_text({"organisation": organisations[0].name})).content.decode()
    assert 'name="token"' in own
    assert 'name="publish"' not in client.get("/admin/helplines/import/").content.decode()
    exported = client.get("/admin/helplines/export/").content.decode()
    assert exported.splitlines()[0].startswith("external_id,") and "Samaritans" not in exported


def test_clinical_reviewers_cannot_import(client, user_with_role):
    client.force_login(user_with_role("clinical reviewer"))
    assert client.get("/admin/helplines/import/").status_code != 200
    assert upload(client, csv_text({})).status_code != 200


def test_a_form_sent_back_sums_up_its_mistakes_above_it(admin_client):
    response = admin_client.post("/admin/helplines/import/", {})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "There is a problem" in summary and 'href="#id_file"' in summary
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_file_helptext id_file_error"' in page


@pytest.mark.parametrize(
    ("row", "timezone", "hours"),
    [
        ({"channel_hours": "Mon–Sat 10:00-20:00"}, "Europe/London", "Mon-Sat 10:00-20:00"),
        (
            {"channel_hours": "Monday to Saturday 10am-8pm"},
            "Europe/London",
            "Mon-Sat 10:00-20:00",
        ),
        (
            {
                "channel_hours": "Weekdays 9am-5pm CET",
                "channel_timezone": "",
                "countries": "ES",
                "channel_value": "+34 914 590 050",
            },
            "Europe/Madrid",
            "Mon-Fri 09:00-17:00",
        ),
        (
            {
                "channel_hours": "Daily 9am-5pm EST",
                "channel_timezone": "",
                "countries": "US",
                "channel_value": "988",
            },
            "America/New_York",
            "Mon-Sun 09:00-17:00",
        ),
        (
            {
                "channel_hours": "Daily 10:00-22:00",
                "channel_timezone": "",
                "countries": "FR",
                "channel_value": "+33 1 45 39 40 00",
            },
            "Europe/Paris",
            "Mon-Sun 10:00-22:00",
        ),
    ],
)
def test_hours_are_stored_whole_in_the_zone_they_were_written_in(row, timezone, hours):
    # 988 is already listed (the 988 Lifeline): imported as a new helpline all the same.
    plan = plan_import(read_csv(csv_text(row)), otherwise="import")
    assert plan.is_valid, plan.problems
    apply_plan(plan)
    channel = HelplinePage.objects.get(external_id="harbour-1").get_latest_revision_as_object()
    phone = channel.channels.all()[0]
    assert phone.timezone == timezone
    assert format_hours_text(phone.weekly_hours) == hours


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"channel_hours": "Mon-Fri 9am-5pm JST"}, "Europe/London goes by BST and GMT"),
        (
            {"channel_hours": "Mon-Fri 9am-5pm", "channel_timezone": "", "countries": "US"},
            "say which one the hours are in",
        ),
        (
            {"channel_hours": "Mon-Fri 9am-5pm JST", "channel_timezone": "", "countries": "GB"},
            "“JST” is not the time in any country this helpline serves",
        ),
    ],
)
def test_a_zone_that_does_not_fit_is_refused_not_guessed(row, message):
    plan = plan_import(read_csv(csv_text(row)))
    assert any(message in p.message for p in plan.problems), plan.problems


def test_a_run_with_nothing_to_do_says_so(tmp_path):
    path = write(tmp_path, csv_text({}))
    run(path)
    report = run(path)
    assert "Nothing to do: the directory already says this." in report
    assert "Imported" not in report


def test_the_dry_run_shows_each_change_old_and_new(tmp_path):
    run(write(tmp_path, csv_text({})))
    edited = csv_text(
        {
            "summary": "Talk to a volunteer.",
            "channel_hours": "Mon-Fri 16:00-22:00; Sat-Sun 12:00-02:00",
        }
    )
    report = run(write(tmp_path, edited, "edited.csv"), "--dry-run")
    assert "update harbour-1 (summary, channels)" in report
    assert (
        "summary: “Talk to a trained volunteer about anything.” → “Talk to a volunteer.”" in report
    )
    assert (
        "channels (phone +448081570321, hours): “Mon-Fri 16:00-23:00; Sat-Sun 12:00-02:00” → "
        "“Mon-Fri 16:00-22:00; Sat-Sun 12:00-02:00”" in report
    )


def test_the_admin_preview_offers_no_import_when_nothing_would_change(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resources.spreadsheets import read_csv as read

    apply_plan(plan_import(read(csv_text({}))))
    upload = SimpleUploadedFile("same.csv", csv_text({}).encode(), content_type="text/csv")
    page = admin_client.post("/admin/helplines/import/", {"file": upload}).content.decode()
    assert "Nothing to import" in page and 'name="token"' not in page


def test_organisations_named_in_the_file_are_added_when_asked(tmp_path):
    path = write(tmp_path, csv_text({"organisation": "Harbour Trust"}))
    with pytest.raises(CommandError):
        run(path)
    report = run(path, "--create-organisations", "--dry-run")
    assert "New organisations: Harbour Trust." in report
    assert not Organisation.objects.filter(name="Harbour Trust").exists()

    run(path, "--create-organisations")
    trust = Organisation.objects.get(name="Harbour Trust")
    assert trust.editors is not None and trust.collection is not None
    page = HelplinePage.objects.get(external_id="harbour-1").get_latest_revision_as_object()
    assert page.organisation == trust


def test_two_rows_naming_a_new_organisation_add_it_once(tmp_path):
    second = {"external_id": "harbour-2", "title": "Harbour Night Line"}
    text = csv_text({"organisation": "Harbour Trust"}, {**second, "organisation": "harbour trust"})
    run(write(tmp_path, text), "--create-organisations")
    assert Organisation.objects.filter(name__iexact="harbour trust").count() == 1


def test_only_those_who_manage_every_organisation_may_add_one(user_with_role):
    editor = user_with_role("own editor")
    plan = plan_import(
        read_csv(csv_text({"organisation": "Harbour Trust"})),
        user=editor,
        create_organisations=True,
    )
    messages = [p.message for p in plan.problems if p.column == "organisation"]
    assert any("only those who manage every organisation may add one" in m for m in messages)


IN_GERMANY = {
    "title": "Harbour Seelsorge",
    "countries": "DE",
    "channel_value": "0800 111 0 111",
    "channel_timezone": "Europe/Berlin",
}


def test_countries_named_in_the_file_are_added_with_the_emergency_numbers_given(tmp_path, client):
    path = write(tmp_path, csv_text(IN_GERMANY))
    refused = plan_import(read_csv(csv_text(IN_GERMANY)))
    assert "by giving its emergency number (DE=…)" in refused.problems[0].message
    report = run(path, "--new-countries", "de=112", "--dry-run")
    assert "New countries: Germany (DE), emergency number 112." in report
    assert not Country.objects.filter(code="DE").exists()

    run(path, "--new-countries", "DE=112", "--publish")
    germany = Country.objects.get(code="DE")
    assert germany.name == "Germany"
    assert [n.number for n in germany.emergency_numbers.all()] == ["112"]
    panel = client.get("/search/", {"q": "i want to kill myself", "country": "DE"})
    assert 'href="tel:112"' in panel.content.decode()


@pytest.mark.parametrize(
    "given, message",
    [
        ("XX=112", "“XX” is not an ISO 3166-1 two-letter country code"),
        ("DE", "Give DE's emergency number after “=”, such as DE=911."),
        ("DE=11a", "“11a” is not an emergency number"),
        ("DE=112,", "“” is not an emergency number"),
        ("GB=999", "GB listed already"),
    ],
)
def test_new_countries_given_wrongly_are_refused_and_nothing_changes(tmp_path, given, message):
    path = write(tmp_path, csv_text(IN_GERMANY))
    with pytest.raises(CommandError, match=message):
        run(path, "--new-countries", given)
    assert not Country.objects.filter(code__in=["DE", "XX"]).exists()
    assert not HelplinePage.objects.filter(external_id="harbour-1").exists()


def test_the_admin_form_names_a_wrong_emergency_number(admin_client):
    response = upload(admin_client, csv_text(IN_GERMANY), new_countries="DE=11a")
    assert response.status_code == 400
    assert "“11a” is not an emergency number" in response.content.decode()
    assert not PendingImport.objects.exists() and not Country.objects.filter(code="DE").exists()


def test_only_administrators_may_add_countries(admin_client, client, user_with_role):
    moderator = user_with_role("moderator")
    plan = plan_import(
        read_csv(csv_text(IN_GERMANY)), user=moderator, new_countries={"DE": ["112"]}
    )
    assert [p.message for p in plan.problems] == ["Only administrators can add countries."]

    preview = upload(admin_client, csv_text(IN_GERMANY), new_countries="DE=112").content.decode()
    assert "New countries to add: Germany (DE), emergency number 112." in preview
    assert not Country.objects.filter(code="DE").exists()
    admin_client.post("/admin/helplines/import/", {"token": token_in(preview)}, follow=True)
    assert Country.objects.get(code="DE").emergency_numbers.get().number == "112"

    client.force_login(moderator)
    assert 'name="new_countries"' not in client.get("/admin/helplines/import/").content.decode()


def test_language_tags_are_kept_shown_by_name_and_found_by_language(tmp_path, client):
    row = {"channel_languages": "fr_CA, fil, eng", "channel_value": "0808 157 0321"}
    report = run(write(tmp_path, csv_text(row)), "--publish")
    assert "1 to create" in report
    page = HelplinePage.objects.get(external_id="harbour-1")
    assert page.channels.get().languages == "fr-CA fil en"
    html = client.get(page.url).content.decode()
    assert "French (Canada)" in html and "Filipino" in html
    for language in ("fr", "fil"):
        found = client.get("/search/", {"language": language, "type": "helpline"})
        assert "Harbour Youth Line" in found.content.decode(), language


def confirmed(client, text, **extra):
    """Upload `text`, confirm the preview, and follow to the import's status page."""
    preview = upload(client, text, **extra).content.decode()
    return client.post("/admin/helplines/import/", {"token": token_in(preview)}, follow=True)


def test_a_confirmed_import_shows_its_outcome_on_its_own_page(admin_client):
    status = confirmed(admin_client, csv_text({}))
    job = PendingImport.objects.get()
    assert status.redirect_chain[-1][0] == f"/admin/helplines/import/{job.token}/"
    html = status.content.decode()
    assert "Imported helplines.csv: 1 created, 0 updated, 0 unchanged" in html
    assert job.status == PendingImport.Status.DONE and bytes(job.data) == b""
    assert admin_client.get(f"/admin/helplines/import/{job.token}/?format=json").json() == {
        "status": "done",
        "done": 0,
        "total": 0,
        "finished": True,
    }


def test_an_import_waits_for_the_task_worker_then_runs(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    html = confirmed(admin_client, csv_text({})).content.decode()
    assert "Waiting to start" in html and "<progress" in html
    assert not HelplinePage.objects.filter(external_id="harbour-1").exists()
    job = PendingImport.objects.get()
    import_task.call(job.pk)
    job.refresh_from_db()
    assert job.status == PendingImport.Status.DONE
    assert HelplinePage.objects.filter(external_id="harbour-1").exists()
    # Run twice (a worker retrying), it does nothing more.
    import_task.call(job.pk)
    assert HelplinePage.objects.filter(external_id="harbour-1").count() == 1


def test_an_import_that_no_longer_fits_when_it_starts_fails_in_words(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    confirmed(admin_client, csv_text({}))
    job = PendingImport.objects.get()
    Organisation.objects.filter(name="The Mix").update(name="The Mix (renamed)")
    import_task.call(job.pk)
    page = admin_client.get(f"/admin/helplines/import/{job.token}/").content.decode()
    assert "no longer fits: nothing was imported" in page
    assert not HelplinePage.objects.filter(external_id="harbour-1").exists()


def test_only_the_person_who_imported_sees_its_progress(admin_client, client, django_user_model):
    confirmed(admin_client, csv_text({}))
    someone_else = django_user_model.objects.create_superuser("other", "o@example.org", "pw")
    client.force_login(someone_else)
    token = PendingImport.objects.get().token
    assert client.get(f"/admin/helplines/import/{token}/").status_code == 404


def test_columns_waymark_does_not_read_are_reported_as_not_kept(tmp_path):
    text = csv_text({}).splitlines()
    text[0] += ",internal_notes,"
    text[1] += ",call back Tuesday,x"
    report = run(write(tmp_path, "\n".join(text)), "--dry-run")
    assert "1 to create" in report
    assert "    not kept: row 2 › internal_notes" in report
    assert "    not kept: row 2 › a column with no name" in report


def test_an_import_leaves_the_reference_index_as_an_editors_save_would(tmp_path):
    run(write(tmp_path, csv_text({})))
    page = HelplinePage.objects.get(external_id="harbour-1")
    imported = set(
        ReferenceIndex.get_references_for_object(page).values_list(
            "to_content_type", "to_object_id", "model_path"
        )
    )
    ReferenceIndex.create_or_update_for_object(page)
    rebuilt = set(
        ReferenceIndex.get_references_for_object(page).values_list(
            "to_content_type", "to_object_id", "model_path"
        )
    )
    assert imported == rebuilt
    assert {path for _, _, path in imported} == {"organisation", "tagged_items.item.tag"}
