"""StreamField blocks of project pages (DESIGN.md: blocks live in blocks.py)."""

from wagtail import blocks

from cms.blocks import (
    RICH_TEXT_FEATURES,
    DocumentLinkBlock,
    ImageBlock,
    PromotionAwareStreamMixin,
    QuoteBlock,
)

SOLUTION_OUTCOME_CHOICES = [
    ("mise-en-oeuvre", "Mise en œuvre"),
    ("en-test", "En test"),
    ("non-mise-en-oeuvre", "Non mise en œuvre"),
]


class SolutionBlock(blocks.StructBlock):
    """One solution the team proposed, and what became of it."""

    title = blocks.CharBlock(label="solution", max_length=200)
    description = blocks.RichTextBlock(
        label="description", features=["bold", "italic", "link", "ol", "ul"], required=False
    )
    outcome = blocks.ChoiceBlock(
        label="suite donnée",
        choices=SOLUTION_OUTCOME_CHOICES,
        required=False,
        help_text="Laissez vide si la solution n'a pas encore été arbitrée.",
    )
    outcome_note = blocks.CharBlock(
        label="pourquoi",
        required=False,
        max_length=300,
        help_text="En une phrase : pourquoi elle a été (ou n'a pas été) mise en œuvre.",
    )

    class Meta:
        icon = "tick-inverse"
        label = "Solution"
        template = "projects/blocks/solution.html"
        preview_value = {
            "title": "Un annuaire en ligne des interlocuteurs sociaux",
            "description": "<p>Une page unique où chaque usager trouve le bon service en "
            "trois questions.</p>",
            "outcome": "mise-en-oeuvre",
            "outcome_note": "Intégrée au site du Département après six mois de test.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["outcome_label"] = dict(SOLUTION_OUTCOME_CHOICES).get(value.get("outcome"), "")
        return context


class SolutionStreamBlock(PromotionAwareStreamMixin, blocks.StreamBlock):
    solution = SolutionBlock()
    paragraph = blocks.RichTextBlock(label="Texte", features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = ImageBlock()
    quote = QuoteBlock()


class ProjectDocumentsBlock(blocks.StreamBlock):
    document = DocumentLinkBlock()
