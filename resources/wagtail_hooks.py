from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, Country, Organisation, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "is_crisis"]
    list_filter = ["is_crisis"]
    search_fields = ["name", "synonyms"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "website"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "code", "primary_emergency_number"]
    search_fields = ["name", "code"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (TopicViewSet, OrganisationViewSet, AudienceViewSet, CountryViewSet)


register_snippet(DirectoryViewSetGroup)
