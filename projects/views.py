"""What a project page does with a posted opinion ("Donner mon avis")."""

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from cms.forms import HONEYPOT_FIELD
from cms.ratelimits import check_rate_limit

from .forms import ProjectFeedbackForm


def serve_feedback(page, request, *args, **kwargs):
    """Keep a valid opinion for moderation and thank its author; show the errors otherwise."""
    if not page.accepts_feedback:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    thanks_url = f"{page.get_url(request)}?avis=merci#donner-mon-avis"
    if request.POST.get(HONEYPOT_FIELD):
        # A bot filled the hidden field: pretend all went well, keep nothing.
        return redirect(thanks_url)
    form = ProjectFeedbackForm(request.POST)
    status = 200
    if form.is_valid():
        refused = check_rate_limit(request, "project_feedback")
        if refused is None:
            form.save(project=page)
            return redirect(thanks_url)
        form.add_error(None, refused.message)
        status = 429
    context = page.get_context(request, *args, **kwargs)
    context["feedback_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)
