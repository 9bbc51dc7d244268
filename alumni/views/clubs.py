"""Joining and leaving a club (the club pages themselves are Wagtail pages)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..models import ClubMembership, ClubPage
from .common import member_required

JOIN = "rejoindre"
LEAVE = "quitter"


@require_POST
@member_required
def membership(request, pk):
    club = get_object_or_404(ClubPage.objects.live().public(), pk=pk)
    profile = request.alumni_profile
    action = request.POST.get("action")
    if action == JOIN:
        _membership, created = ClubMembership.objects.get_or_create(club=club, profile=profile)
        if created:
            if profile.consent_at is None:
                messages.success(
                    request,
                    f"Vous avez rejoint le club « {club.title} ». Les autres membres ne vous "
                    "verront dans sa liste qu'une fois votre fiche d'annuaire acceptée "
                    "(Mon profil).",
                )
            else:
                messages.success(request, f"Vous avez rejoint le club « {club.title} ».")
        else:
            messages.info(request, f"Vous êtes déjà membre du club « {club.title} ».")
    elif action == LEAVE:
        deleted, _detail = ClubMembership.objects.filter(club=club, profile=profile).delete()
        if deleted:
            messages.success(request, f"Vous avez quitté le club « {club.title} ».")
        else:
            messages.info(request, f"Vous n'étiez pas membre du club « {club.title} ».")
    return redirect(club.url + "#membres")
