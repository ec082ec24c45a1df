"""An admin page where those who keep the crisis phrases try a phrase: how the finder
would answer it, and why. Nothing typed here is stored, logged or cached."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .concern import distress_in
from .understanding import Understanding, get_query_context

LEVELS = {
    "crisis": "Crisis: the crisis panel comes first.",
    "concern": "Concern: a short “talk to someone now” line above the results.",
    "none": "None: ordinary results.",
}


class TryPhraseForm(forms.Form):
    phrase = forms.CharField(
        label="What someone might type",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def can_try_phrases(user):
    return user.has_perm("search.change_crisisphrase")


@method_decorator(never_cache, name="dispatch")
class TryPhraseView(WagtailAdminTemplateMixin, FormView):
    page_title = "Try a phrase"
    header_icon = "warning"
    template_name = "search/admin/try_phrase.html"
    form_class = TryPhraseForm
    breadcrumbs_items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": "", "label": page_title},
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_try_phrases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        phrase = form.cleaned_data["phrase"]
        context = get_query_context()
        understanding = Understanding(phrase, context.topics, context.detector)
        judged = {
            "level": understanding.signal,
            "meaning": LEVELS[understanding.signal],
            "phrases": context.detector.matches(phrase),
            "everyday": context.detector.everyday_in(phrase),
            "crisis_topics": [topic.name for topic in understanding.topics if topic.is_crisis],
            "distress": distress_in(phrase),
            "topics": [topic.name for topic in understanding.topics],
        }
        return self.render_to_response(self.get_context_data(form=form, judged=judged))
