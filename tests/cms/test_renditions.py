"""No rendition is made during an anonymous request (issue 14, target 6).

Every spec a template asks for is declared in cms.renditions; an image gets every
declared rendition when it is saved, when its focal point changes and when it becomes
public; the public pages then render without making one (and without a warning); a
rendition deleted behind the site's back is made again, with a warning.
"""

import io
import logging
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import Filter
from wagtail.models import Collection

from alumni.models import StoryIndexPage, StoryPage
from cms import renditions
from cms.models import CustomImage, CustomRendition
from cms.publicity import refresh_image_publicity
from tests.factories.alumni import Client, committed, image_upload, publish
from tests.factories.cms import ImageFactory
from tests.factories.whole_site import build_every_page_type

from .editorial import make_user

pytestmark = pytest.mark.django_db

WARNING = "rendition generated during a public request"
# {% responsive_picture image "spec" ... %}, {% image image spec ... %}, {% picture ... %}
TAG = re.compile(r"{%\s*(responsive_picture|image|picture|srcset_image)\s+(.*?)%}", re.S)


# --- the registry covers every template ------------------------------------------------


def template_dirs():
    """templates/ and the template folders of the project's own apps."""
    base = Path(settings.BASE_DIR)
    dirs = [base / "templates"]
    for config in apps.get_app_configs():
        path = Path(config.path)
        own = path.is_relative_to(base) and "site-packages" not in path.parts
        if own and (path / "templates").is_dir():
            dirs.append(path / "templates")
    return dirs


def specs_in(text):
    """[(line, tag, spec or None when the spec is not a literal)] of a template's text."""
    found = []
    for match in TAG.finditer(text):
        tag, arguments = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        tokens = arguments.split()[1:]  # the image comes first
        if tag == "responsive_picture":
            spec = tokens[0] if tokens else ""
            literal = re.fullmatch(r"""(["'])(.+)\1""", spec)
            found.append((line, tag, literal.group(2) if literal else None))
        else:  # Wagtail's tags: the filter specs until the first name=value or "as"
            parts = []
            for token in tokens:
                if "=" in token or token == "as":
                    break
                parts.append(token.strip("\"'"))
            found.append((line, tag, "|".join(parts) or None))
    return found


def unregistered(paths):
    problems = []
    for path in paths:
        for line, tag, spec in specs_in(path.read_text(encoding="utf-8")):
            if spec is None:
                problems.append(f"{path}:{line}: {tag} without a literal spec")
            elif tag != "responsive_picture" or not renditions.is_registered(spec):
                problems.append(
                    f"{path}:{line}: {tag} {spec!r} is not in cms.renditions.RENDITION_SPECS"
                    if tag == "responsive_picture"
                    else f"{path}:{line}: use responsive_picture (declared specs), not {tag}"
                )
    return problems


def test_every_template_spec_is_declared_in_the_registry():
    paths = [p for d in template_dirs() for p in sorted(d.rglob("*.html"))]
    used = [s for p in paths for _line, _tag, s in specs_in(p.read_text(encoding="utf-8"))]
    # The covers' two includes (cms.covers), the image block, the logo, the story form.
    assert len(used) >= 5, "the scan finds the site's pictures"
    problems = unregistered(paths)
    assert not problems, "\n".join(problems)


def test_a_spec_missing_from_the_registry_is_reported_with_its_file_and_line(tmp_path):
    template = tmp_path / "card.html"
    template.write_text(
        "{% load cms_tags wagtailimages_tags %}\n<div>\n"
        '{% responsive_picture page.image "fill-123x45" loading="lazy" %}\n'
        "{% responsive_picture page.image spec %}{% image page.image fill-80x80 as x %}\n",
        encoding="utf-8",
    )
    problems = unregistered([template])
    assert problems == [
        f"{template}:3: responsive_picture 'fill-123x45' is not in cms.renditions.RENDITION_SPECS",
        f"{template}:4: responsive_picture without a literal spec",
        f"{template}:4: use responsive_picture (declared specs), not image",
    ]


def test_the_api_rendition_fields_are_declared_too():
    fields = [
        (model, field.serializer)
        for model in apps.get_models()
        for field in getattr(model, "api_fields", None) or []
        if isinstance(getattr(field, "serializer", None), ImageRenditionField)
    ]
    assert fields, "the story API shows its image"
    for model, serializer in fields:
        assert isinstance(serializer, renditions.DeclaredImageRenditionField), model
        assert serializer.filter_spec in renditions.registered_filter_specs(), model


