"""A project page and its inline models: lifecycle, impact, users' words, team."""

import functools

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms import page_queries
from cms.api_filters import ChoiceFilter, CollectivityFilter, DateFilter, TagFilter
from cms.collectivity_rule import CollectivityFromSection
from cms.covers import CoverImageMixin, with_cover
from cms.html_cache import CardList
from cms.models import BasePage
from cms.social import json_for_script, share_image

from ..blocks import ProjectDocumentsBlock, SolutionStreamBlock
from ..forms import ProjectFeedbackForm
from ..opendata.facts import open_data_api_fields, pick_headline
from ..page_form import ProjectPageForm
from ..views import serve_feedback
from .feedback import FeedbackStatus
from .project_rows import ProjectImpactIndicator, ProjectTeamMember
from .vocabularies import (
    EXPLANATION_REQUIRED_STATUSES,
    FEEDBACK_OPEN_STATUSES,
    Cohort,
    ProjectOrigin,
    ProjectStatus,
    ProjectTag,
    StoppedStage,
)


def index_model():
    """The project bank's index page type, by name: its module (.index) sits above this one
    (it calls the listing, which imports this module)."""
    return apps.get_model("projects", "ProjectIndexPage")


def published_projects():
    """Live, public project pages: what every public listing and figure starts from.

    `public()` reads the view restrictions once, when called: build it once per request
    and derive every other queryset from it.
    """
    return ProjectPage.objects.live().public()


def with_card_data(queryset):
    """What a project card touches, fetched in a constant number of queries."""
    return with_cover(
        queryset.select_related("collectivity", "cohort", "cohort__host_collectivity")
    ).prefetch_related(
        themes_prefetch(),
        "impact_indicators",  # the card's headline result
    )


def themes_prefetch(ordering=()):
    """Projects' themes (`theme_list`), with the themes themselves, in one query."""
    themes = ProjectTag.objects.select_related("tag").order_by(*ordering)
    return models.Prefetch("tagged_items", queryset=themes)


