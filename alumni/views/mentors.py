"""/alumni/parrains/: available mentors, requests, and the mentor's answer."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cms.ratelimits import check_rate_limit

from ..directory import Directory
from ..forms import MentorRequestForm
from ..mentor_tokens import ACCEPT, ANSWERS
from ..mentoring import (
    MentoringError,
    answer_request,
    available_mentors,
    create_request,
    month_bounds,
    month_load,
    places_left,
    read_token,
)
from ..models import MentorRequest
from ..privacy import card_for, with_card_data
from .common import member_required, render_page


@member_required
def mentors(request):
    listing = Directory(request.GET, request.alumni_profile, mentors_only=True)
    return render_page(
        request,
        "alumni/mentors.html",
        {"listing": listing, "viewer": request.alumni_profile},
        title="Parrains et marraines",
    )


@member_required
def mentor_request(request, slug):
    viewer = request.alumni_profile
    mentor = get_object_or_404(with_card_data(available_mentors()), slug=slug)
    card = card_for(mentor, viewer)
    trail = [("Parrains et marraines", reverse("alumni:mentors"))]
    title = f"Demander un parrainage à {mentor.full_name}"
    load = month_load(mentor)
    context = {
        "mentor": mentor,
        "card": card,
        "places_left": places_left(mentor, load),
        "next_month": month_bounds()[1],
        "is_self": mentor.pk == viewer.pk,
    }
    form = MentorRequestForm(request.POST or None)
    status = 200
    refused = None
    if request.method == "POST" and not context["is_self"] and form.is_valid():
        refused = check_rate_limit(request, "mentor_request")
        if refused is not None:
            form.add_error(None, refused.message)
            status = 429
    if request.method == "POST" and not context["is_self"] and refused is None and form.is_valid():
        try:
            create_request(viewer, mentor, form.cleaned_data["message"])
        except MentoringError as error:
            # Nothing is lost: the message stays in the form, with the reason.
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Votre demande est envoyée à {mentor.full_name}. Vous recevrez sa réponse "
                "par courriel ; vos coordonnées ne lui sont transmises que s'il ou elle "
                "accepte.",
            )
            return redirect(reverse("alumni:my_profile") + "#parrainage")
    context["form"] = form
    return render_page(
        request, "alumni/mentor_request.html", context, title=title, trail=trail, status=status
    )


def mentor_answer(request, token):
    """The link of the mentor's email: confirm, then accept or decline (POST only)."""
    trail = []
    try:
        link = read_token(token)
    except MentoringError as error:
        return render_page(
            request,
            "alumni/mentor_answer.html",
            {"error": str(error)},
            title="Lien de réponse non valable",
            status=400,
        )
    mentor_request = link.request
    context = {"mentor_request": mentor_request, "answer": link.answer, "accept": ACCEPT}
    if request.method == "POST":
        try:
            answer_request(mentor_request, link.answer)
        except MentoringError as error:
            context["error"] = str(error)
        else:
            mentor_request.refresh_from_db()
            context["done"] = True
    elif not mentor_request.is_pending:
        context["error"] = (
            f"Vous avez déjà répondu à cette demande : elle est "
            f"{mentor_request.get_status_display().lower()}."
        )
    title = (
        "Accepter la demande de parrainage"
        if link.answer == ACCEPT
        else "Décliner la demande de parrainage"
    )
    return render_page(request, "alumni/mentor_answer.html", context, title=title, trail=trail)


@require_POST
@member_required
def mentor_answer_from_profile(request, pk, answer):
    if answer not in ANSWERS:
        return redirect("alumni:my_profile")
    mentor_request = get_object_or_404(MentorRequest, pk=pk, mentor=request.alumni_profile)
    try:
        answer_request(mentor_request, answer)
    except MentoringError as error:
        messages.error(request, str(error))
    else:
        if answer == ACCEPT:
            messages.success(
                request,
                f"Vous avez accepté la demande de {mentor_request.requester.full_name} : vous "
                "avez chacun reçu les coordonnées de l'autre par courriel.",
            )
        else:
            messages.success(
                request,
                f"Vous avez décliné la demande de {mentor_request.requester.full_name} : "
                "la personne en est prévenue.",
            )
    return redirect(reverse("alumni:my_profile") + "#parrainage")
