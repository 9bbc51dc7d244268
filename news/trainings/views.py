"""The view of the topic proposal page (/formations/proposer-un-sujet/): it takes the page."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from cms.ratelimits import check_rate_limit

from .emails import send_topic_proposal_notification
from .forms import TopicProposalForm


def topic_proposal_page(page, request):
    status = 200
    if request.method == "POST":
        form = TopicProposalForm(request.POST)
        if form.is_bot:
            messages.success(request, page.thank_you_text)
            return HttpResponseRedirect(page.url)
        if form.is_valid():
            refused = check_rate_limit(request, "topic_proposal")
            if refused is None:
                with transaction.atomic():  # the proposal and its queued mail together
                    proposal = form.save()
                    send_topic_proposal_notification(page, proposal)
                messages.success(request, page.thank_you_text)
                return HttpResponseRedirect(page.url)
            form.add_error(None, refused.message)
            status = 429
    else:
        form = TopicProposalForm()
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)