class ProjectPage(CollectivityFromSection, CoverImageMixin, BasePage):
    """A project: the problem, the solutions, what became of it and why, its impact."""

    base_form_class = ProjectPageForm

    summary = models.CharField(
        "résumé",
        max_length=300,
        help_text="En 300 caractères au plus, sans mise en forme : repris sur les cartes "
        "et par les moteurs de recherche.",
    )
    problem = RichTextField("problème traité", features=["bold", "italic", "link", "ol", "ul"])
    people_concerned = models.TextField(
        "personnes concernées",
        blank=True,
        help_text="Les usagers et les agents concernés par le problème.",
    )
    solutions = StreamField(SolutionStreamBlock(), verbose_name="solutions proposées", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSE
    )
    stopped_stage = models.CharField(
        "étape où le projet s'est arrêté",
        max_length=20,
        choices=StoppedStage.choices,
        blank=True,
        help_text="Seulement pour un projet non retenu.",
    )
    status_explanation = models.TextField(
        "explication du statut",
        blank=True,
        help_text="Le pourquoi : obligatoire pour un projet non retenu ou abandonné.",
    )
    origin = models.CharField(
        "origine", max_length=10, choices=ProjectOrigin.choices, default=ProjectOrigin.EMI
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name="promotion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    other_programme = models.CharField(
        "autre programme",
        max_length=200,
        blank=True,
        help_text="Par exemple : Forum interdépartemental de l'innovation, Amiens, 2019.",
    )
    jury_date = models.DateField(
        "date du jury",
        null=True,
        blank=True,
        help_text="Pour un projet de l'EMI, laissez vide : la date du jury de la promotion "
        "est reprise.",
    )
    # The date the bank sorts « Les plus récents » by, kept on the row so that the sort
    # reads an index (at 10,000 projects, a sort through the cohort join took 30 ms):
    # the project's jury, else its cohort's jury, else its cohort's start. Set in save(),
    # and by Cohort.save() for its projects.
    recency_date = models.DateField(null=True, blank=True, editable=False)
    sponsor_role = models.CharField("commanditaire : fonction", max_length=150, blank=True)
    sponsor_service = models.CharField(
        "commanditaire : service ou direction", max_length=200, blank=True
    )
    themes = ClusterTaggableManager(
        "thématiques",
        through=ProjectTag,
        blank=True,
        help_text="Quelques mots-clés partagés entre projets (accueil, restauration "
        "scolaire, protection de l'enfance…).",
    )
    documents = StreamField(ProjectDocumentsBlock(), verbose_name="documents joints", blank=True)
    # Copied from the section the page lives in (never edited by hand): listings filter
    # and count by collectivité in SQL instead of walking the tree.
    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )

    content_panels = BasePage.content_panels + [
        # Shown locked: the collectivité of the section (cms.collectivity_rule).
        FieldPanel("collectivity"),
        FieldPanel("summary", widget=forms.Textarea(attrs={"rows": 3})),
        *CoverImageMixin.cover_panels,
        MultiFieldPanel(
            [FieldPanel("problem"), FieldPanel("people_concerned"), FieldPanel("solutions")],
            heading="Le problème et les solutions",
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("stopped_stage"),
                FieldPanel("status_explanation"),
            ],
            heading="Où en est le projet",
        ),
        InlinePanel("milestones", heading="Étapes", label="Étape"),
        InlinePanel("impact_indicators", heading="Indicateurs d'impact", label="Indicateur"),
        InlinePanel("user_quotes", heading="Retours d'usagers recueillis", label="Retour"),
        MultiFieldPanel(
            [
                FieldPanel("origin"),
                FieldPanel("cohort"),
                FieldPanel("other_programme"),
                FieldPanel("jury_date"),
            ],
            heading="Origine du projet",
        ),
        InlinePanel("team_members", heading="Équipe", label="Membre"),
        FieldRowPanel(
            [FieldPanel("sponsor_role"), FieldPanel("sponsor_service")],
            heading="Commanditaire",
        ),
        FieldPanel("themes"),
        FieldPanel("documents"),
        InlinePanel("related_project_links", heading="Projets liés choisis", label="Projet lié"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("people_concerned"),
        index.SearchField("solutions"),
        index.SearchField("status_explanation"),
        index.SearchField("other_programme"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("collectivity", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("collectivity"),
        index.FilterField("cohort"),
    ]

    # The project as the open-data exports give it: every column of
    # projects.opendata.schema, under its name, with the same rules of publication.
    api_fields = open_data_api_fields()
    # What the fields above read, fetched with the API's listing (cms.api) and the exports.
    api_select_related = ("collectivity", "cohort", "cohort__host_collectivity")
    # ?collectivite=, ?statut=, ?thematique= as on /projets/; ?depuis=, ?jusqu_au= on the
    # last publication (date_mise_a_jour): what changed since a harvest.
    api_filters = [
        CollectivityFilter(),
        ChoiceFilter("status", ProjectStatus),
        TagFilter(ProjectTag),
        DateFilter("last_published_at"),
    ]

    parent_page_types = ["projects.ProjectSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "projet"
        verbose_name_plural = "projets"
        # `recency_date DESC NULLS LAST` is indexed on PostgreSQL only, outside the
        # migration state (projects/migrations/0008 and 0009): SQLite cannot build it.

    # --- validation and saving -------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        explanation = (self.status_explanation or "").strip()
        if self.status == ProjectStatus.NON_RETENU:
            if not explanation:
                errors["status_explanation"] = (
                    "Expliquez pourquoi le projet n'a pas été retenu : c'est la première "
                    "question des lecteurs."
                )
            if not self.stopped_stage:
                errors["stopped_stage"] = (
                    "Indiquez à quelle étape le projet s'est arrêté : aux appetizers ou "
                    "devant le jury."
                )
        elif self.status == ProjectStatus.ABANDONNE and not explanation:
            errors["status_explanation"] = (
                "Expliquez pourquoi le projet a été abandonné : c'est la première question "
                "des lecteurs."
            )
        if self.status != ProjectStatus.NON_RETENU:
            # Only a project that was not retained stopped somewhere.
            self.stopped_stage = ""
        if self.origin == ProjectOrigin.EMI and not self.cohort_id:
            errors["cohort"] = "Choisissez la promotion de l'EMI qui a porté ce projet."
        if self.origin == ProjectOrigin.OTHER and not (self.other_programme or "").strip():
            errors["other_programme"] = (
                "Indiquez le programme d'où vient le projet (par exemple : Forum "
                "interdépartemental de l'innovation, Amiens, 2019)."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The collectivité is the section's (CollectivityFromSection, in super().save()).
        themes_pending = self.tagged_items.is_deferring
        self.recency_date = self.computed_recency_date()
        super().save(*args, **kwargs)
        if themes_pending and self.live:
            # The search index was written by post_save, before modelcluster committed
            # the new themes: index again so that a search on a theme finds the page.
            index.insert_or_update_object(self)

    # What the project page reads, fetched with it when it is served (cms.page_queries).
    serve_select_related = ("collectivity", "cohort__host_collectivity", "cover_image")

    @classmethod
    def serve_prefetch_related(cls):
        # The themes, indicators, steps and related links are read by what the page keeps
        # until the tree changes (its body, its JSON-LD, its related projects): only
        # when these are made again.
        return ["user_quotes", "team_members"]

    @classmethod
    def open_data_prefetch(cls):
        """The relations of the open data (projects.opendata.facts reads these lists)."""
        return [
            models.Prefetch(
                "tagged_items",
                queryset=ProjectTag.objects.select_related("tag"),
                to_attr="open_data_themes",
            ),
            models.Prefetch(
                "impact_indicators",
                queryset=ProjectImpactIndicator.objects.order_by("sort_order", "pk"),
                to_attr="open_data_indicators",
            ),
            models.Prefetch(
                "team_members",
                queryset=ProjectTeamMember.objects.order_by("sort_order", "pk"),
                to_attr="open_data_team",
            ),
        ]

    @classmethod
    def api_prefetch_related(cls):
        return cls.open_data_prefetch()

    # --- what templates read ----------------------------------------------------------

    @property
    def explanation_expected(self):
        return self.status in EXPLANATION_REQUIRED_STATUSES

    @property
    def accepts_feedback(self):
        return self.status in FEEDBACK_OPEN_STATUSES

    @property
    def training_type_label(self):
        return self.cohort.get_training_type_display() if self.cohort_id else ""

    @property
    def effective_jury_date(self):
        if self.jury_date:
            return self.jury_date
        return self.cohort.jury_date if self.cohort_id else None

    def computed_recency_date(self):
        """« Most recent » is by jury date; a cohort whose jury is still to come counts
        from its start."""
        if self.jury_date or not self.cohort_id:
            return self.jury_date
        return self.cohort.jury_date or self.cohort.start_date

    @property
    def origin_label(self):
        if self.origin == ProjectOrigin.OTHER:
            return self.other_programme
        return str(self.cohort) if self.cohort_id else "EMI"

    @property
    def last_updated(self):
        return self.last_published_at or self.latest_revision_created_at

    @cached_property
    def theme_list(self):
        """The themes, sorted; read from the prefetched tagged items on listings."""
        if "tagged_items" in getattr(self, "_prefetched_objects_cache", {}):
            tags = [item.tag for item in self.tagged_items.all()]
        else:
            tags = list(self.themes.all())
        return sorted(tags, key=lambda tag: tag.name.lower())

    @cached_property
    def indicator_list(self):
        """The impact indicators, in the editors' order: read once for the headline and
        the table of the page (prefetched on listings)."""
        return list(self.impact_indicators.all())

    @cached_property
    def headline_indicator(self):
        """The result shown first, "avant → après": the editor's choice, else the first
        indicator measured against a starting value; None when there is none."""
        return pick_headline(self.indicator_list)

    @property
    def stopped_stage_phrase(self):
        return StoppedStage(self.stopped_stage).phrase if self.stopped_stage else ""

    def timeline(self):
        return sorted(self.milestones.all(), key=lambda m: (m.date, m.sort_order or 0))

    def public_team(self):
        return list(self.team_members.all())

    def published_feedback(self):
        """Quotes gathered by the editors plus approved public feedback, newest first."""
        quotes = [
            {"text": q.quote, "author": q.public_author, "date": q.date}
            for q in self.user_quotes.all()
        ]
        if self.pk:
            # Approved feedback: a moderation changes it, which renews the generation.
            quotes += page_queries.cached_by_generation(
                f"project-feedback:{self.pk}", self._approved_feedback
            )
        return sorted(quotes, key=lambda q: q["date"], reverse=True)

    def _approved_feedback(self):
        return [
            {
                "text": feedback.text,
                "author": feedback.public_author,
                "date": timezone.localdate(feedback.created_at),
            }
            for feedback in self.public_feedback.filter(status=FeedbackStatus.APPROVED)
        ]

    def related_projects(self, limit=3, live_version=False):
        """The projects chosen by the editors, then others that share a theme.

        Which ones: one query, kept until the tree changes (at 10,000 projects, counting
        the shared themes of every other project is the page's slowest read), which reads
        the projects too; when the choice is kept, the projects are read only for the
        cards not kept (cms.html_cache).
        `live_version`: this is the published page (not a preview of a draft, whose
        links and themes may differ): its choice is kept under its id alone, and its
        links and themes are read only to make it.
        """

        def chosen_and_themes():
            chosen_ids = [link.related_id for link in self.related_project_links.all()]
            return chosen_ids, sorted(tag.pk for tag in self.theme_list)

        loaded = {}  # id → project, read with the choice or for the cards

        def ranked_ids(chosen_ids, tag_ids):
            if not chosen_ids and not (tag_ids and limit):
                return []
            return self._related_project_ids(chosen_ids, tag_ids, limit, loaded)

        if live_version and self.pk:
            key = f"related-projects:{self.pk}:{limit}"
            ranked = page_queries.cached_by_generation(
                key, lambda: ranked_ids(*chosen_and_themes())
            )
        else:
            chosen_ids, tag_ids = chosen_and_themes()
            key = f"related-projects:{self.pk}:{chosen_ids}:{tag_ids}:{limit}"
            ranked = page_queries.cached_by_generation(key, lambda: ranked_ids(chosen_ids, tag_ids))
        if not ranked:
            return [], []

        def load(_missing):  # every card not read yet, the chosen and the others at once
            unread = [pk for pk, _chosen in ranked if pk not in loaded]
            return with_card_data(published_projects().filter(pk__in=unread)).in_bulk()

        chosen = CardList([pk for pk, is_chosen in ranked if is_chosen], load, loaded)
        automatic = CardList([pk for pk, is_chosen in ranked if not is_chosen], load, loaded)
        return chosen, automatic[: limit or 0]

    def _related_project_ids(self, chosen_ids, tag_ids, limit, read_now):
        """[(id, chosen?)]: the chosen ones in the editors' order, then the projects that
        share the most themes, the latest first. The projects themselves come with what
        their cards show in the same query, into `read_now` (id → project)."""
        live = published_projects().exclude(pk=self.pk) if self.pk else published_projects()
        is_chosen = models.Q(pk__in=chosen_ids)
        shares_theme = models.Q(tagged_items__tag_id__in=tag_ids) if tag_ids and limit else None
        chosen = models.Case(
            models.When(is_chosen, then=1), default=0, output_field=models.IntegerField()
        )
        # (a constant column left out: PostgreSQL reads `ORDER BY 0` as a position)
        order = [
            *(["-chosen"] if chosen_ids else []),
            *(["-shared_themes"] if shares_theme else []),
            "-first_published_at",
            "pk",
        ]
        ranked = (
            live.filter(is_chosen | shares_theme if shares_theme else is_chosen)
            .annotate(
                chosen=chosen,
                shared_themes=models.Count("tagged_items", filter=shares_theme, distinct=True)
                if shares_theme
                else models.Value(0),
            )
            .order_by(*order)
            .values("pk")[: len(set(chosen_ids)) + (limit if shares_theme else 0)]
        )
        # The same order over the few projects ranked, their shared themes counted again.
        shared_themes = models.Value(0)
        if shares_theme:
            shared = ProjectTag.objects.filter(
                content_object=models.OuterRef("pk"), tag_id__in=tag_ids
            ).order_by()
            shared = shared.values("content_object").annotate(n=models.Count("pk")).values("n")
            shared_themes = Coalesce(models.Subquery(shared), 0)
        projects = list(
            with_card_data(published_projects().filter(pk__in=ranked))
            .annotate(chosen=chosen, shared_themes=shared_themes)
            .order_by(*order)
        )
        read_now.update((project.pk, project) for project in projects)
        found_chosen = {project.pk for project in projects if project.chosen}
        return [(pk, True) for pk in chosen_ids if pk in found_chosen] + [
            (project.pk, False) for project in projects if not project.chosen
        ]

    def json_ld(self, request=None):
        """Schema.org description of the project, for search engines and aggregators."""
        url = self.get_full_url(request)
        project = {
            "@type": "Project",
            "@id": f"{url}#projet",
            "name": self.title,
            "description": self.summary,
            "url": url,
        }
        if self.collectivity_id:
            project["sponsor"] = {
                "@type": "GovernmentOrganization",
                "name": self.collectivity.name,
            }
            if self.collectivity.website:
                project["sponsor"]["url"] = self.collectivity.website
        themes = [tag.name for tag in self.theme_list]
        if themes:
            project["keywords"] = ", ".join(themes)
        project["additionalProperty"] = [
            {"@type": "PropertyValue", "name": "Statut", "value": self.get_status_display()}
        ]
        if self.effective_jury_date:
            project["additionalProperty"].append(
                {
                    "@type": "PropertyValue",
                    "name": "Date du jury",
                    "value": self.effective_jury_date.isoformat(),
                }
            )
        page = {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": self.title,
            "inLanguage": "fr",
            "about": {"@id": f"{url}#projet"},
        }
        if self.first_published_at:
            page["datePublished"] = self.first_published_at.isoformat()
        if self.last_updated:
            page["dateModified"] = self.last_updated.isoformat()
        project["image"] = [share_image(self)["url"]]
        return json_for_script({"@context": "https://schema.org", "@graph": [page, project]})

    # --- serving ----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen, automatic = self.related_projects(
            live_version=not getattr(request, "is_preview", False)
        )
        context["related_chosen"] = chosen
        context["related_automatic"] = automatic
        context["feedback"] = self.published_feedback()
        if self.accepts_feedback:
            context.setdefault("feedback_form", ProjectFeedbackForm())
            context["feedback_thanks"] = request.GET.get("avis") == "merci"
        # Written when the template asks for it (a fragment kept until the tree changes).
        context["json_ld"] = functools.partial(self.json_ld, request)
        index_page = (
            page_queries.ancestor_of_type(request, self, index_model()) if self.pk else None
        )
        context["index_url"] = index_page.get_url(request) if index_page else "/projets/"
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.serve_feedback(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def serve_feedback(self, request, *args, **kwargs):
        return serve_feedback(self, request, *args, **kwargs)
