from wagtail import blocks


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
