from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.covers import CoverImageMixin
from cms.forms import HoneypotFormPageMixin
from cms.models import BasePage, SiteSettings
from cms.page_queries import first_child_of_type

from .blocks import HomeCallsToActionBlock, LegalBodyBlock, TrainingSummaryBlock
from .collectivity_pages import CollectivityIndexPage, CollectivityPage
from .feeds import home_feeds

__all__ = [
    "CollectivityIndexPage",
    "CollectivityPage",
    "ContactFormField",
    "ContactPage",
    "HomePage",
    "LegalPage",
    "LegalPageKind",
    "StandardPage",
]


class HomePage(CoverImageMixin, BasePage):
    intro = models.TextField(
        "accroche",
        help_text="Ce qu'est l'EMI, en une phrase : elle ouvre la page, sous le titre, à côté "
        "de l'image de couverture et des deux appels à l'action.",
    )
    body = StreamField(BodyStreamBlock(), verbose_name="présentation", blank=True)
    trainings_heading = models.CharField(
        "titre de la section formations", max_length=120, default="Trois formations"
    )
    trainings = StreamField(
        [("training", TrainingSummaryBlock())], verbose_name="formations en bref", blank=True
    )
    calls_to_action = StreamField(
        HomeCallsToActionBlock(), verbose_name="appels à l'action", blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("calls_to_action"),
        *CoverImageMixin.cover_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("trainings_heading"), FieldPanel("trainings")], heading="Formations"
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.ContactPage",
        "home.LegalPage",
        "projects.ProjectIndexPage",
        "news.NewsIndexPage",
        "news.EventIndexPage",
        "news.TrainingIndexPage",
        "alumni.AlumniIndexPage",
        "alumni.ResourceIndexPage",
        "home.CollectivityIndexPage",
    ]

    class Meta:
        verbose_name = "page d'accueil"

    # Served with its cover (cms.page_queries): the hero shows it.
    serve_select_related = ("cover_image",)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["historical_figures"] = SiteSettings.for_request(request)
        context["feeds"] = home_feeds(self, request)
        context["collectivity_index"] = first_child_of_type(self, CollectivityIndexPage)
        return context


class StandardPage(BasePage):
    intro = models.TextField("chapeau", blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "page standard"


class LegalPageKind(models.TextChoices):
    LEGAL_NOTICE = "mentions", "Mentions légales"
    ACCESSIBILITY = "accessibilite", "Déclaration d'accessibilité"
    PERSONAL_DATA = "donnees", "Données personnelles"
    # Décret n° 2019-768, article 5: published and reachable from every page.
    ACCESSIBILITY_SCHEME = "schema", "Schéma pluriannuel de mise en accessibilité"
    ACCESSIBILITY_PLAN = "plan", "Plan annuel d'actions d'accessibilité"


# What search engines read of a legal page whose editors wrote no description.
LEGAL_DESCRIPTIONS = {
    LegalPageKind.LEGAL_NOTICE: "Mentions légales du site de l'EMI : éditeur, directeur de "
    "la publication, hébergeur, propriété intellectuelle et contenus tiers.",
    LegalPageKind.ACCESSIBILITY: "Déclaration d'accessibilité du site de l'EMI : état de "
    "conformité au RGAA, contenus non accessibles, retour d'information et recours.",
    LegalPageKind.PERSONAL_DATA: "Données personnelles sur le site de l'EMI : ce qui est "
    "recueilli, pourquoi, combien de temps, et comment exercer vos droits.",
    LegalPageKind.ACCESSIBILITY_SCHEME: "Schéma pluriannuel de mise en accessibilité du site "
    "de l'EMI : la politique, les moyens et le calendrier.",
    LegalPageKind.ACCESSIBILITY_PLAN: "Plan annuel d'actions d'accessibilité du site de "
    "l'EMI : ce qui sera corrigé cette année, et quand.",
}


class LegalPage(BasePage):
    """Mentions légales, accessibility statement, personal data: text plus site settings."""

    kind = models.CharField("type de page", max_length=20, choices=LegalPageKind.choices)
    last_reviewed = models.DateField("dernière mise à jour du texte", null=True, blank=True)
    body = StreamField(LegalBodyBlock(), verbose_name="contenu", blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("last_reviewed")]),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "page légale"
        verbose_name_plural = "pages légales"

    def default_description(self):
        return LEGAL_DESCRIPTIONS.get(self.kind) or super().default_description()

    def clean(self):
        super().clean()
        # The personal-data page publishes the terms that the purge applies: its table
        # comes from cms.retention, never typed by hand.
        if self.kind == LegalPageKind.PERSONAL_DATA and not any(
            block.block_type == "retention_table" for block in self.body
        ):
            raise ValidationError(
                {
                    "body": "Ajoutez le bloc « Tableau des durées de conservation » : la page "
                    "Données personnelles doit publier les durées que le site applique."
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["site_settings"] = SiteSettings.for_request(request)
        return context


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(HoneypotFormPageMixin, AbstractEmailForm, BasePage):
    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(
        "message de confirmation",
        blank=True,
        features=["bold", "italic", "link"],
        default="<p>Merci, votre message a bien été envoyé. L'équipe de l'EMI vous répond "
        "sous dix jours ouvrés.</p>",
    )

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Champs du formulaire"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Courriel envoyé à l'équipe",
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "page de contact"

    def get_notification_addresses(self):
        # Without an address on the page, messages go to the contact address of the settings.
        return super().get_notification_addresses() or [
            SiteSettings.for_site(self.get_site()).contact_email
        ]
