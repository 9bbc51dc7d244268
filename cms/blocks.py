"""StreamField blocks shared by every page type (DESIGN.md: blocks live in blocks.py)."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from . import electoral_reserve
from .headings import stream_heading_errors

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


def institutional_promotion_block():
    """The mark that hides a block from the public during the pre-election period."""
    return blocks.BooleanBlock(
        label="promotion institutionnelle",
        required=False,
        help_text=(
            "Cochez pour une citation d'élu·e ou un appel qui met en avant l'action de la "
            "collectivité : le bloc est masqué sur le site public pendant la période de "
            "réserve électorale (Code électoral, article L.52-1), dont les dates se règlent "
            "dans Paramètres › Paramètres du site."
        ),
    )


class InstitutionalPromotionMixin:
    """A block that editors may mark « promotion institutionnelle » (its child
    `institutional_promotion`): while the pre-election period runs, it renders nothing on
    the public site and shows under a note in the admin's preview (cms.electoral_reserve)."""

    def render(self, value, context=None):
        if not electoral_reserve.is_marked(value):
            return super().render(value, context=context)
        display = electoral_reserve.display_of(context)
        if display == electoral_reserve.HIDDEN:
            return ""
        html = super().render(value, context=context)
        if display == electoral_reserve.SHOWN:
            return html
        return render_to_string(
            "components/blocks/electoral_reserve_note.html",
            {"content": html, "note": electoral_reserve.PREVIEW_NOTE},
        )


class PromotionAwareStreamMixin:
    """A stream that leaves out its marked blocks wherever they are hidden: in its own
    rendering (no empty wrapper left) and in the API, which serialises the stream with
    `get_api_representation` and the request in its context."""

    def public_children(self, value, context=None):
        return [child for child in value or () if not electoral_reserve.is_hidden(child, context)]

    def render_basic(self, value, context=None):
        return super().render_basic(self.public_children(value, context), context=context)

    def get_api_representation(self, value, context=None):
        return super().get_api_representation(self.public_children(value, context), context)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="texte", max_length=200)
    level = blocks.ChoiceBlock(
        label="niveau",
        choices=[
            ("h2", "Titre de niveau 2"),
            ("h3", "Titre de niveau 3"),
            ("h4", "Titre de niveau 4"),
        ],
        default="h2",
        help_text="Gardez l'ordre des niveaux : un h3 suit un h2.",
    )

    class Meta:
        icon = "title"
        label = "Titre"
        template = "components/blocks/heading.html"
        preview_value = {"text": "Ce que l'EMI a transformé", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="image")
    caption = blocks.CharBlock(label="légende", required=False, max_length=255)

    class Meta:
        icon = "image"
        label = "Image"
        template = "components/blocks/image.html"


class QuoteBlock(InstitutionalPromotionMixin, blocks.StructBlock):
    quote = blocks.TextBlock(label="citation")
    author = blocks.CharBlock(label="auteur ou autrice", required=False, max_length=200)
    role = blocks.CharBlock(label="fonction", required=False, max_length=200)
    institutional_promotion = institutional_promotion_block()

    class Meta:
        icon = "openquote"
        label = "Citation"
        template = "components/blocks/quote.html"
        preview_value = {
            "quote": "Un réseau, c'est d'abord des personnes.",
            "author": "",
            "role": "Atelier alumni, 2023",
        }


class CallToActionBlock(InstitutionalPromotionMixin, blocks.StructBlock):
    title = blocks.CharBlock(label="titre", max_length=200)
    text = blocks.TextBlock(label="texte", required=False)
    link_label = blocks.CharBlock(label="libellé du bouton", max_length=80)
    page = blocks.PageChooserBlock(label="page liée", required=False)
    url = blocks.URLBlock(label="ou lien externe", required=False)
    institutional_promotion = institutional_promotion_block()

    class Meta:
        icon = "pick"
        label = "Appel à l'action"
        template = "components/blocks/call_to_action.html"

    def clean(self, value):
        result = super().clean(value)
        if not result.get("page") and not result.get("url"):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError("Choisissez une page ou saisissez un lien externe.")
                }
            )
        return result


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="document")
    label = blocks.CharBlock(
        label="libellé",
        required=False,
        max_length=200,
        help_text="Par défaut : le titre du document.",
    )

    class Meta:
        icon = "doc-full"
        label = "Lien vers un document"
        template = "components/blocks/document_link.html"


class BodyStreamBlock(PromotionAwareStreamMixin, blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label="Texte", features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    table = TableBlock(
        label="Tableau",
        table_options={"startRows": 3, "startCols": 3},
        help_text="Donnez un titre au tableau et indiquez sa ligne d'en-tête.",
    )

    def clean(self, value):
        """The headings of the body, heading blocks and texts together, skip no level
        (cms.headings): the body sits right under the page's h1."""
        cleaned = super().clean(value)
        positions, children = [], []
        for index, child in enumerate(cleaned):
            if child.block_type == "heading":
                children.append(("heading", int(child.value["level"][1])))
            elif child.block_type == "paragraph":
                children.append(("text", child.value.source))
            else:
                continue
            positions.append(index)
        errors = stream_heading_errors(children, after=1)
        if errors:
            raise StreamBlockValidationError(
                block_errors={
                    positions[child]: ValidationError(message) for child, message in errors.items()
                }
            )
        return cleaned
