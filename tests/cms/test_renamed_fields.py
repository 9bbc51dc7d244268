"""A field renamed in the code keeps what earlier revisions hold (cms.models.RENAMED_FIELDS).

Drafts and revisions saved before `introduction` became `intro` store the old name; a
moderator who publishes or restores one must get its text back, not an empty field.
"""

import pytest

from cms.models import RENAMED_FIELDS
from news.models import EventSectionPage
from tests.factories.projects import ProjectIndexPageFactory

pytestmark = pytest.mark.django_db


def saved_before_the_rename(page, text):
    """A revision of `page` as it was stored while the field was still `introduction`."""
    revision = page.save_revision()
    content = dict(revision.content)
    content.pop("intro", None)
    content["introduction"] = text
    revision.content = content
    revision.save(update_fields=["content"])
    return revision


def test_an_old_revision_gives_back_its_introduction_under_the_new_name(home_page):
    index = ProjectIndexPageFactory(parent=home_page, intro="Texte d'aujourd'hui")
    revision = saved_before_the_rename(index, "Texte d'un brouillon d'avant")

    assert revision.as_object().intro == "Texte d'un brouillon d'avant"


def test_publishing_an_old_draft_keeps_its_text(home_page):
    index = ProjectIndexPageFactory(parent=home_page, intro="")
    saved_before_the_rename(index, "Le brouillon attendait sa validation.").publish()

    index.refresh_from_db()
    assert index.intro == "Le brouillon attendait sa validation."


def test_a_revision_with_both_names_keeps_the_new_one(home_page):
    index = ProjectIndexPageFactory(parent=home_page, intro="Nouveau")
    revision = index.save_revision()
    revision.content = {**revision.content, "introduction": "Ancien"}
    revision.save(update_fields=["content"])

    assert revision.as_object().intro == "Nouveau"


def test_every_renamed_field_exists_under_its_new_name():
    for new_name in RENAMED_FIELDS.values():
        assert EventSectionPage._meta.get_field(new_name).column == "introduction"
