"""Each public page type stays within its committed budget of HTML, CSS and JavaScript
(docs/page-weight-budget.json): what a cheap phone on a slow network has to fetch."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BUDGET = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "page-weight-budget.json").read_text()
)
KINDS = {"document": "html", "stylesheet": "css", "script": "js"}


@pytest.mark.parametrize("path", BUDGET["pages"])
def test_page_stays_within_its_weight_budget(visit, waymark, path):
    seen = visit()
    responses = []
    seen.page.on("response", lambda response: responses.append(response))
    seen.page.goto(f"{waymark}{path}")
    seen.page.wait_for_load_state("networkidle")
    weights = dict.fromkeys(KINDS.values(), 0)
    for response in responses:
        kind = KINDS.get(response.request.resource_type)
        if kind:
            weights[kind] += len(response.body())
    over = {
        kind: f"{weights[kind]:,} bytes > {limit:,}"
        for kind, limit in BUDGET["pages"][path].items()
        if weights[kind] > limit
    }
    assert over == {}