def test_every_declared_spec_comes_in_every_picture_format():
    specs = renditions.registered_filter_specs()
    assert "fill-640x360|format-webp" in specs and "fill-640x360|format-jpeg" in specs
    assert "fill-1280x720|format-webp" in specs
    for spec in specs:
        Filter(spec=spec).operations  # noqa: B018 - raises on an invalid spec
    assert len(specs) == len(set(specs))


# --- made when the image is saved --------------------------------------------------------


def rendition_keys(image):
    return set(image.renditions.values_list("filter_spec", "focal_point_key"))


def expected_keys(image):
    return {
        (spec, Filter(spec=spec).get_cache_key(image))
        for spec in renditions.registered_filter_specs()
    }


def test_a_saved_image_gets_every_declared_rendition_once_committed():
    with committed():
        image = ImageFactory()
        assert not image.renditions.exists()  # made after the commit
    assert rendition_keys(image) == expected_keys(image)
    # Private until a public page uses it: made on the private side.
    assert all(r.is_private for r in image.renditions.all())


def test_a_new_focal_point_replaces_the_cropped_renditions():
    with committed():
        image = ImageFactory()
    before = rendition_keys(image)
    with committed():
        image.focal_point_x, image.focal_point_y = 10, 10
        image.focal_point_width = image.focal_point_height = 20
        image.save()
    after = rendition_keys(image)
    assert after == expected_keys(image)
    assert after != before  # the fill-… ones were cropped anew
    assert CustomRendition.objects.filter(image=image).count() == len(after)


@pytest.fixture
def admin_client(home_page):
    client = Client()
    client.force_login(make_user("administratrice", superuser=True))
    return client


