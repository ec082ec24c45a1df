from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem

# Every WCAG 2.0, 2.1 and 2.2 level A and AA rule axe-core has, as the public pages must meet.
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CONTENT_TAG = "waymark-content"


class WCAGContentChecker(ContentCheckerItem):
    """Wagtail's content checker running the WCAG 2.2 AA rules, plus Wagtail's own content
    checks (meaningful alt text, a meta description), in previews and in the editor."""

    axe_run_only = [*WCAG_22_AA_TAGS, CONTENT_TAG]
    axe_custom_rules = [
        {**rule, "tags": [*rule["tags"], CONTENT_TAG]}
        for rule in ContentCheckerItem.axe_custom_rules
    ]


@hooks.register("construct_wagtail_userbar")
def check_wcag_22_aa(request, items, page):
    items[:] = [
        WCAGContentChecker(item.in_editor) if isinstance(item, ContentCheckerItem) else item
        for item in items
    ]
