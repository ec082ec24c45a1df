"""A new helpline in a file that is already listed (the same number, web address or email,
or a near-identical name in a country both serve) is shown beside the listed one, and the
person importing chooses: skip it, link it, or import it anyway."""

import pytest

from resources.applying import apply_plan
from resources.importing import plan_import
from resources.models import HelplinePage
from resources.spreadsheets import read_csv
from tests.test_import import csv_text, run, token_in, upload, write

pytestmark = pytest.mark.django_db

# The Mix is in the demo directory at 0808 808 4994.
SAME_NUMBER = {"channel_value": "0808 808 4994"}


def recheck_token(page):
    return page.split('name="recheck" value="', 1)[1].split('"', 1)[0]


def the_mix():
    return HelplinePage.objects.get(title="The Mix")


def test_a_helpline_already_listed_is_shown_and_skipped_by_default(tmp_path):
    report = run(write(tmp_path, csv_text(SAME_NUMBER)))
    assert "row 2: skip harbour-1" in report
    assert f"looks like “The Mix” (page {the_mix().pk}): the same number, +448088084994" in report
    assert "0 to create" in report and "1 skipped as already listed" in report
    assert not HelplinePage.objects.filter(external_id="harbour-1").exists()


def test_linking_hands_the_listed_helpline_the_files_external_id(tmp_path):
    path = write(tmp_path, csv_text(SAME_NUMBER))
    report = run(path, "--duplicates", "link")
    assert "1 to update" in report
    assert "external_id: “demo-the-mix” → “harbour-1”" in report
    assert "title: “The Mix” → “Harbour Youth Line”" in report
    linked = the_mix()
    assert linked.external_id == "harbour-1"
    assert linked.get_latest_revision_as_object().title == "Harbour Youth Line"
    assert "0 to create, 0 to update, 1 unchanged" in run(path)


def test_importing_anyway_adds_a_second_helpline(tmp_path):
    run(write(tmp_path, csv_text(SAME_NUMBER)), "--duplicates", "import")
    assert HelplinePage.objects.filter(external_id="harbour-1").exists()
    assert HelplinePage.objects.filter(title="The Mix").exists()


@pytest.mark.parametrize(
    "row, looks_like",
    [
        ({"title": "The  Mix!", "channel_value": "0808 157 0999"}, "a name like it in GB"),
        ({"channel_kind": "chat", "channel_value": "https://themix.org.uk/get-support/"}, "web"),
        ({"channel_kind": "email", "channel_value": "Jo@Samaritans.org"}, "email address"),
    ],
)
def test_a_name_web_address_or_email_already_listed_is_found(row, looks_like):
    [outcome] = plan_import(read_csv(csv_text(row))).outcomes
    assert outcome.action == "skip"
    assert looks_like in outcome.duplicates[0].reason


@pytest.mark.parametrize(
    "row",
    [
        # The same name in a country The Mix does not serve.
        {"title": "The Mix", "countries": "IE", "channel_value": "+353 1 234 5678"},
        # 116 123 is Samaritans in the UK and Ireland, and another line elsewhere.
        {"countries": "FR", "channel_value": "116 123"},
    ],
)
def test_the_same_name_or_short_code_in_another_country_is_not_a_duplicate(row):
    [outcome] = plan_import(read_csv(csv_text(row)), otherwise="skip").outcomes
    assert outcome.problems == [] and outcome.duplicates == []
    assert outcome.action == "create"


def test_choices_are_made_row_by_row():
    text = csv_text(SAME_NUMBER, {**SAME_NUMBER, "external_id": "harbour-2", "title": "Two"})
    plan = plan_import(read_csv(text), duplicates={"harbour-2": "import"})
    assert [o.action for o in plan.outcomes] == ["skip", "create"]
    apply_plan(plan)
    assert list(HelplinePage.objects.filter(external_id__startswith="harbour-")) == [
        HelplinePage.objects.get(external_id="harbour-2")
    ]


def test_the_admin_shows_the_listed_helpline_and_applies_the_choice(admin_client):
    preview = upload(admin_client, csv_text(SAME_NUMBER)).content.decode()
    assert "Looks like" in preview and f"/admin/pages/{the_mix().pk}/edit/" in preview
    assert "Skip: already listed" in preview and 'name="duplicate:harbour-1"' in preview
    assert "Nothing to import as things stand" in preview
    token = recheck_token(preview)

    rechecked = admin_client.post(
        "/admin/helplines/import/", {"recheck": token, "duplicate:harbour-1": "import"}
    ).content.decode()
    assert "<strong>1</strong> to create" in rechecked
    assert '<option value="import" selected>' in rechecked

    done = admin_client.post(
        "/admin/helplines/import/",
        {"token": token_in(rechecked), "duplicate:harbour-1": "import"},
        follow=True,
    )
    assert "1 created" in done.content.decode()
    assert HelplinePage.objects.filter(external_id="harbour-1").exists()


def test_an_editor_neither_sees_nor_links_another_organisations_helpline(
    client, organisations, user_with_role
):
    client.force_login(user_with_role("own editor"))
    row = {**SAME_NUMBER, "organisation": organisations[0].name}
    page = upload(client, csv_text(row)).content.decode()
    assert 'name="duplicate:harbour-1"' in page
    # Another organisation's helpline, which may be an unpublished draft, is not named.
    assert "Looks like a helpline of another organisation" in page
    assert "The Mix</a>" not in page and f"/admin/pages/{the_mix().pk}/" not in page
    token = recheck_token(page)
    linked = client.post(
        "/admin/helplines/import/", {"recheck": token, "duplicate:harbour-1": "link"}
    ).content.decode()
    assert "It looks only like helplines of other organisations" in linked
    assert the_mix().external_id == "demo-the-mix"
