from wagtail import blocks

from cms.blocks import BodyStreamBlock
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


class HomeCallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="libellé", max_length=80)
    page = blocks.PageChooserBlock(label="page")

    class Meta:
        icon = "link"
        label = "Bouton"


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
