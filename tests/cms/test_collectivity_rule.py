"""The collectivité rule (cms.collectivity_rule), checked for every page type that follows it.

A page in a collectivité's section belongs to that collectivité: on save, in the editor
(the field is locked) and after a move to another collectivité's section. A page of EMI's
own, directly under an index, keeps the collectivité its editor chose.
"""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from wagtail.models import Page

from cms.collectivity_rule import collectivity_page_models
from cms.models import Collectivity
from cms.pages import CollectivitySectionMixin
from cms.sections import registered_sections
from tests.factories.projects import make_cohort

pytestmark = pytest.mark.django_db

_counter = itertools.count(1)

# Fields a page type needs beyond what `_required_values` fills in, by model label.
EXTRA_FIELDS = {
    "projects.ProjectPage": lambda: {
        "summary": "Un projet d'innovation publique.",
        "cohort": make_cohort(collectivity("Promotion")),
    },
    "news.PostJuryAnnouncementPage": lambda: {
        "cohort": make_cohort(collectivity("Promotion")),
        "summary": "Les sujets retenus par le jury.",
    },
    "news.NewsPage": lambda: {
        "date": datetime.date(2026, 11, 2),
        "summary": "Une actualité.",
    },
    "news.EventPage": lambda: {
        "event_type": "atelier",
        "summary": "Un atelier.",
        "place_name": "Hôtel du Département",
        "address": "2 avenue du Parc, 95000 Cergy",
        "start": timezone.now() + datetime.timedelta(days=10),
        "end": timezone.now() + datetime.timedelta(days=10, hours=2),
    },
}


def _required_values(model):
    """A value for every required field of `model` that has no default (pages only)."""
    values = {}
    page_fields = {field.name for field in Page._meta.get_fields()}
    for field in model._meta.get_fields():
        if field.name in page_fields or not getattr(field, "concrete", False):
            continue
        if field.auto_created or field.null or field.has_default():
            continue
        if isinstance(field, models.ForeignKey | models.OneToOneField):
            continue
        if getattr(field, "blank", False) and not isinstance(field, models.DateField):
            continue
        if field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = datetime.date(2026, 11, 2)
        elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
            values[field.name] = 1
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = "Texte"
    return values


def build(model, parent, **fields):
    """A `model` page added under `parent` with add_child (what the admin does on create)."""
    number = next(_counter)
    values = _required_values(model)
    values.update(EXTRA_FIELDS.get(model._meta.label, dict)())
    values.update(fields)
    page = model(
        title=values.pop("title", f"{model._meta.verbose_name} {number}"),
        slug=values.pop("slug", f"{model._meta.model_name}-{number}"),
        **values,
    )
    parent.add_child(instance=page)
    return model.objects.get(pk=page.pk)


def collectivity(name):
    slug = f"{name.lower()}-{next(_counter)}"
    return Collectivity.objects.create(name=f"{name} {slug}", slug=slug)


def section_entry(model):
    """The (index, section) types registered for the sections that can hold `model`."""
    parents = model.allowed_parent_page_models()
    for entry in registered_sections():
        if entry.section_model in parents:
            return entry
    raise AssertionError(f"{model._meta.label}: no registered section can hold this page type")


def index_of(entry, home):
    index = entry.index_model.objects.first()
    if index is None:
        index = build(entry.index_model, home)
    return index


def section_of(entry, index, owner):
    return build(entry.section_model, index, title=owner.name, collectivity=owner)


@pytest.fixture
def page_models():
    found = collectivity_page_models()
    labels = {model._meta.label for model in found}
    assert found, "no page type follows the collectivité rule"
    assert {"projects.ProjectPage", "news.NewsPage", "news.EventPage"} <= labels, labels
    return found


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser("moderatrice-regle", "m@example.test", "x")


def edit_form(page, parent, user):
    form_class = type(page).get_edit_handler().get_form_class()
    return form_class(instance=page, parent_page=parent, for_user=user)


def test_a_page_saved_in_a_section_takes_the_sections_collectivite(home_page, page_models):
    for model in page_models:
        entry = section_entry(model)
        somme, other = collectivity("Somme"), collectivity("Oise")
        section = section_of(entry, index_of(entry, home_page), somme)

        page = build(model, section, collectivity=other)
        assert page.collectivity_id == somme.pk, model._meta.label

        page.collectivity = other
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.collectivity_id == somme.pk, model._meta.label


def test_the_editor_locks_the_field_to_the_sections_collectivite(home_page, page_models, moderator):
    for model in page_models:
        entry = section_entry(model)
        somme = collectivity("Somme")
        collectivity("Oise")
        section = section_of(entry, index_of(entry, home_page), somme)
        page = build(model, section)

        field = edit_form(page, section, moderator).fields["collectivity"]
        assert field.disabled, model._meta.label
        assert list(field.queryset) == [somme], model._meta.label


def test_a_page_moved_to_another_collectivites_section_is_resynced(home_page, page_models):
    for model in page_models:
        entry = section_entry(model)
        index = index_of(entry, home_page)
        somme, oise = collectivity("Somme"), collectivity("Oise")
        section_a, section_b = section_of(entry, index, somme), section_of(entry, index, oise)
        page = build(model, section_a)
        assert page.collectivity_id == somme.pk, model._meta.label

        page.move(section_b, pos="last-child")
        page = model.objects.get(pk=page.pk)
        assert page.collectivity_id == oise.pk, model._meta.label


def test_emis_own_page_keeps_the_editors_choice(home_page, page_models, moderator):
    for model in page_models:
        entry = section_entry(model)
        index = index_of(entry, home_page)
        assert not issubclass(index.specific_class, CollectivitySectionMixin)
        chosen = collectivity("Val-d'Oise")
        page = build(model, index, collectivity=chosen)
        assert page.collectivity_id == chosen.pk, model._meta.label

        field = edit_form(page, index, moderator).fields["collectivity"]
        assert not field.disabled, model._meta.label
        assert chosen in field.queryset, model._meta.label
