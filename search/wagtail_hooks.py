from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CrisisPhrase


class CrisisPhraseViewSet(SnippetViewSet):
    model = CrisisPhrase
    icon = "warning"
    menu_label = "Crisis phrases"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["text", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["text"]


register_snippet(CrisisPhraseViewSet)
