"""/alumni/mon-profil/: the member's own space (profile, stories, mentoring, data)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..consent import CURRENT_CONSENT_VERSION, consent_text, needs_consent
from ..forms import DeleteAccountForm, ProfileForm
from ..gdpr import delete_account, export_json
from ..membership import forget_member_cache
from ..models import ClubMembership, MentorRequest, StoryPage
from ..notifications import contact_details
from ..privacy import card_for, live_projects_prefetch
from ..stories import statuses_for
from .common import member_required, render_page


@member_required
def my_profile(request):
    profile = request.alumni_profile
    profile_with_data = (
        type(profile)
        .objects.select_related("collectivity", "cohort", "cohort__host_collectivity")
        .prefetch_related("theme_items__tag", "mentor_theme_items__tag", live_projects_prefetch())
        .get(pk=profile.pk)
    )
    received = (
        MentorRequest.objects.filter(mentor=profile)
        .select_related("requester", "requester__user")
        .order_by("-created_at")
    )
    sent = (
        MentorRequest.objects.filter(requester=profile)
        .select_related("mentor", "mentor__user")
        .order_by("-created_at")
    )
    received, sent = list(received), list(sent)
    # Contact details are shown only once the mentor accepted (and then to both sides).
    for item in received:
        item.details = contact_details(item.requester) if item.is_accepted else []
    for item in sent:
        item.details = contact_details(item.mentor) if item.is_accepted else []
    clubs = ClubMembership.objects.filter(profile=profile).select_related("club")
    context = {
        "profile": profile_with_data,
        "card": card_for(profile_with_data, profile_with_data),
        "mentor_themes": sorted(
            item.tag.name for item in profile_with_data.mentor_theme_items.all()
        ),
        "needs_consent": needs_consent(profile),
        "consent_text": consent_text(profile.consent_version),
        "stories": statuses_for(profile),
        "requests_received": received,
        "requests_sent": sent,
        "clubs": clubs,
    }
    return render_page(request, "alumni/my_profile.html", context, title="Mon profil")


@member_required
def profile_edit(request):
    profile = request.alumni_profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile = form.save(commit=False)
            now = timezone.now()
            profile.profile_updated_at = now
            if form.consent_needed and form.cleaned_data.get("consent"):
                profile.consent_at = now
                profile.consent_version = CURRENT_CONSENT_VERSION
            profile.save()
            form.save_m2m()
            user = profile.user
            user.first_name, user.last_name = profile.first_name[:150], profile.last_name[:150]
            user.save(update_fields=["first_name", "last_name"])
        forget_member_cache(request.user)
        if needs_consent(profile):
            messages.warning(
                request,
                "Votre profil est enregistré, mais il n'apparaît pas dans l'annuaire tant "
                "que vous n'avez pas donné votre accord.",
            )
        else:
            messages.success(request, "Votre profil est enregistré.")
        return redirect("alumni:my_profile")
    return render_page(
        request,
        "alumni/profile_edit.html",
        {"form": form, "profile": profile},
        title="Modifier mon profil",
        trail=[("Mon profil", reverse("alumni:my_profile"))],
        status=200,
    )


@require_GET
@member_required
def export(request):
    profile = request.alumni_profile
    response = HttpResponse(
        export_json(profile, request), content_type="application/json; charset=utf-8"
    )
    filename = f"mes-donnees-alumni-emi-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@member_required
def delete(request):
    profile = request.alumni_profile
    has_published = StoryPage.objects.filter(author=profile, live=True).exists()
    form = DeleteAccountForm(
        request.POST or None, user=request.user, has_published_stories=has_published
    )
    if request.method == "POST" and form.is_valid():
        result = delete_account(profile, keep_published_stories=form.keep_published_stories)
        logout(request)
        if result["account_deleted"]:
            text = "Votre compte et votre profil d'alumni sont supprimés."
        else:
            text = (
                "Votre profil d'alumni est supprimé ; votre compte de contributeur, lui, "
                "est conservé."
            )
        if result["kept_stories"]:
            text += (
                f" {result['kept_stories']} témoignage(s) reste(nt) en ligne, signé(s) "
                "« Ancien membre du réseau »."
            )
        messages.success(request, text)
        return redirect("/")
    return render_page(
        request,
        "alumni/delete_account.html",
        {"form": form, "has_published": has_published},
        title="Supprimer mon compte",
        trail=[("Mon profil", reverse("alumni:my_profile"))],
    )
