"""What every app shares: the image and document models, site settings and the base page."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    get_upload_to,
)
from wagtail.models import AbstractGroupApprovalTask, Page

from . import page_queries
from .image_encoding import ImageRejected, reencode_image
from .site_pages import SitePages  # noqa: F401 (registers the model with the app)
from .storage import (
    PRIVATE_RENDITIONS_FOLDER,
    PUBLIC_RENDITIONS_FOLDER,
    private_documents_storage,
    private_images_storage,
    random_name,
)


class CustomImage(AbstractImage):
    """An image whose alternative text is required, unless the editor marks it decorative.

    Its original lives in private storage under a random name and is re-encoded on
    upload (cms.uploads); visitors only ever get renditions, public ones once a live
    public page uses the image (`is_public`, kept by cms.publicity).
    """

    file = WagtailImageField(
        "fichier",
        upload_to=get_upload_to,
        width_field="width",
        height_field="height",
        storage=private_images_storage,
    )
    is_public = models.BooleanField(
        "publique",
        default=False,
        editable=False,
        help_text="Utilisée par une page publiée visible de tous (calculé).",
    )

    alt_text = models.CharField(
        "texte alternatif",
        max_length=255,
        blank=True,
        help_text="Décrit ce que l'image apporte au contenu, "
        "pour les personnes qui ne la voient pas.",
    )
    is_decorative = models.BooleanField(
        "image décorative",
        default=False,
        help_text="Cochez si l'image n'apporte aucune information : elle sera ignorée "
        "par les lecteurs d'écran (alt vide).",
    )

    admin_form_fields = Image.admin_form_fields + ("alt_text", "is_decorative")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]

    def clean(self):
        super().clean()
        if not self.is_decorative and not (self.alt_text or "").strip():
            raise ValidationError(
                {
                    "alt_text": "Le texte alternatif est obligatoire, "
                    "sauf si vous cochez « image décorative »."
                }
            )

    @property
    def default_alt_text(self):
        return "" if self.is_decorative else self.alt_text

    def get_upload_to(self, filename):
        return random_name("original_images", filename)

    def save(self, *args, **kwargs):
        # Whatever the path (admin form, story form, demo loader, a script), a new file
        # is decoded and re-encoded before it is stored: upright, without metadata.
        new_file = self.file and not getattr(self.file, "_committed", True)
        if new_file and not getattr(self.file.file, "emi_reencoded", False):
            try:
                cleaned = reencode_image(self.file.file, self.file.name)
            except ImageRejected as rejected:
                raise ValidationError({"file": rejected.message}) from None
            self.file = cleaned
            self.file_size = cleaned.size
            self._set_file_hash()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = set(update_fields) | {"file_size", "file_hash"}
        super().save(*args, **kwargs)


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        # The image's standing when the file is made decides where it is kept: public
        # renditions under MEDIA_ROOT, the others in private storage (cms.storage).
        folder = PUBLIC_RENDITIONS_FOLDER if self.image.is_public else PRIVATE_RENDITIONS_FOLDER
        return random_name(folder, filename)

    @property
    def is_private(self):
        return self.file.name.startswith(PRIVATE_RENDITIONS_FOLDER + "/")


class CustomDocument(AbstractDocument):
    """A document whose file is kept out of the public media folder (cms.storage)."""

    file = models.FileField("fichier", upload_to="documents", storage=private_documents_storage)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
        permissions = [("choose_document", "Can choose document")]

    @property
    def format_label(self):
        """The file's format as visitors read it: "PDF", "CSV"..."""
        return (self.file_extension or "fichier").upper()


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the EMI team edits once for the whole site (contact, legal notice, figures)."""

    contact_email = models.EmailField("adresse de contact", default="emi@valdoise.fr")
    publisher = models.CharField(
        "éditeur du site", max_length=255, default="Département du Val-d'Oise"
    )
    address = models.TextField(
        "adresse du Département",
        default=(
            "Hôtel du Département\n2 avenue du Parc\nCS 20201 Cergy\n95032 Cergy-Pontoise Cedex"
        ),
    )
    phone = models.CharField("téléphone", max_length=40, blank=True, default="")
    publication_director = models.CharField(
        "directeur ou directrice de la publication",
        max_length=255,
        default="La présidente du Conseil départemental du Val-d'Oise",
    )
    host_name = models.CharField("hébergeur", max_length=255, default="")
    host_address = models.TextField("adresse de l'hébergeur", blank=True, default="")
    host_phone = models.CharField("téléphone de l'hébergeur", max_length=40, blank=True)
    linkedin_url = models.URLField("page LinkedIn", blank=True)
    accessibility_status = models.CharField(
        "état de conformité (RGAA)",
        max_length=40,
        default="non conforme",
        help_text="« non conforme » tant qu'aucun audit n'a été réalisé.",
    )
    figures_since = models.PositiveIntegerField(
        "chiffres historiques : depuis l'année", default=2015
    )
    figures_agents_trained = models.PositiveIntegerField("agents formés", default=300)
    figures_projects = models.PositiveIntegerField("projets conduits", default=62)
    figures_collectivities = models.PositiveIntegerField("collectivités engagées", default=14)
    electoral_reserve_start = models.DateField(
        "début de la période de réserve",
        null=True,
        blank=True,
        help_text=(
            "Premier jour de la période de réserve électorale : en général six mois avant le "
            "premier jour du mois de l'élection (Code électoral, article L.52-1, qui interdit "
            "toute campagne de promotion des réalisations d'une collectivité dans ces six "
            "mois). Pendant la période, les blocs cochés « promotion institutionnelle » sont "
            "masqués sur le site public, dans l'API et dans les flux. Laissez vide hors période."
        ),
    )
    electoral_reserve_end = models.DateField(
        "fin de la période de réserve",
        null=True,
        blank=True,
        help_text="Dernier jour inclus, en général le jour du scrutin (ou du second tour). "
        "Vide : la période dure jusqu'à ce qu'une date de fin soit saisie.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("phone"), FieldPanel("linkedin_url")],
            heading="Contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldPanel("address"),
                FieldPanel("publication_director"),
                FieldPanel("host_name"),
                FieldPanel("host_address"),
                FieldPanel("host_phone"),
                FieldPanel("accessibility_status"),
            ],
            heading="Mentions légales et accessibilité",
        ),
        MultiFieldPanel(
            [
                FieldPanel("figures_since"),
                FieldPanel("figures_agents_trained"),
                FieldPanel("figures_projects"),
                FieldPanel("figures_collectivities"),
            ],
            heading="Chiffres historiques (affichés comme tels sur l'accueil)",
        ),
        MultiFieldPanel(
            [FieldPanel("electoral_reserve_start"), FieldPanel("electoral_reserve_end")],
            heading="Période de réserve électorale",
        ),
    ]

    class Meta:
        verbose_name = "paramètres du site"

    def clean(self):
        super().clean()
        start, end = self.electoral_reserve_start, self.electoral_reserve_end
        if end is not None and start is None:
            raise ValidationError(
                {"electoral_reserve_start": "Indiquez le premier jour de la période de réserve."}
            )
        if start is not None and end is not None and end < start:
            raise ValidationError(
                {
                    "electoral_reserve_end": "La fin de la période de réserve ne peut pas "
                    "précéder son début."
                }
            )

    @classmethod
    def for_request(cls, request):
        # Every site setting and the pages they choose in one query (cms.page_queries).
        page_queries.load_site_settings(request)
        return super().for_request(request)


# Old name -> new name of page fields renamed since revisions were first saved.
RENAMED_FIELDS = {"introduction": "intro"}


class BasePage(Page):
    """Shared by every public page type: search-engine controls and a meta description."""

    noindex = models.BooleanField(
        "ne pas indexer",
        default=False,
        help_text="Demande aux moteurs de recherche de ne pas indexer cette page ; "
        "elle sort aussi du sitemap.xml.",
    )

    promote_panels = Page.promote_panels + [FieldPanel("noindex")]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # Index routes (chiffres, archives, ical, rss...) must stay reachable.
        validate_not_reserved_slug(self.slug)

    def route(self, request, path_components):
        # Wagtail's walk, with the pages along the path read at once (cms.page_queries).
        if not path_components:
            return super().route(request, path_components)
        child = page_queries.route_child(request, self, path_components)
        if child is None:
            raise Http404
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def get_view_restrictions(self):
        # From the cached restricted sections: no query for a page outside them.
        restrictions = page_queries.view_restrictions(self)
        return super().get_view_restrictions() if restrictions is None else restrictions

    def with_content_json(self, content):
        # Revisions saved before a field was renamed still hold its old name: a draft
        # published or restored after the rename keeps its text.
        for old_name, new_name in RENAMED_FIELDS.items():
            if old_name in content and new_name not in content:
                content = {**content, new_name: content[old_name]}
        return super().with_content_json(content)

    @property
    def robots_noindex(self):
        """Whether the page asks crawlers not to index it (`<meta name="robots">`)."""
        return self.noindex

    def get_sitemap_urls(self, request=None):
        if self.noindex:
            return []
        return super().get_sitemap_urls(request)

    @property
    def meta_description(self):
        """What search engines and shared links read: the editor's search description,
        else the page's summary or its introduction (cut at a word, 200 characters at
        most), else what its type says of it (`default_description`)."""
        text = self.search_description or getattr(self, "summary", "") or getattr(self, "intro", "")
        text = Truncator(" ".join(str(text).split())).chars(200, truncate="…")
        return text or self.default_description()

    def default_description(self):
        return f"{self.title} — École du management par l'innovation du Département du Val-d'Oise."


# Route names of index pages (DESIGN.md): no child page or collectivité may take them.
RESERVED_SLUGS = frozenset(
    {
        "chiffres",
        "archives",
        "ical",
        "rss",
        "atom",
        "export.csv",
        "export-csv",
        "export.json",
        "export-json",
        "embed",
    }
)
# Routes of the site below its home page (cms/urls.py, projects/urls.py, news/urls.py):
# a page just below the home page may not take them.
TOP_LEVEL_ROUTES = frozenset(
    {"api", "cartes", "compte", "documents", "donnees", "images-privees", "recherche",
     "s-abonner", "sante"}
)  # fmt: skip


def validate_not_reserved_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            f"« {value} » est réservé à une page du site ; choisissez un autre identifiant."
        )


class Collectivity(models.Model):
    """A collectivité that joined EMI: an editorial space of its own.

    The space itself (section pages, collection, groups, workflow) is created and kept
    complete by cms.collectivities.ensure_space(); the links below let it find its parts
    again after a rename.
    """

    # Its logo is shown on public pages (cms.publicity): a logo is public once set.
    publishes_referenced_files = True

    KIND_DEPARTEMENT = "departement"
    KIND_COMMUNE = "commune"
    KIND_AGGLOMERATION = "agglomeration"
    KIND_CAF = "caf"
    KIND_OTHER = "autre"
    KIND_CHOICES = [
        (KIND_DEPARTEMENT, "Département"),
        (KIND_COMMUNE, "Commune"),
        (KIND_AGGLOMERATION, "Agglomération"),
        (KIND_CAF, "Caisse d'allocations familiales"),
        (KIND_OTHER, "Autre"),
    ]

    # Group names embed the collectivité's name ("Contributeurs — <nom>", 150 characters
    # at most in django.contrib.auth): the name stays well below that.
    name = models.CharField("nom", max_length=120, unique=True)
    short_name = models.CharField(
        "nom court",
        max_length=60,
        blank=True,
        help_text="Utilisé là où la place manque, par exemple « Val-d'Oise ».",
    )
    slug = models.SlugField(
        "identifiant dans les adresses",
        max_length=80,
        unique=True,
        validators=[validate_not_reserved_slug],
        help_text="Utilisé dans les adresses : /projets/<identifiant>/.",
    )
    kind = models.CharField("type", max_length=20, choices=KIND_CHOICES, default=KIND_DEPARTEMENT)
    logo = models.ForeignKey(
        "cms.CustomImage",
        verbose_name="logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField("site internet", blank=True)
    joined_year = models.PositiveIntegerField("année d'adhésion à l'EMI", null=True, blank=True)

    # The parts of the editorial space (set by cms.collectivities, never edited by hand).
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name="collection d'images et de documents",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contributors_group = models.ForeignKey(
        Group,
        verbose_name="groupe des contributeurs",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referents_group = models.ForeignKey(
        Group,
        verbose_name="groupe des référents",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_task = models.ForeignKey(
        "cms.CollectivityReviewTask",
        verbose_name="étape de relecture par les référents",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name="circuit de modération",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("joined_year"),
    ]

    class Meta:
        verbose_name = "collectivité"
        verbose_name_plural = "collectivités"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class CollectivityReviewTask(AbstractGroupApprovalTask):
    """Step 1 of a collectivité's moderation: review by its référents.

    `groups` (the référents) approve and are the ones notified. `substitute_groups`
    (EMI moderators) may approve too, so a collectivité without référents is never
    blocked; they are notified only when no référent can be (cms.notifications).
    """

    substitute_groups = models.ManyToManyField(
        Group,
        verbose_name="groupes suppléants",
        blank=True,
        related_name="+",
        help_text="Peuvent aussi valider cette étape. Ils ne sont prévenus que si aucun "
        "membre des groupes ci-dessus ne peut l'être.",
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["substitute_groups"]
    admin_form_widgets = {
        **AbstractGroupApprovalTask.admin_form_widgets,
        "substitute_groups": AbstractGroupApprovalTask.admin_form_widgets["groups"],
    }

    class Meta:
        verbose_name = "relecture par les référents d'une collectivité"
        verbose_name_plural = "relectures par les référents d'une collectivité"

    def _user_in_groups(self, user):
        # Same per-request cache as Wagtail's group check, over both sets of groups.
        cache = getattr(user, "_collectivity_review_checks", None)
        if cache is None:
            cache = {}
            user._collectivity_review_checks = cache
        if self.pk not in cache:
            user_groups = user.groups.all()
            cache[self.pk] = (
                self.groups.filter(id__in=user_groups).exists()
                or self.substitute_groups.filter(id__in=user_groups).exists()
            )
        return cache[self.pk]

    @classmethod
    def get_description(cls):
        return (
            "Les référents de la collectivité valident la première étape ; les groupes "
            "suppléants (modérateurs EMI) peuvent aussi la valider."
        )
