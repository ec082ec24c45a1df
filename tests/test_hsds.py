"""Open data in HSDS 3.0: the API endpoints and the data package, checked against the
specification's own schemas the way the specification checks its examples."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from django.core.cache import cache

import pytest

from core.models import CatalogueVersion
from resources import hsds
from resources.models import ContactChannel, HelplinePage, Topic

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent.parent / "resources" / "standards" / "hsds-3.0"
BIN = Path(sys.executable).parent
HSDS = "/api/v1/hsds"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture(scope="module")
def tightened(tmp_path_factory):
    """The compiled schemas with additionalProperties false everywhere."""
    folder = tmp_path_factory.mktemp("hsds")
    for name in ("service", "organization"):
        compiled = subprocess.run(
            [
                BIN / "compiletojsonschema",
                "--set-additional-properties-false-everywhere",
                SCHEMAS / f"{name}.json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        (folder / f"{name}.json").write_text(compiled.stdout)
    return folder


def check(schema, documents, folder):
    """Validate documents with check-jsonschema; returns its report on failure."""
    paths = []
    for number, document in enumerate(documents):
        path = folder / f"document-{number}.json"
        path.write_text(json.dumps(document))
        paths.append(str(path))
    result = subprocess.run(
        [BIN / "check-jsonschema", "--schemafile", schema, *paths],
        capture_output=True,
        text=True,
    )
    return result.returncode, result.stdout + result.stderr


def all_pages(client, path, **params):
    contents, page = [], 1
    while True:
        body = client.get(f"{HSDS}{path}", {**params, "page": page, "per_page": 100}).json()
        contents += body["contents"]
        if body["last_page"]:
            return contents
        page += 1


def test_every_exported_service_validates_against_hsds(client, tightened, tmp_path):
    # An extension and a language tag with a country are exported in HSDS's own fields.
    ContactChannel.objects.filter(page__slug="samaritans", kind="phone").update(
        extension="8", languages="en fr-CA"
    )
    CatalogueVersion.bump()
    services = all_pages(client, "/services", full="true")
    samaritans = next(service for service in services if service["name"] == "Samaritans")
    phone = next(phone for phone in samaritans["phones"] if phone.get("extension"))
    assert phone["extension"] == 8
    assert "fr-CA" in {language["code"] for language in phone["languages"]}
    assert len(services) == HelplinePage.objects.live().count()
    code, report = check(tightened / "service.json", services, tmp_path)
    assert code == 0, report
    # The check is strict: a field HSDS does not define is refused.
    services[0]["waymark_extra"] = True
    code, _ = check(tightened / "service.json", services[:1], tmp_path)
    assert code != 0


def test_every_organization_validates_against_hsds(client, tightened, tmp_path):
    organizations = all_pages(client, "/organizations")
    detailed = [client.get(f"{HSDS}/organizations/{org['id']}").json() for org in organizations]
    code, report = check(tightened / "organization.json", detailed, tmp_path)
    assert code == 0, report


def test_a_service_in_full(client):
    samaritans = HelplinePage.objects.get(slug="samaritans")
    service = client.get(f"{HSDS}/services/{hsds.entity_id('helpline', samaritans.pk)}").json()
    assert service["name"] == "Samaritans" and service["status"] == "active"
    assert service["assured_date"] == samaritans.last_verified_on.isoformat()
    assert {"voice"} <= {phone["type"] for phone in service["phones"]}
    always = [s for s in service["schedules"] if "24 hours" in s["description"]]
    assert always and always[0]["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert {"United Kingdom", "Ireland"} & {area["name"] for area in service["service_areas"]}
    assert "en" in {language["code"] for language in service["languages"]}


def test_services_filter_by_topic_and_organisation(client):
    topic = Topic.objects.get(slug="cyberbullying")
    term = hsds.entity_id("topic", topic.pk)
    services = all_pages(client, "/services", taxonomy_term_id=term, full="true")
    assert services and all(
        term in [attribute["taxonomy_term_id"] for attribute in service["attributes"]]
        for service in services
    )
    response = client.get(f"{HSDS}/services", {"taxonomy_term_id": "not-a-uuid"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "taxonomy_term_id"


def test_unknown_service_is_a_404(client):
    assert client.get(f"{HSDS}/services/{hsds.entity_id('helpline', 987654)}").status_code == 404
    assert client.get(f"{HSDS}/services/nonsense").status_code == 404


def test_identifiers_are_stable_and_lead_back(client):
    first = all_pages(client, "/services")
    cache.clear()
    assert [service["id"] for service in all_pages(client, "/services")] == [
        service["id"] for service in first
    ]
    for service in first:
        assert HelplinePage.objects.filter(pk=hsds.entity_pk("helpline", service["id"])).exists()


def test_taxonomy_terms_are_our_topics(client):
    terms = all_pages(client, "/taxonomy_terms")
    assert {term["code"] for term in terms} == set(Topic.objects.values_list("slug", flat=True))
    taxonomy = client.get(f"{HSDS}/taxonomies/{hsds.TAXONOMY_ID}").json()
    assert taxonomy["name"] == "Waymark topics"
    root = client.get(f"{HSDS}/").json()
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/api/v1/openapi.json")


def test_data_package_holds_the_whole_directory(client):
    response = client.get(f"{HSDS}/datapackage.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.content))
    descriptor = json.loads(package.read("datapackage.json"))
    assert descriptor["profile"] == "tabular-data-package"
    for resource in descriptor["resources"]:
        rows = list(csv.DictReader(io.StringIO(package.read(resource["path"]).decode())))
        assert list(rows[0]) == [field["name"] for field in resource["schema"]["fields"]]
    services = list(csv.DictReader(io.StringIO(package.read("services.csv").decode())))
    assert len(services) == HelplinePage.objects.live().count()
    phones = list(csv.DictReader(io.StringIO(package.read("phones.csv").decode())))
    service_ids = {service["id"] for service in services}
    assert phones and all(phone["service_id"] in service_ids for phone in phones)
