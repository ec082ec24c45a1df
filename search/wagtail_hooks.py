from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import ModelReportView, TryPhraseView, can_try_phrases
from .models import CrisisPhrase


class CrisisPhraseViewSet(SnippetViewSet):
    model = CrisisPhrase
    icon = "warning"
    menu_label = "Crisis phrases"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["text", "kind", "language", "updated_at"]
    list_filter = ["kind", "language"]
    search_fields = ["text"]


register_snippet(CrisisPhraseViewSet)


@hooks.register("register_admin_urls")
def register_try_phrase_url():
    return [
        path("crisis-phrases/try/", TryPhraseView.as_view(), name="try_crisis_phrase"),
        path("crisis-phrases/report/", ModelReportView.as_view(), name="understanding_report"),
    ]


class TryPhraseMenuItem(MenuItem):
    def is_shown(self, request):
        return can_try_phrases(request.user)


@hooks.register("register_admin_menu_item")
def register_try_phrase_menu_item():
    return TryPhraseMenuItem(
        "Try a phrase", reverse("try_crisis_phrase"), icon_name="search", order=211
    )
