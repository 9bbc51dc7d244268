"""The cover image of a page: shown at the top of the page and on its card.

Every page type with a card (projects, news, post-jury announcements, events, trainings,
calls for candidates, stories, resources) and the home page's hero take
`CoverImageMixin`, as Wagtail's `ImageBlock` does for an image in a body: the image, an
alternative text for this use
(left empty, the image's own from the media library) and a "décorative" box (alt="").
The focal point is the image's own (Wagtail's focal point editor), so every crop of a
card or header keeps what matters in view.

Templates show it through components/cover_header.html (fetchpriority="high", never
lazy) and components/cover_card.html (lazy): `{% responsive_picture ... alt=page.cover_alt %}`
with CARD_SPEC or HEADER_SPEC, both in cms.renditions.
"""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .renditions import prefetch_picture_renditions

# cms.renditions registers both: one card spec shared by every card type, one set for
# every page header (the 640 px crop is the card's own, made once for both).
CARD_SPEC = "fill-640x360"
HEADER_SPEC = "fill-{640x360,960x540,1280x720}"

MISSING_ALT = "Donnez un texte alternatif ou cochez « image décorative »."


class CoverImageMixin(models.Model):
    cover_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name="image de couverture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Montrée en tête de la page et sur sa carte. Le point d'intérêt se règle "
        "dans la médiathèque (« Modifier l'image ») : les recadrages le gardent en vue.",
    )
    cover_alt_text = models.CharField(
        "texte alternatif de l'image",
        max_length=255,
        blank=True,
        help_text="Ce que l'image montre ici, pour qui ne la voit pas. Laissé vide : celui "
        "de l'image dans la médiathèque.",
    )
    cover_decorative = models.BooleanField(
        "image décorative",
        default=False,
        help_text="Cochez si l'image n'apporte aucune information ici : les lecteurs "
        "d'écran l'ignoreront (texte alternatif vide).",
    )

    cover_panels = [
        MultiFieldPanel(
            [
                FieldPanel("cover_image"),
                FieldPanel("cover_alt_text"),
                FieldPanel("cover_decorative"),
            ],
            heading="Image de couverture",
        )
    ]

    class Meta:
        abstract = True

    def with_content_json(self, content):
        # Revisions saved while the field was still `image` (news, events, trainings,
        # stories) keep their picture when published or restored.
        if "image" in content and "cover_image" not in content:
            content = {**content, "cover_image": content["image"]}
        return super().with_content_json(content)

    def clean(self):
        super().clean()
        if self.cover_image_id and self._cover_alt_choice() is None:
            raise ValidationError({"cover_alt_text": MISSING_ALT})

    @property
    def cover_alt(self):
        """The alt text of the cover here ("" when decorative)."""
        return self._cover_alt_choice() or ""

    def _cover_alt_choice(self):
        """This use's text, else the image's own; "" when decorative here, else None."""
        if self.cover_decorative:
            return ""
        own = (self.cover_alt_text or "").strip()
        if own:
            return own
        # An image marked decorative in the media library may carry meaning here: this
        # page decides, as Wagtail's ImageBlock does.
        image = self.cover_image
        return ((image.alt_text or "").strip() or None) if image is not None else None


def with_cover(queryset, lookup="cover_image"):
    """A listing's queryset with its cards' cover and its card renditions: the image in
    the listing's own query, every card's renditions in one more."""
    return queryset.select_related(lookup).prefetch_related(
        prefetch_picture_renditions(lookup, CARD_SPEC)
    )
