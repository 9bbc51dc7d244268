"""Page factories on Wagtail's tree: the base factory and the home app's pages.

Each page is added under its `parent` with `add_child`, then published through a
revision when live, as an editor does; a draft (`live=False`) gets its revision only.
"""

import datetime

import factory
import wagtail_factories

from home.models import (
    CollectivityIndexPage,
    ContactFormField,
    ContactPage,
    HomePage,
    LegalPage,
    LegalPageKind,
    StandardPage,
)


class PageFactory(wagtail_factories.PageFactory):
    """A page under `parent`, with its first revision (published when live)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        revision = page.save_revision()
        if page.live:
            revision.publish()
            page.refresh_from_db()
        return page


def child(parent, factory_class, slug, **fields):
    """The child of `parent` with this slug, made by `factory_class` if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    return factory_class(parent=parent, slug=slug, **fields)


TRAININGS = [
    {
        "name": name,
        "duration": duration,
        "format": learning_format,
        "summary": f"Ce que propose la formation {name.lower()}.",
    }
    for name, duration, learning_format in (
        ("Découverte", "Environ 4 heures", "Cours en ligne"),
        ("Courte", "4 à 6 semaines", "Cours en ligne et présentiel"),
        ("Longue", "Environ 9 mois", "Enseignement et projet en équipe"),
    )
]


class HomePageFactory(PageFactory):
    title = "Innover pour le service public local"
    slug = "accueil"
    intro = "L'école qui forme les cadres des collectivités à l'innovation publique."
    trainings = factory.LazyFunction(lambda: [{"type": "training", "value": t} for t in TRAININGS])

    class Meta:
        model = HomePage


class CollectivityIndexPageFactory(PageFactory):
    title = "Les collectivités de l'EMI"
    slug = "collectivites"
    intro = "Chaque collectivité qui a rejoint l'EMI, avec ce qu'elle y fait."

    class Meta:
        model = CollectivityIndexPage


class StandardPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = factory.LazyAttribute(lambda page: f"Chapeau de « {page.title} ».")

    class Meta:
        model = StandardPage


class LegalPageFactory(PageFactory):
    title = "Mentions légales"
    kind = LegalPageKind.LEGAL_NOTICE
    last_reviewed = datetime.date(2026, 11, 1)

    class Meta:
        model = LegalPage


# (label, type, help text, key of the answer); the demo's contact form keeps the key
# "email" for its « Adresse électronique ».
CONTACT_FIELDS = [
    ("Nom", "singleline", "", "nom"),
    ("Adresse électronique", "email", "Nous l'utilisons uniquement pour vous répondre.", "email"),
    ("Objet", "singleline", "", "objet"),
    ("Message", "multiline", "", "message"),
]


def contact_form_fields():
    return [
        ContactFormField(
            sort_order=order,
            label=label,
            field_type=field_type,
            required=True,
            help_text=help_text,
            clean_name=clean_name,
        )
        for order, (label, field_type, help_text, clean_name) in enumerate(CONTACT_FIELDS)
    ]


class ContactPageFactory(PageFactory):
    title = "Contact"
    slug = "contact"
    intro = "<p>Écrivez à l'équipe de l'EMI.</p>"
    subject = "Message reçu depuis le site de l'EMI"
    form_fields = factory.LazyFunction(contact_form_fields)

    class Meta:
        model = ContactPage


WIDE_TABLE_COLUMNS = [
    "Collectivité",
    "Promotion",
    "Projets présentés",
    "Projets retenus",
    "Projets déployés",
    "Délai moyen avant déploiement",
    "Agents formés",
    "Usagers associés",
]


def wide_table_block():
    """A rich-text table block wider than a phone: a caption, a header row and column."""
    rows = [
        [f"Collectivité n° {n}", f"Promotion {2018 + n}", "12", "8", "5", "14 mois", "36", "120"]
        for n in range(1, 4)
    ]
    return {
        "type": "table",
        "value": {
            "table_caption": "Résultats des promotions par collectivité",
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "data": [WIDE_TABLE_COLUMNS, *rows],
        },
    }


def make_table_page(parent, slug="resultats-des-promotions"):
    """A standard page whose body is a heading, a paragraph and a wide table."""
    return child(
        parent,
        StandardPageFactory,
        slug,
        title="Résultats des promotions",
        body=[
            {"type": "paragraph", "value": "<h2>Les promotions</h2><p>Leurs résultats.</p>"},
            wide_table_block(),
        ],
    )
