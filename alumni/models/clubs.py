"""Thematic clubs (/alumni/clubs/): coordinators, members, sessions in the agenda.

What the club pages show is in alumni.pages (the index hands it the published clubs, so
alumni.pages imports no page model).
"""

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.headings import HeadingOrderValidator
from cms.models import BasePage

from ..pages import club_context, club_index_context
from .profiles import AlumniProfile
from .section import AlumniSectionMixin

# Right under the club's title: h2 and h3, in order (cms.headings).
CLUB_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


class ClubIndexPage(AlumniSectionMixin, BasePage):
    """/alumni/clubs/ — the thematic clubs."""

    intro = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["alumni.AlumniIndexPage"]
    subpage_types = ["alumni.ClubPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des clubs"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(club_index_context(self, request, published_clubs()))
        return context


class ClubPage(BasePage):
    """A thematic club: its coordinators, members, and its sessions in the agenda."""

    theme = models.CharField(
        "thème", max_length=120, help_text="Par exemple : transition écologique."
    )
    summary = models.CharField(
        "résumé", max_length=300, help_text="Une ou deux phrases, reprises dans la liste."
    )
    description = RichTextField(
        "description",
        features=CLUB_FEATURES,
        validators=[HeadingOrderValidator(after=1)],
        blank=True,
    )
    coordinators = ParentalManyToManyField(
        AlumniProfile,
        verbose_name="coordinateurs et coordinatrices",
        blank=True,
        related_name="coordinated_clubs",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("theme"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("coordinators"),
        InlinePanel(
            "event_links",
            heading="Séances dans l'agenda",
            label="Événement",
            help_text="Les événements de l'agenda qui concernent ce club ; seuls ceux à "
            "venir sont affichés.",
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("theme"),
        index.SearchField("summary"),
        index.SearchField("description"),
    ]

    api_fields = [APIField("theme"), APIField("summary"), APIField("description")]

    parent_page_types = ["alumni.ClubIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "club"
        verbose_name_plural = "clubs"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(club_context(self, request))
        return context


class ClubEventLink(Orderable):
    """An agenda event chosen for a club (the agenda itself lives in the news app)."""

    page = ParentalKey(ClubPage, on_delete=models.CASCADE, related_name="event_links")
    event = models.ForeignKey(
        "news.EventPage", verbose_name="événement", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("event", page_type="news.EventPage")]

    class Meta(Orderable.Meta):
        verbose_name = "séance du club"
        verbose_name_plural = "séances du club"


class ClubMembership(models.Model):
    """A member joined a club (kept outside the page's revisions)."""

    club = models.ForeignKey(
        ClubPage, verbose_name="club", on_delete=models.CASCADE, related_name="memberships"
    )
    profile = models.ForeignKey(
        AlumniProfile,
        verbose_name="membre",
        on_delete=models.CASCADE,
        related_name="club_memberships",
    )
    joined_at = models.DateTimeField("inscrit le", default=timezone.now)

    class Meta:
        verbose_name = "adhésion à un club"
        verbose_name_plural = "adhésions aux clubs"
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["club", "profile"], name="alumni_one_membership")
        ]

    def __str__(self):
        return f"{self.profile} — {self.club.title}"


def published_clubs():
    listed = AlumniProfile.objects.listed().values("pk")
    return (
        ClubPage.objects.live()
        .public()
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__profile__in=listed), distinct=True
            )
        )
        .order_by("title")
    )