def test_an_upload_and_a_focal_point_set_in_the_admin_make_every_rendition(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Atelier",
            "file": image_upload("atelier.png", size=(320, 200)),
            "collection": Collection.get_first_root_node().pk,
            "alt_text": "Des agents autour d'une table",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    image = CustomImage.objects.get(title="Atelier")
    assert rendition_keys(image) == expected_keys(image)

    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Atelier",
            "collection": image.collection_id,
            "alt_text": "Des agents autour d'une table",
            "tags": "",
            "focal_point_x": 40,
            "focal_point_y": 40,
            "focal_point_width": 30,
            "focal_point_height": 30,
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.focal_point_x == 40
    assert rendition_keys(image) == expected_keys(image)


def test_the_command_fills_what_is_missing_and_changes_nothing_the_second_time(capsys):
    with committed():
        image = ImageFactory()
    image.renditions.filter(filter_spec__startswith="fill-").delete()
    call_command("generate_renditions")
    assert "déclinaison(s) créée(s)" in capsys.readouterr().out
    assert rendition_keys(image) == expected_keys(image)
    ids = set(image.renditions.values_list("pk", flat=True))
    call_command("generate_renditions")
    assert "0 déclinaison(s) créée(s)" in capsys.readouterr().out
    assert set(image.renditions.values_list("pk", flat=True)) == ids


# --- the public pages make none ---------------------------------------------------------


@pytest.fixture
def illustrated_site(home_page):
    """Every page type, and an image on each page that shows one."""
    with committed():
        pages = build_every_page_type(home_page)
        image = {}
        for name in ("project", "news", "event", "block", "training", "story", "logo"):
            image[name] = ImageFactory(title=f"Image {name}", file__width=400, file__height=300)
        project = pages["project"]
        project.cover_image = image["project"]
        project.save_revision().publish()
        news = pages["news"]
        news.cover_image = image["news"]
        news.body = [("image", {"image": image["block"], "caption": "Une légende"})]
        news.save_revision().publish()
        event = pages["event"]
        event.cover_image = image["event"]
        event.save_revision().publish()
        training_page = apps.get_model("news", "TrainingPage").objects.get()
        training_page.cover_image = image["training"]
        training_page.save_revision().publish()
        story = publish(
            StoryIndexPage.objects.get(),
            StoryPage(
                title="Notre équipe a tout revu",
                slug="tout-revu",
                body="<p>Avant, nous ne parlions jamais aux usagers.</p>",
                cover_image=image["story"],
            ),
        )
        collectivity = project.collectivity
        collectivity.logo = image["logo"]
        collectivity.save()
        refresh_image_publicity()
    pages.update(training=training_page, story=story, images=image)
    return pages


def public_urls(site):
    urls = ["/", "/projets/", "/actualites/", "/agenda/", "/alumni/temoignages/"]
    urls += [site[name].url for name in ("project", "news", "event", "training", "story")]
    urls += [site["project"].get_parent().url]  # the collectivité's section: its logo
    urls += ["/api/v2/pages/?type=alumni.StoryPage&fields=image"]
    return urls


def test_the_public_pages_make_no_rendition_and_log_no_warning(illustrated_site, caplog):
    images = illustrated_site["images"]
    for image in images.values():
        image.refresh_from_db()
        assert image.is_public, image.title
        assert rendition_keys(image) == expected_keys(image), image.title
        assert not any(r.is_private for r in image.renditions.all())
    rows = CustomRendition.objects.count()
    client = Client()
    pictures = 0
    with caplog.at_level(logging.WARNING, logger="cms.renditions"):
        for url in public_urls(illustrated_site):
            response = client.get(url)
            assert response.status_code == 200, url
            pictures += response.content.decode().count("<picture>")
    assert pictures >= 9, "the pages show their images"
    assert [r.getMessage() for r in caplog.records if WARNING in r.getMessage()] == []
    assert CustomRendition.objects.count() == rows


@pytest.mark.parametrize(
    "name, spec, url",
    [
        ("project", "fill-640x360|format-webp", "/projets/"),
        ("story", "max-960x640", "/api/v2/pages/?type=alumni.StoryPage&fields=image"),
    ],
)
def test_a_deleted_rendition_is_made_again_with_a_warning(
    illustrated_site, caplog, name, spec, url
):
    image = illustrated_site["images"][name]
    image.renditions.filter(filter_spec=spec).delete()
    with caplog.at_level(logging.WARNING, logger="cms.renditions"):
        response = Client().get(url)
    assert response.status_code == 200
    warnings = [r.getMessage() for r in caplog.records if WARNING in r.getMessage()]
    assert warnings == [f"{WARNING}: image {image.pk}, spec {spec}"]
    assert image.renditions.filter(filter_spec=spec).count() == 1


def test_an_editor_making_a_missing_rendition_is_not_warned_about(illustrated_site, caplog):
    image = illustrated_site["images"]["project"]
    image.renditions.filter(filter_spec="fill-640x360|format-webp").delete()
    client = Client()
    client.force_login(make_user("redactrice", superuser=True))
    with caplog.at_level(logging.WARNING, logger="cms.renditions"):
        assert client.get("/projets/").status_code == 200
    assert not [r for r in caplog.records if WARNING in r.getMessage()]
    assert image.renditions.filter(filter_spec="fill-640x360|format-webp").exists()


def test_an_image_made_public_keeps_its_renditions_moved_to_the_public_side(home_page):
    with committed():
        image = ImageFactory()
    private = {r.pk: r.file.name for r in image.renditions.all()}
    assert private and all(name.startswith("private-renditions/") for name in private.values())
    with committed():
        image.is_public = True
        moved = renditions.relocate_renditions(image)
    assert moved == len(private)
    for rendition in image.renditions.all():
        assert rendition.pk in private  # the same rows, no new encoding
        assert rendition.file.name.startswith("images/")
        assert Path(rendition.file.path).is_file()
        old = Path(settings.PRIVATE_MEDIA_ROOT) / private[rendition.pk]
        assert not old.exists()
    # Private again (its page unpublished): back to the private side, under new names.
    public = {r.pk: r.file.name for r in image.renditions.all()}
    with committed():
        image.is_public = False
        assert renditions.relocate_renditions(image) == len(public)
    for rendition in image.renditions.all():
        assert rendition.file.name.startswith("private-renditions/")
        assert not (Path(settings.MEDIA_ROOT) / public[rendition.pk]).exists()


# --- AVIF encoding speed -----------------------------------------------------------------


def test_avif_renditions_are_encoded_at_the_configured_speed(monkeypatch):
    from PIL import Image as PILImage

    seen = []
    saver = PILImage.SAVE["AVIF"]
    monkeypatch.setitem(
        PILImage.SAVE, "AVIF", lambda image, fp, name: seen.append(image.encoderinfo["speed"])
    )
    try:
        renditions.use_avif_speed(9)
        PILImage.new("RGB", (8, 8)).save(io.BytesIO(), "AVIF")
        PILImage.new("RGB", (8, 8)).save(io.BytesIO(), "AVIF", speed=3)
    finally:
        PILImage.register_save("AVIF", saver)
        renditions.use_avif_speed(settings.EMI_AVIF_SPEED)
    assert seen == [9, 3], "the site's speed, unless a caller asks for its own"
    assert settings.EMI_AVIF_SPEED == 7
