"""StreamField blocks of the trainings and calls for candidates (DESIGN.md: never inline)."""

from wagtail import blocks


class TrainingModuleBlock(blocks.StructBlock):
    """One module of a training's programme (service design, change management...)."""

    title = blocks.CharBlock(label="module", max_length=150)
    duration = blocks.CharBlock(label="durée", max_length=80, required=False)
    description = blocks.TextBlock(label="contenu", required=False)

    class Meta:
        icon = "list-ul"
        label = "Module"
        template = "news/trainings/blocks/training_module.html"
        preview_value = {
            "title": "Design de service",
            "duration": "2 jours",
            "description": "Comprendre les usagers et concevoir le service avec eux.",
        }


class CalendarStepBlock(blocks.StructBlock):
    """A dated step of a call for candidates: closing, interviews, first module..."""

    when = blocks.CharBlock(
        label="quand",
        max_length=80,
        help_text="Une date ou une période en toutes lettres : « 15 janvier 2027 », "
        "« fin février 2027 ».",
    )
    step = blocks.CharBlock(label="étape", max_length=200)
    details = blocks.TextBlock(label="précisions", required=False)

    class Meta:
        icon = "date"
        label = "Étape du calendrier"
        template = "news/trainings/blocks/calendar_step.html"
        preview_value = {
            "when": "15 janvier 2027",
            "step": "Clôture des candidatures",
            "details": "",
        }


class TrainingProgrammeBlock(blocks.StreamBlock):
    module = TrainingModuleBlock()


class CallCalendarBlock(blocks.StreamBlock):
    step = CalendarStepBlock()
