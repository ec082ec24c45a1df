"""The API's reference page: its own OpenAPI schema as plain HTML that reads well without
JavaScript and with a screen reader. Swagger UI's interactive console stays at /console."""

import re

from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .api import api


def describe_type(schema):
    """A parameter's type in words: "integer", "one of phone, sms", "list of string"."""
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    if schema.get("type") == "array":
        return "list of " + describe_type(schema.get("items", {})) + " (repeat the parameter)"
    return schema.get("type", "string")


def inline(text):
    """Escaped text with `backticks` as code."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text)))  # noqa: S308


def blocks(text):
    """Markdown-ish description text as ("p", text) and ("ul", items) blocks: paragraphs are
    separated by blank lines, lines starting "* " are list items, `backticks` are code."""
    result = []
    for chunk in text.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and lines[0].startswith("* "):
            items = []
            for line in lines:
                if line.startswith("* "):
                    items.append(line[2:])
                else:
                    items[-1] += " " + line
            result.append(("ul", [inline(item) for item in items]))
        elif lines:
            result.append(("p", inline(" ".join(lines))))
    return result


def reference(request):
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    groups = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": describe_type(parameter.get("schema", {})),
                    "default": parameter.get("schema", {}).get("default", []),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            tag = (operation.get("tags") or ["Other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": blocks(operation.get("description", "")),
                    "parameters": parameters,
                    "responses": sorted(operation.get("responses", {}).items()),
                }
            )
    context = {
        "title": schema["info"]["title"],
        "description": blocks(schema["info"].get("description", "")),
        "groups": groups,
    }
    return render(request, "api/reference.html", context)
