"""Proposing a story, and editing one the moderators sent back."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from cms.ratelimits import check_rate_limit

from ..forms import StoryEditForm, StoryForm
from ..models import StoryIndexPage, StoryPage
from ..stories import (
    STATE_DRAFT,
    STATE_SENT_BACK,
    StoryRateLimited,
    latest_content,
    resubmit_story,
    statuses_for,
    submit_story,
    text_for_editing,
)
from ..templatetags.alumni_tags import index_urls
from .common import member_required, render_page

MY_STORIES = "#temoignages"


def _trail(request):
    return [("Témoignages", index_urls(request)[StoryIndexPage])]


@member_required
def submit(request):
    form = StoryForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        refused = check_rate_limit(request, "story_submission")
        if refused is not None:
            form.add_error(None, refused.message)
            status = 429
    if request.method == "POST" and status == 200 and form.is_valid():
        data = form.cleaned_data
        try:
            page, converted = submit_story(
                request.alumni_profile,
                title=data["title"],
                text=data["text"],
                related_project=data["related_project"],
                image_file=data["image"],
                image_alt=data["image_alt"],
            )
        except StoryRateLimited as error:
            form.add_error(None, str(error))
            status = 429
        else:
            messages.success(
                request,
                f"Merci ! Votre témoignage « {page.title} » est transmis à l'équipe de l'EMI "
                "pour relecture. Vous suivez son état ci-dessous et recevrez un courriel à "
                "chaque étape.",
            )
            if converted.removed_message:
                messages.warning(request, converted.removed_message)
            return redirect(reverse("alumni:my_profile") + MY_STORIES)
    return render_page(
        request,
        "alumni/story_form.html",
        {"form": form, "editing": False},
        title="Proposer un témoignage",
        trail=_trail(request),
        status=status,
    )


@member_required
def edit(request, pk):
    profile = request.alumni_profile
    story = get_object_or_404(StoryPage, pk=pk, author=profile)
    status = next((s for s in statuses_for(profile) if s.story.pk == story.pk), None)
    if status is None or status.state not in (STATE_SENT_BACK, STATE_DRAFT):
        messages.info(
            request,
            "Ce témoignage est en cours de relecture ou publié : il ne peut pas être modifié "
            "ici. Écrivez à l'équipe de l'EMI pour le corriger.",
        )
        return redirect(reverse("alumni:my_profile") + MY_STORIES)
    latest = latest_content(story)
    current_image = latest.cover_image
    if request.method == "POST":
        form = StoryEditForm(request.POST, request.FILES, current_image=current_image)
        if form.is_valid():
            data = form.cleaned_data
            _story, converted = resubmit_story(
                story,
                profile,
                title=data["title"],
                text=data["text"],
                related_project=data["related_project"],
                image=current_image,
                image_file=data["image"],
                image_alt=data["image_alt"],
                remove_image=data.get("remove_image", False),
            )
            messages.success(
                request,
                f"Votre témoignage « {data['title']} » est renvoyé à l'équipe de l'EMI pour "
                "relecture.",
            )
            if converted.removed_message:
                messages.warning(request, converted.removed_message)
            return redirect(reverse("alumni:my_profile") + MY_STORIES)
    else:
        form = StoryEditForm(
            initial={
                "title": latest.title,
                "text": text_for_editing(latest.body),
                "related_project": latest.related_project_id,
                "image_alt": current_image.alt_text if current_image else "",
            },
            current_image=current_image,
        )
    return render_page(
        request,
        "alumni/story_form.html",
        {
            "form": form,
            "editing": True,
            "story_status": status,
            "current_image": current_image,
        },
        title=f"Modifier « {latest.title} »",
        trail=[("Mon profil", reverse("alumni:my_profile"))],
    )
