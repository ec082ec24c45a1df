from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from cms.ratelimit import retry_after

from .forms import ProblemReportForm
from .models import HelplinePage


def from_this_site(request):
    """Whether a form post came from one of our pages. Browsers say where a POST comes from
    (Sec-Fetch-Site, or Origin in older ones); checking that stands in for a CSRF cookie,
    which anonymous visitors never get. Under our no-referrer policy a browser sends
    `Origin: null` even from our own pages, so Origin only counts against a post when it
    names another host."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin", "null")
    return origin == "null" or urlsplit(origin).netloc == request.get_host()


@never_cache
@csrf_exempt
def report_problem(request, slug):
    """'Report a problem' for one helpline: stored for its organisation, nothing about the
    reporter is asked for or kept."""
    helpline = get_object_or_404(HelplinePage.objects.live().public(), slug=slug)
    form = ProblemReportForm(request.POST or None, helpline=helpline)
    context = {"page": helpline, "form": form}
    if request.method != "POST":
        return render(request, "resources/report_problem.html", context)
    if not from_this_site(request):
        context["refusal"] = "Reports can only be sent from the form on this site."
        return render(request, "resources/report_problem.html", context, status=403)
    wait = retry_after("problem-reports", request, settings.WAYMARK_PROBLEM_REPORT_RATE_LIMIT)
    if wait:
        context["refusal"] = (
            "We have had a lot of reports from your connection. Please try again in "
            f"{max(1, round(wait / 60))} minutes."
        )
        response = render(request, "resources/report_problem.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        return render(request, "resources/report_problem.html", context, status=400)
    form.save()
    return render(request, "resources/report_problem_sent.html", {"page": helpline})
