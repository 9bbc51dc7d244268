"""Editors' headings follow the page's outline: start under the title, skip no level."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError

from alumni.models import ClubPage, ResourcePage
from cms.blocks import BodyStreamBlock
from cms.headings import HeadingOrderValidator, heading_levels, heading_order_error


@pytest.mark.parametrize(
    "levels, after, fine",
    [
        ([2, 3, 4, 2, 3], 1, True),
        ([2, 4], 1, False),
        ([3], 1, False),
        ([1], 1, False),
        ([3, 4, 3], 2, True),
        ([4], 2, False),
        ([], 1, True),
    ],
)
def test_heading_order(levels, after, fine):
    assert (heading_order_error(levels, after) is None) is fine


def test_the_message_says_which_level_is_missing_in_french():
    message = heading_order_error([2, 4], after=1)
    assert "doit passer par un titre de niveau 3 avant un titre de niveau 4" in message


def test_levels_are_read_from_the_html():
    assert heading_levels("<p>a</p><h2>b</h2><H3 class='x'>c</H3>") == [2, 3]


def test_a_rich_text_field_right_under_the_title_must_start_at_h2():
    validator = HeadingOrderValidator(after=1)
    validator("<h2>Quand s'en servir</h2><h3>Exemple</h3>")
    with pytest.raises(ValidationError) as raised:
        validator("<p>Intro</p><h3>Quand s'en servir</h3>")
    assert "titre de niveau 2 avant un titre de niveau 3" in raised.value.messages[0]


def body(*children):
    block = BodyStreamBlock()
    return block.to_python([{"type": kind, "value": value} for kind, value in children])


def test_a_body_text_after_a_heading_block_continues_its_outline():
    value = body(
        ("heading", {"text": "Le projet", "level": "h2"}),
        ("paragraph", "<p>Texte</p><h3>Détail</h3><h4>Précision</h4>"),
        ("heading", {"text": "La suite", "level": "h2"}),
    )
    assert BodyStreamBlock().clean(value)


def test_a_body_text_that_skips_a_level_is_refused_on_its_own_block():
    value = body(
        ("paragraph", "<p>Introduction</p>"),
        ("paragraph", "<h3>Sans titre de niveau 2 avant</h3>"),
    )
    with pytest.raises(StreamBlockValidationError) as raised:
        BodyStreamBlock().clean(value)
    assert list(raised.value.block_errors) == [1]


def test_a_heading_block_that_skips_a_level_is_refused():
    value = body(
        ("heading", {"text": "Partie", "level": "h2"}),
        ("heading", {"text": "Trop bas", "level": "h4"}),
    )
    with pytest.raises(StreamBlockValidationError) as raised:
        BodyStreamBlock().clean(value)
    assert list(raised.value.block_errors) == [1]


def test_the_library_and_clubs_check_their_rich_texts():
    checks = {
        (ResourcePage, "body"): 1,
        (ResourcePage, "transcript"): 2,
        (ClubPage, "description"): 1,
    }
    for (model, name), after in checks.items():
        assert HeadingOrderValidator(after=after) in model._meta.get_field(name).validators
