"""/alumni/annuaire/ and the profiles: each field shown only to whom its owner opened it."""

from django.urls import reverse

from ..directory import FILTERS, Directory
from ..membership import member_profile
from ..models import AlumniProfile
from ..models.stories import published_stories
from ..privacy import can_see, card_for, with_card_data
from .common import render_page


def directory(request):
    viewer = member_profile(request.user)
    listing = Directory(request.GET, viewer)
    title = "Annuaire des alumni"
    if listing.is_filtered:
        title += f" : {listing.total} résultat{'s' if listing.total != 1 else ''}"
    if listing.page.number > 1:
        title += f", page {listing.page.number}"
    return render_page(
        request,
        "alumni/directory.html",
        {"listing": listing, "viewer": viewer, "filter_labels": FILTERS},
        title=title,
    )


def profile(request, slug):
    viewer = member_profile(request.user)
    found = with_card_data(AlumniProfile.objects.all()).filter(slug=slug).first()
    if found is None or not can_see(viewer, found):
        # The same answer whether the profile does not exist or is not open to the
        # viewer: its existence is not revealed either.
        return render_page(
            request,
            "alumni/profile_unavailable.html",
            {"viewer": viewer},
            title="Fiche introuvable",
            trail=[("Annuaire", reverse("alumni:directory"))],
            status=404,
        )
    card = card_for(found, viewer)
    stories = list(published_stories().filter(author=found)[:10])
    return render_page(
        request,
        "alumni/profile_detail.html",
        {"card": card, "viewer": viewer, "stories": stories},
        title=found.full_name,
        trail=[("Annuaire", reverse("alumni:directory"))],
    )
