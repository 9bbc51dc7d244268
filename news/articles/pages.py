"""News: /actualites/ (with its RSS and Atom feeds), the sections of the collectivités,
the news pages and the post-jury announcements (a kind of news)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Site
from wagtail.search import index

from cms.api_fields import CollectivityField, TagNamesField
from cms.api_filters import CollectivityFilter, DateFilter, TagFilter
from cms.blocks import BodyStreamBlock
from cms.collectivity_rule import CollectivityFromSection
from cms.covers import CoverImageMixin
from cms.feeds import FeedRoutesMixin
from cms.models import BasePage
from cms.pages import CollectivitySectionMixin
from news.common import SHORT_TEXT_FEATURES
from news.trainings.pages import CallForCandidatesPage, TopicProposalPage, TrainingIndexPage
from projects.models import ProjectPage

from .feeds import news_feed
from .listing import news_listing_context


def live_news():
    return NewsPage.objects.live().public()


class NewsFeedRoutes(FeedRoutesMixin):
    """/rss/ and /atom/ below the index and below each collectivité's section."""

    def feed(self, request, kind):
        return news_feed(request, kind, self, self.feed_items())

    def feed_items(self):
        """The live public news below the page, newest first (the feeds take the first)."""
        return (
            live_news()
            .descendant_of(self)
            .select_related("collectivity")
            .prefetch_related("tagged_items__tag")
            .order_by("-date", "-first_published_at", "-pk")
        )


class NewsIndexPage(NewsFeedRoutes, BasePage):
    """/actualites/ — EMI's own news sit directly under it, collectivités' in sections."""

    # Its column keeps the earlier name "introduction": renaming the field changed no table.
    intro = models.TextField("introduction", blank=True, db_column="introduction")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    template = "news/articles/news_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsSectionPage", "news.NewsPage", "news.PostJuryAnnouncementPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des actualités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing_context(request, self))
        return context


