"""The directory as an HSDS 3.0 tabular data package: CSV tables and datapackage.json
(Frictionless Data), zipped, for people who want the whole directory in one download."""

import csv
import io
import json
import zipfile

from django.utils import timezone

from resources import hsds

# Table name -> columns, in the order HSDS lists them.
TABLES = {
    "organizations": ["id", "name", "description", "website"],
    "services": [
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "fees_description",
        "eligibility_description",
        "assured_date",
        "alert",
        "last_modified",
    ],
    "phones": ["id", "service_id", "number", "type", "description"],
    "schedules": [
        "id",
        "service_id",
        "freq",
        "byday",
        "opens_at",
        "closes_at",
        "description",
        "notes",
    ],
    "languages": ["id", "service_id", "phone_id", "name", "code"],
    "service_areas": ["id", "service_id", "name", "description"],
    "taxonomies": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms": [
        "id",
        "code",
        "name",
        "description",
        "taxonomy",
        "taxonomy_id",
        "language",
        "term_uri",
    ],
    "attributes": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id"],
}


def tables(request, services, organisations, topics):
    """Rows for every table, from fully nested services."""
    rows = {name: [] for name in TABLES}
    rows["organizations"] = [hsds.organization(request, org) for org in organisations]
    rows["taxonomies"] = [hsds.taxonomy(request)]
    rows["taxonomy_terms"] = [hsds.taxonomy_term(request, topic) for topic in topics]
    for page in services:
        service = hsds.service(request, page)
        rows["services"].append(service)
        rows["schedules"] += service["schedules"]
        rows["languages"] += service["languages"]
        rows["service_areas"] += service["service_areas"]
        rows["attributes"] += service["attributes"]
        for phone in service["phones"]:
            rows["phones"].append(phone)
            rows["languages"] += phone["languages"]
    return rows


def descriptor(request):
    return {
        "profile": "tabular-data-package",
        "name": "waymark-hsds",
        "title": "Waymark helpline directory (HSDS 3.0)",
        "homepage": request.build_absolute_uri("/"),
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": column, "type": "string"} for column in columns],
                    "primaryKey": "id",
                },
            }
            for name, columns in TABLES.items()
        ],
    }


def build(request, services, organisations, topics):
    """The zipped data package, as bytes."""
    rows = tables(request, services, organisations, topics)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("datapackage.json", json.dumps(descriptor(request), indent=2))
        for name, columns in TABLES.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows[name])
            package.writestr(f"{name}.csv", text.getvalue())
    return buffer.getvalue()
