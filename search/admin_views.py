"""An admin page where those who keep the crisis phrases try a phrase: how the finder
would answer it, and why. Nothing typed here is stored, logged or cached."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import corpus
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
class PhraseKeepersView(WagtailAdminTemplateMixin):
    """An admin page for those who keep the crisis phrases, never cached."""

    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not can_try_phrases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TryPhraseView(PhraseKeepersView, FormView):
    page_title = "Try a phrase"
    template_name = "search/admin/try_phrase.html"
    form_class = TryPhraseForm

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        phrase = form.cleaned_data["phrase"]
        context = get_query_context()
        understanding = Understanding(phrase, context)
        judgement = understanding.judgement
        strongest = context.model.strongest(judgement.features) if context.model else []
        judged = {
            "level": understanding.signal,
            "meaning": LEVELS[understanding.signal],
            "reasons": judgement.reasons,
            "model": context.model is not None,
            "crisis_score": judgement.crisis,
            "distress_score": judgement.distress,
            "readings": judgement.readings,
            "thresholds": context.model.thresholds if context.model else {},
            "nearest": judgement.nearest,
            "strongest": [(feature.partition(":")[2], weight) for feature, weight in strongest],
            "everyday": context.detector.everyday_in(phrase),
            "topics": [topic.name for topic in understanding.topics],
        }
        return self.render_to_response(self.get_context_data(form=form, judged=judged))


class ModelReportView(PhraseKeepersView, TemplateView):
    """How the understanding in use scores on the frozen test split of the corpus."""

    page_title = "How understanding scores"
    template_name = "search/admin/model_report.html"

    def get_context_data(self, **kwargs):
        context = get_query_context()
        queries = corpus.load("test")
        judged = [(query, Understanding(query.text, context).signal) for query in queries]
        return super().get_context_data(
            rows=scores_by_language(judged),
            count=len(queries),
            model=context.model,
            **kwargs,
        )


def scores_by_language(judged):
    """Per language: crisis recall, crisis help shown (panel or line), and everyday queries
    raising the crisis panel."""
    rows = []
    for language in ["all", *corpus.LANGUAGES]:
        chosen = [(q, level) for q, level in judged if language in ("all", q.language)]
        at_risk = [level for q, level in chosen if q.label == "crisis"]
        everyday = [level for q, level in chosen if q.label == "none"]
        rows.append(
            {
                "language": language,
                "crisis": len(at_risk),
                "recall": share(at_risk, {"crisis"}),
                "helped": share(at_risk, {"crisis", "concern"}),
                "everyday": len(everyday),
                "alarms": share(everyday, {"crisis"}),
            }
        )
    return rows


def share(levels, wanted):
    return sum(level in wanted for level in levels) / len(levels) if levels else None