class NewsSectionPage(NewsFeedRoutes, CollectivitySectionMixin, BasePage):
    """/actualites/<collectivité>/ (+ rss/, atom/: its own news)"""

    description_format = "{collectivity} : ses actualités à l'École du management par l'innovation."

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    template = "news/articles/news_section_page.html"
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = ["news.NewsPage", "news.PostJuryAnnouncementPage"]

    class Meta:
        verbose_name = "actualités d'une collectivité"
        verbose_name_plural = "actualités des collectivités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing_context(request, self, section=self))
        return context

    @property
    def feed_collectivity(self):
        return self.collectivity


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(CollectivityFromSection, CoverImageMixin, BasePage):
    KIND_SLUG = "actualite"
    KIND_LABEL = "Actualité"
    json_ld_kind = "NewsArticle"  # cms.social

    date = models.DateField("date", default=timezone.localdate)
    summary = models.TextField(
        "résumé",
        max_length=300,
        validators=[MaxLengthValidator(300)],
        help_text="300 caractères au plus : repris dans les listes, les flux et les moteurs "
        "de recherche.",
    )
    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Laissée vide, l'actualité est celle de l'EMI. Dans l'espace d'une "
        "collectivité, c'est toujours celle de l'espace.",
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        verbose_name="thématiques",
        blank=True,
        help_text="Par exemple : expérience usager, expérience agent, services écoresponsables, "
        "mesure d'impact.",
    )
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("collectivity")]),
        FieldPanel("summary"),
        *CoverImageMixin.cover_panels,
        FieldPanel("tags"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("collectivity"),
    ]

    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("collectivity", serializer=CollectivityField()),
        APIField("tags", serializer=TagNamesField()),
        APIField("body"),
    ]
    # What the fields above read, fetched with the API's listing (cms.api); the body on
    # the news' own address only (its blocks fetch their images one page at a time).
    api_select_related = ("collectivity",)
    api_detail_only_fields = ("body",)
    # ?collectivite=, ?thematique= (its tags) as on /actualites/; ?depuis=, ?jusqu_au=
    # on its date.
    api_filters = [CollectivityFilter(), TagFilter(NewsPageTag), DateFilter("date")]

    template = "news/articles/news_page.html"
    parent_page_types = ["news.NewsIndexPage", "news.NewsSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "actualité"
        verbose_name_plural = "actualités"

    @classmethod
    def api_prefetch_related(cls):
        """The tags, ordered by name as the `tags` field writes them."""
        tags = NewsPageTag.objects.select_related("tag").order_by("tag__name")
        return [models.Prefetch("tagged_items", queryset=tags)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = NewsIndexPage.objects.live().ancestor_of(self).first()
        context["news_index"] = index_page
        context["themes"] = list(self.tags.all())
        return context


class PostJuryAnnouncementPage(NewsPage):
    """« The topics the jury of cohort N retained »: news that calls for new projects.

    A kind of news (it is listed, filtered and syndicated with the others), with the
    cohort, the jury date, the topics retained (each linked to its project page), the
    topics not retained (with the reason when given) and a call to action.
    """

    KIND_SLUG = "post-jury"
    KIND_LABEL = "Sujets retenus par le jury"

    cohort = models.ForeignKey(
        "projects.Cohort",
        verbose_name="promotion",
        on_delete=models.PROTECT,
        related_name="post_jury_announcements",
    )
    jury_date = models.DateField(
        "date du jury",
        null=True,
        blank=True,
        help_text="Laissée vide : la date du jury de la promotion.",
    )
    call_to_action = RichTextField(
        "appel à l'action",
        blank=True,
        features=SHORT_TEXT_FEATURES,
        default="<p>Votre service a un problème que ces projets vous inspirent ? Proposez un "
        "sujet pour la prochaine promotion, ou candidatez pour le porter vous-même.</p>",
        help_text="Affiché en fin de page, avec les liens vers « Proposer un sujet » et les "
        "appels à candidatures ouverts.",
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("cohort"), FieldPanel("jury_date")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("collectivity")]),
        FieldPanel("summary"),
        *CoverImageMixin.cover_panels,
        FieldPanel("tags"),
        FieldPanel("body"),
        InlinePanel("retained_topics", label="Sujet retenu", min_num=1),
        InlinePanel("declined_topics", label="Sujet non retenu"),
        FieldPanel("call_to_action"),
    ]

    template = "news/articles/post_jury_announcement_page.html"
    parent_page_types = ["news.NewsIndexPage", "news.NewsSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "annonce des sujets retenus par le jury"
        verbose_name_plural = "annonces des sujets retenus par le jury"

    def clean(self):
        super().clean()
        if not self.jury_date and self.cohort_id and not self.cohort.jury_date:
            raise ValidationError(
                {"jury_date": "La promotion n'a pas de date de jury : indiquez-la ici."}
            )

    @property
    def effective_jury_date(self):
        return self.jury_date or (self.cohort.jury_date if self.cohort_id else None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        retained = list(
            self.retained_topics.select_related("project", "project__collectivity").order_by(
                "sort_order"
            )
        )
        declined = list(self.declined_topics.select_related("project").order_by("sort_order"))
        linked_ids = {t.project_id for t in retained + declined if t.project_id}
        public_ids = set(
            ProjectPage.objects.live()
            .public()
            .filter(pk__in=linked_ids)
            .values_list("pk", flat=True)
        )
        for topic in retained + declined:
            topic.public_project = topic.project if topic.project_id in public_ids else None
        site = Site.find_for_request(request)
        calls = CallForCandidatesPage.objects.live().public().in_site(site)
        context.update(
            {
                "retained": retained,
                "declined": declined,
                "topic_proposal_page": TopicProposalPage.objects.live()
                .public()
                .in_site(site)
                .first(),
                "open_calls": [call for call in calls.order_by("closing_date") if call.is_open],
                "training_index": TrainingIndexPage.objects.live().public().in_site(site).first(),
            }
        )
        return context


class PostJuryRetainedTopic(Orderable):
    page = ParentalKey(
        PostJuryAnnouncementPage, on_delete=models.CASCADE, related_name="retained_topics"
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name="projet",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    jury_comment = models.TextField(
        "ce que le jury en retient",
        blank=True,
        help_text="Facultatif : une ou deux phrases sur ce qui a convaincu le jury.",
    )

    panels = [FieldPanel("project"), FieldPanel("jury_comment")]

    class Meta(Orderable.Meta):
        verbose_name = "sujet retenu"
        verbose_name_plural = "sujets retenus"


class PostJuryDeclinedTopic(Orderable):
    page = ParentalKey(
        PostJuryAnnouncementPage, on_delete=models.CASCADE, related_name="declined_topics"
    )
    title = models.CharField("sujet", max_length=255)
    service = models.CharField(
        "service ou collectivité qui le proposait", max_length=200, blank=True
    )
    reason = models.TextField(
        "raison",
        blank=True,
        help_text="Si elle peut être communiquée : pourquoi le jury ne l'a pas retenu.",
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name="page du projet (facultatif)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("service"),
        FieldPanel("reason"),
        FieldPanel("project"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "sujet non retenu"
        verbose_name_plural = "sujets non retenus"
