from functools import wraps

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.languages import originals
from core.privacy import public
from core.ratelimit import retry_after

from .models import HelplinePage
from .problem_reports import ProblemReportForm


def from_this_site(request):
    """Whether a form post came from one of our pages. Browsers say where a POST comes from
    (Sec-Fetch-Site, or Origin in those without it); checking that stands in for a CSRF
    cookie, which anonymous visitors never get. The form's page sends its address to this
    site only (Referrer-Policy: same-origin), so browsers send its real Origin with the post,
    which must then name this scheme and host exactly."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    return request.headers.get("Origin") == f"{request.scheme}://{request.get_host()}"


def referrer_to_this_site_only(view):
    @wraps(view)
    def with_policy(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        return response

    return with_policy


@never_cache
@csrf_exempt
@referrer_to_this_site_only
def report_problem(request, slug):
    """'Report a problem' for one helpline: stored for its organisation, nothing about the
    reporter is asked for or kept."""
    helpline = get_object_or_404(public(originals(HelplinePage.objects.live())), slug=slug)
    form = ProblemReportForm(request.POST or None, helpline=helpline)
    context = {"page": helpline, "form": form}
    if request.method != "POST":
        return render(request, "resources/report_problem.html", context)
    if not from_this_site(request):
        context["refusal"] = gettext("Reports can only be sent from the form on this site.")
        return render(request, "resources/report_problem.html", context, status=403)
    wait = retry_after("problem-reports", request, settings.WAYMARK_PROBLEM_REPORT_RATE_LIMIT)
    if wait:
        minutes = max(1, round(wait / 60))
        # The English says “minutes” even for one (as it always has); other languages can
        # give each number its own form.
        context["refusal"] = ngettext(
            "We have had a lot of reports from your connection. "
            "Please try again in %(minutes)s minutes.",
            "We have had a lot of reports from your connection. "
            "Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        response = render(request, "resources/report_problem.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        return render(request, "resources/report_problem.html", context, status=400)
    form.save()
    return render(request, "resources/report_problem_sent.html", {"page": helpline})
