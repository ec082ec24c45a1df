"""Errors as RFC 9457 problem details (application/problem+json)."""

from http import HTTPStatus

from django.http import JsonResponse

from ninja import Schema

CONTENT_TYPE = "application/problem+json"


class ParameterError(Schema):
    parameter: str
    detail: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[ParameterError] = []


def problem(status, detail, errors=(), headers=None):
    """A problem response: `errors` lists (parameter, detail) pairs for bad parameters."""
    body = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        errors=[ParameterError(parameter=name, detail=text) for name, text in errors],
    )
    response = JsonResponse(
        body.model_dump(), status=status, content_type=CONTENT_TYPE, headers=headers
    )
    return response


# The error responses every operation documents in the OpenAPI schema. 414 comes from the
# web server, before the app, when an address is longer than it accepts.
PROBLEMS = {400: Problem, 404: Problem, 414: None, 429: Problem}
