"""The benchmark's collectivités, cohorts, themes, image pool and projects."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw
from wagtail.models import Collection

from cms.models import Collectivity, CustomImage
from cms.sections import registered_sections
from projects.models import (
    Cohort,
    ProjectMilestone,
    ProjectOrigin,
    ProjectPage,
    ProjectStatus,
    ProjectTag,
    ProjectTheme,
)

from . import plan
from .tree import insert_children

STATUSES = list(ProjectStatus)
COLOURS = [(23, 61, 110), (166, 48, 40), (46, 112, 70), (201, 142, 28), (92, 52, 120)]


def _image_content(number):
    """A 1600×900 JPEG: a coloured field and a few shapes (enough for every rendition)."""
    picture = Image.new("RGB", (1600, 900), COLOURS[number % len(COLOURS)])
    draw = ImageDraw.Draw(picture)
    for step in range(6):
        offset = 120 + step * 220 + number * 17 % 90
        draw.ellipse((offset, 200 + step * 40, offset + 260, 460 + step * 40), fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer


def ensure_images(count):
    """A small pool of public images, reused as covers: renditions are made once each."""
    images = []
    collection = Collection.get_first_root_node()
    for number in range(count):
        name = f"Image de banc d'essai {number:02d}"
        image = CustomImage.objects.filter(title=name).first()
        if image is None:
            image = CustomImage(
                title=name,
                alt_text=f"Illustration {number + 1} du jeu de données d'essai",
                collection=collection,
                is_public=True,
                file=ImageFile(_image_content(number), name=f"banc-{number:02d}.jpg"),
            )
            image.save()
        images.append(image)
    return images


def ensure_collectivities(count, progress):
    """`count` collectivités, each with its section under every registered index.

    Written in bulk, without the groups and workflow that `add_collectivity` gives an
    editorial space (one `apply_roles` per collectivité would cost minutes): the
    benchmark reads public pages only.
    """
    slugs = [f"essai-{number:03d}" for number in range(count)]
    existing = set(Collectivity.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Collectivity.objects.bulk_create(
        Collectivity(
            name=f"{plan.NAME_PREFIX} {number:03d}",
            short_name=f"Essai {number:03d}",
            slug=slugs[number],
            kind=Collectivity.KIND_DEPARTEMENT,
            joined_year=2015 + number % 10,
        )
        for number in range(count)
        if slugs[number] not in existing
    )
    progress.created(count - len(existing))
    collectivities = list(Collectivity.objects.filter(slug__in=slugs).order_by("slug"))
    for entry in registered_sections():
        index = entry.index_model.objects.first()
        have = set(
            entry.section_model.objects.filter(collectivity__in=collectivities).values_list(
                "collectivity_id", flat=True
            )
        )
        pages = [
            entry.section_model(title=c.name, slug=c.slug, collectivity=c)
            for c in collectivities
            if c.pk not in have
        ]
        insert_children(index, pages)
        progress.created(len(pages))
    progress.advance(count)
    return collectivities


def sections_by_index(collectivities):
    """{section model: [the collectivités' sections, in the collectivités' order]}."""
    order = {c.pk: i for i, c in enumerate(collectivities)}
    result = {}
    for entry in registered_sections():
        sections = entry.section_model.objects.filter(collectivity_id__in=order)
        result[entry.section_model] = sorted(sections, key=lambda s: order[s.collectivity_id])
    return result


def ensure_cohorts(count, collectivities):
    existing = {c.slug: c for c in Cohort.objects.filter(slug__contains=f"-{plan.PREFIX}-")}
    missing = []
    for number in range(count):
        host = collectivities[number % len(collectivities)]
        slug = f"{host.slug}-{plan.PREFIX}-{number:03d}"
        if slug not in existing:
            year = 2015 + number % 10
            missing.append(
                Cohort(
                    number=100 + number,
                    training_type="longue" if number % 3 else "courte",
                    host_collectivity=host,
                    start_date=datetime.date(year, 1, 15),
                    end_date=datetime.date(year, 11, 30),
                    jury_date=datetime.date(year, 12, 5),
                    slug=slug,
                )
            )
    Cohort.objects.bulk_create(missing)
    return list(Cohort.objects.filter(slug__contains=f"-{plan.PREFIX}-").order_by("slug"))


def ensure_themes():
    themes = []
    for name in plan.THEMES:
        theme = ProjectTheme.objects.filter(name=name).first()
        themes.append(theme or ProjectTheme.objects.create(name=name, slug=slugify(name)))
    return themes


def _project(number, cohorts, images):
    status = STATUSES[number % len(STATUSES)]
    explained = status in (ProjectStatus.NON_RETENU, ProjectStatus.ABANDONNE)
    cohort = cohorts[number % len(cohorts)]
    return ProjectPage(
        title=plan.title("projet", number),
        slug=plan.slug("projet", number),
        summary=f"Un projet d'essai sur {plan.SUBJECTS[number % len(plan.SUBJECTS)]}.",
        problem=plan.paragraph(number),
        people_concerned="Les usagers du service et ses agents.",
        status=status,
        status_explanation="Le service a changé de priorités." if explained else "",
        origin=ProjectOrigin.EMI,
        cohort=cohort,
        recency_date=cohort.jury_date or cohort.start_date,
        cover_image=images[number % len(images)],
        search_description="",
    )


def add_projects(count, sections, context, progress):
    """Projects spread over the collectivités' project sections; their themes and steps."""
    existing = set(
        ProjectPage.objects.filter(slug__startswith=f"projet-{plan.PREFIX}-").values_list(
            "slug", flat=True
        )
    )
    todo = [n for n in range(count) if plan.slug("projet", n) not in existing]
    progress.advance(count - len(todo))
    for start in range(0, len(todo), 1000):
        batch = todo[start : start + 1000]
        by_section = {}
        for number in batch:
            page = _project(number, context["cohorts"], context["images"])
            page.collectivity = sections[number % len(sections)].collectivity
            by_section.setdefault(number % len(sections), []).append((number, page))
        for index, items in by_section.items():
            insert_children(sections[index], [page for _, page in items])
            _add_project_details(items, context["themes"])
        progress.created(len(batch))
        progress.advance(len(batch))
    return todo


def _add_project_details(items, themes):
    tags, steps = [], []
    for number, page in items:
        for offset in (0, 5):
            tags.append(
                ProjectTag(content_object_id=page.pk, tag=themes[(number + offset) % len(themes)])
            )
        year = 2015 + number % 10
        steps.append(
            ProjectMilestone(
                page_id=page.pk, date=datetime.date(year, 12, 5), kind="jury", sort_order=0
            )
        )
    ProjectTag.objects.bulk_create(tags)
    ProjectMilestone.objects.bulk_create(steps)
