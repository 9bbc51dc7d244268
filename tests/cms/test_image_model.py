import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.models import CustomImage


def make_image(**fields):
    return CustomImage.objects.create(
        title="Atelier", file=get_test_image_file(filename="atelier.png"), **fields
    )


def test_image_model_is_the_custom_one():
    assert get_image_model() is CustomImage


@pytest.mark.django_db
def test_alt_text_is_required_unless_decorative():
    image = CustomImage(title="Atelier", file=get_test_image_file(filename="a.png"))
    with pytest.raises(ValidationError) as error:
        image.clean()
    assert "texte alternatif est obligatoire" in str(error.value)
    image.is_decorative = True
    image.clean()


@pytest.mark.django_db
def test_templates_use_the_images_own_alt_text():
    image = make_image(alt_text="Des agents autour d'un tableau de post-it")
    html = Template("{% load cms_tags %}{% responsive_picture image 'width-400' %}").render(
        Context({"image": image})
    )
    assert 'alt="Des agents autour d&#x27;un tableau de post-it"' in html
    assert "<picture>" in html
    assert "image/webp" in html
    assert "image/avif" not in html  # test settings skip the slow AVIF encoding


@pytest.mark.django_db
def test_decorative_image_has_empty_alt():
    image = make_image(alt_text="ignored", is_decorative=True)
    html = Template("{% load cms_tags %}{% responsive_picture image 'width-400' %}").render(
        Context({"image": image})
    )
    assert 'alt=""' in html


@pytest.mark.django_db
def test_admin_image_form_refuses_a_missing_alt_text(admin_client, home_page):
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Sans alternative",
            "file": get_test_image_file(filename="sans-alt.png"),
            "collection": 1,
        },
    )
    assert CustomImage.objects.filter(title="Sans alternative").count() == 0
    assert "texte alternatif est obligatoire" in response.content.decode()
