from wagtail import blocks

from cms.blocks import (
    BodyStreamBlock,
    InstitutionalPromotionMixin,
    PromotionAwareStreamMixin,
    institutional_promotion_block,
)
from cms.retention import rules


class TrainingSummaryBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="formation", max_length=80)
    duration = blocks.CharBlock(label="durée", max_length=120)
    format = blocks.CharBlock(label="format", max_length=200)
    summary = blocks.TextBlock(label="en bref")
    page = blocks.PageChooserBlock(label="page de la formation", required=False)

    class Meta:
        icon = "group"
        label = "Formation en bref"
        template = "components/blocks/training_summary.html"


class HomeCallToActionBlock(InstitutionalPromotionMixin, blocks.StructBlock):
    label = blocks.CharBlock(label="libellé", max_length=80)
    page = blocks.PageChooserBlock(label="page")
    institutional_promotion = institutional_promotion_block()

    class Meta:
        icon = "link"
        label = "Bouton"
        template = "components/blocks/home_call_to_action.html"


class HomeCallsToActionBlock(PromotionAwareStreamMixin, blocks.StreamBlock):
    """The buttons of the home page's first screen: the first is the main one, among
    those shown (a button hidden during the pre-election period leaves no gap)."""

    button = HomeCallToActionBlock()

    class Meta:
        template = "components/blocks/home_calls_to_action.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["buttons"] = self.public_children(value, parent_context)
        return context


class RetentionTableBlock(blocks.StaticBlock):
    """The table of retention periods, built from the rules that the purge applies
    (cms.retention): the page can never promise another term than the one enforced."""

    class Meta:
        icon = "table"
        label = "Tableau des durées de conservation"
        admin_text = (
            "Tableau tenu à jour par le site : les durées affichées sont celles que la purge "
            "quotidienne applique (purge_personal_data)."
        )
        template = "components/blocks/retention_table.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["rules"] = rules()
        return context


class LegalBodyBlock(BodyStreamBlock):
    retention_table = RetentionTableBlock()
