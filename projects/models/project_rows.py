"""The project page's inline rows: its steps, measured impact, users' words, team and
related projects (edited in the page's own form)."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable

from .vocabularies import MilestoneKind


class ProjectMilestone(Orderable):
    """A dated step of the project's life, shown as a timeline."""

    page = ParentalKey("projects.ProjectPage", on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("date")
    kind = models.CharField(
        "étape", max_length=20, choices=MilestoneKind.choices, default=MilestoneKind.OTHER
    )
    label = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Par défaut : le nom de l'étape."
    )
    description = models.TextField("ce qui s'est passé", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("label"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "étape"
        verbose_name_plural = "étapes"

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or self.get_kind_display()


class ProjectImpactIndicator(Orderable):
    """A measured effect of the project: what decision-makers come for."""

    page = ParentalKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="impact_indicators"
    )
    label = models.CharField("indicateur", max_length=200)
    value = models.DecimalField("valeur mesurée", max_digits=14, decimal_places=2)
    baseline = models.DecimalField(
        "valeur de départ",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="La valeur avant le projet, si elle est connue.",
    )
    unit = models.CharField(
        "unité", max_length=40, blank=True, help_text="%, jours, repas, demandes…"
    )
    measured_on = models.DateField("date de la mesure")
    source = models.CharField(
        "source ou méthode",
        max_length=255,
        help_text="D'où vient le chiffre : logiciel métier, enquête, comptage…",
    )
    is_headline = models.BooleanField(
        "résultat à la une",
        default=False,
        help_text="Affiché en tête de la fiche et sur la carte du projet, « avant → après » : "
        "un seul par projet, avec sa valeur de départ. Sans choix, le premier indicateur "
        "qui a une valeur de départ.",
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("value"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("measured_on"), FieldPanel("source")]),
        FieldPanel("is_headline"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "indicateur d'impact"
        verbose_name_plural = "indicateurs d'impact"

    def __str__(self):
        return self.label


class ProjectUserQuote(Orderable):
    """User feedback gathered by the team (interviews, surveys), published with the page."""

    page = ParentalKey("projects.ProjectPage", on_delete=models.CASCADE, related_name="user_quotes")
    quote = models.TextField("citation", max_length=800)
    role = models.CharField(
        "qui", max_length=150, help_text="Le rôle de la personne : « une mère accueillie en PMI »."
    )
    name = models.CharField("nom", max_length=150, blank=True)
    name_published = models.BooleanField(
        "publier le nom",
        default=False,
        help_text="Uniquement avec l'accord écrit de la personne.",
    )
    date = models.DateField("date")

    panels = [
        FieldPanel("quote"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_published")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "retour d'usager"
        verbose_name_plural = "retours d'usagers"

    def __str__(self):
        return self.role

    @property
    def public_author(self):
        if self.name_published and self.name.strip():
            return f"{self.name.strip()}, {self.role}"
        return self.role


class ProjectTeamMember(Orderable):
    """A member of the project team: shown by role unless they agreed to their name."""

    page = ParentalKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="team_members"
    )
    role = models.CharField(
        "rôle ou fonction", max_length=150, help_text="« Cheffe de cuisine dans un collège »."
    )
    name = models.CharField("nom", max_length=150, blank=True)
    name_published = models.BooleanField(
        "publier le nom",
        default=False,
        help_text="Uniquement si la personne a donné son accord.",
    )

    panels = [FieldPanel("role"), FieldRowPanel([FieldPanel("name"), FieldPanel("name_published")])]

    class Meta(Orderable.Meta):
        verbose_name = "membre de l'équipe"
        verbose_name_plural = "membres de l'équipe"

    def __str__(self):
        return self.role

    @property
    def public_name(self):
        return self.name.strip() if self.name_published else ""


class ProjectRelatedLink(Orderable):
    page = ParentalKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="related_project_links"
    )
    related = models.ForeignKey(
        "projects.ProjectPage", verbose_name="projet", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("related", page_type="projects.ProjectPage")]

    class Meta(Orderable.Meta):
        verbose_name = "projet lié"
        verbose_name_plural = "projets liés"
