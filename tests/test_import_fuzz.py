"""Import files come from anywhere. Whatever they hold, reading and planning an import ends
in a plan whose problems say what is wrong, or in a clear refusal of the whole file: never
a traceback, never a server error. Hypothesis fuzzes both readers (more examples with
CI=true); the cases the security review found come first."""

import csv
import io
import json
import os

from django.db import transaction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.applying import apply_plan
from resources.import_views import read_upload
from resources.importing import plan_import
from resources.models import HelplinePage
from resources.records import COLUMNS, ImportFileError
from tests.test_import import LINE, csv_text

pytestmark = pytest.mark.django_db

EXAMPLES = 400 if os.environ.get("CI") == "true" else 60
SERVICE = {
    "id": "svc-1",
    "name": "Harbour Youth Line",
    "status": "active",
    "description": "Talk to a trained volunteer about anything.",
    "organization": {"id": "org-1", "name": "The Mix", "description": "Support for under 25s."},
    "service_areas": [{"id": "sa-1", "name": "United Kingdom"}],
    "phones": [{"number": "0808 157 0321", "type": "voice", "languages": [{"code": "en"}]}],
}


def outcome(name, data):
    """What an editor sees: the refusal's message, or the plan's problems."""
    try:
        records = read_upload(name, data)
    except ImportFileError as error:
        return str(error)
    plan = plan_import(records)
    if plan.is_valid:
        with transaction.atomic():
            apply_plan(plan)
            transaction.set_rollback(True)
    return [str(problem) for problem in plan.problems]


def deep(levels):
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"organization": "The Mix"}, "organization"),
        ({"service_areas": "United Kingdom"}, "service_areas"),
        ({"languages": ["en", "fr"]}, "languages"),
        ({"phones": ["0808 157 0321"]}, "phones"),
        ({"attributes": "cyberbullying"}, "attributes"),
        ({"name": 42}, "name"),
        ({"phones": [{"id": "ph-1", "number": {"digits": "0808"}}]}, "number"),
    ],
)
def test_hsds_fields_of_the_wrong_type_are_problems_of_their_service(change, expected):
    problems = outcome("services.json", json.dumps([{**SERVICE, **change}]).encode())
    assert isinstance(problems, list) and problems
    assert any(expected in problem for problem in problems), problems
    assert not HelplinePage.objects.filter(title=SERVICE["name"]).exists()


def test_a_well_formed_service_beside_a_broken_one_is_not_imported_either():
    data = json.dumps([SERVICE, {**SERVICE, "id": "svc-2", "phones": "none"}]).encode()
    problems = outcome("services.json", data)
    assert problems and all("row 2" in problem for problem in problems)


@pytest.mark.parametrize("levels", [100, 5_000, 200_000])
def test_deeply_nested_json_is_refused_with_a_message(levels):
    message = outcome("services.json", deep(levels).encode())
    assert isinstance(message, str) and message


def test_deep_json_inside_a_service_is_refused_with_a_message():
    data = '[{"id": "a", "name": "b", "status": "active", "x-extra": ' + deep(50_000) + "}]"
    assert isinstance(outcome("services.json", data.encode()), str)


def test_a_csv_cell_over_128_kb_is_a_clear_refusal():
    message = outcome("helplines.csv", csv_text({"summary": "x" * 200_000}).encode())
    assert isinstance(message, str) and "Line 2 " in message and "128 KB" in message


def test_bare_carriage_return_line_endings_are_read_like_any_other():
    text = csv_text({}).replace("\r\n", "\r")
    assert outcome("helplines.csv", text.encode()) == []


# Fuzzing --------------------------------------------------------------------------------

HSDS_KEYS = sorted(
    {*SERVICE, "description", "url", "email", "assured_date", "alert", "languages"}
    | {"attributes", "taxonomy_term", "schedules", "byday", "opens_at", "closes_at", "notes"}
    | {"code", "number", "type", "description", "contents"}
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["GB", "en", "MO,TU", "09:00", "24/7", "+44 808 808 4994", "active"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(HSDS_KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=30,
)
services = st.builds(
    lambda base, changes: {**base, **changes},
    st.just(SERVICE) | st.just({}),
    st.dictionaries(st.sampled_from(HSDS_KEYS), json_values, max_size=6),
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(st.lists(services, max_size=3) | json_values)
def test_any_json_gives_problems_or_a_refusal(document):
    result = outcome("services.json", json.dumps(document).encode())
    assert isinstance(result, (str, list))


@FUZZ
@given(st.binary(max_size=600))
def test_any_bytes_give_problems_or_a_refusal(data):
    for name in ("helplines.csv", "services.json"):
        assert isinstance(outcome(name, data), (str, list))


cells = st.text(max_size=40) | st.sampled_from(["\r", "\n", '"', "'=1+1", "\x00", ",", "\u202e"])


@FUZZ
@given(st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(COLUMNS, cells)), max_size=4))
def test_any_spreadsheet_gives_problems_or_a_refusal(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**LINE, **row})
    for newline in ("\r\n", "\n", "\r"):
        data = out.getvalue().replace("\r\n", newline).encode()
        assert isinstance(outcome("helplines.csv", data), (str, list))


@pytest.mark.parametrize(
    "name, data, shown",
    [
        ("services.json", deep(200_000), "too deeply"),
        ("services.json", json.dumps([{**SERVICE, "organization": "x"}]), "must be an object"),
        ("helplines.csv", csv_text({"summary": "x" * 200_000}), "at most 128 KB"),
        ("helplines.csv", csv_text({}).replace("\r\n", "\r"), "harbour-1"),
    ],
)
def test_the_admin_upload_answers_every_broken_file_with_its_reasons(
    admin_client, name, data, shown
):
    file = io.BytesIO(data.encode())
    file.name = name
    response = admin_client.post("/admin/helplines/import/", {"file": file})
    assert response.status_code in (200, 400)
    assert shown in response.content.decode()
